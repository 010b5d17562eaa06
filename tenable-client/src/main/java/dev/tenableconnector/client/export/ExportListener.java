package dev.tenableconnector.client.export;

/**
 * Hears what an export does, so that a caller can save its id and progress as soon as they exist (a
 * restart then resumes instead of starting a duplicate) and show progress. Calls may come from
 * several threads.
 */
public interface ExportListener {
  ExportListener NONE = new ExportListener() {};

  default void started(ExportApi.StartedExport export) {}

  default void status(ExportStatus status) {}

  default void chunkDone(String exportUuid, ChunkStats stats) {}

  default void chunkRetry(String exportUuid, int chunkId, int attempt, Exception cause) {}

  /**
   * Asked about once every 250 ms: true stops following the export. It is cancelled on Tenable, the
   * chunks being handled are finished, and the export ends {@link ExportOutcome#CANCELLED}.
   */
  default boolean stopRequested() {
    return false;
  }
}

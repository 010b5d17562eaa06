package dev.tenableconnector.core.sync;

import dev.tenableconnector.client.export.ExportStatus;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.RunMode;

/** Hears what a run does, for progress displays. Calls may come from several threads. */
public interface SyncProgress {
  SyncProgress NONE = new SyncProgress() {};

  default void runStarted(long runId, RunMode mode, boolean resumed) {}

  default void exportStarted(String phase, String exportUuid, boolean adopted) {}

  default void exportStatus(String phase, ExportStatus status) {}

  default void chunkStored(String phase, Entity entity, ChunkCounts counts) {}

  /** An export failed in a way that a new export can fix, and a new one is being started. */
  default void exportRestarted(String phase, String outcome, String message) {}
}

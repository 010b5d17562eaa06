package dev.tenableconnector.client.export;

import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.http.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one chunk of an export into the handler: a chunk "not ready" (HTTP 400) is waited for,
 * a broken one (cut off, malformed) downloaded again a bounded number of times, and a chunk that is
 * gone ends the export with {@link ChunkGone}.
 */
final class ChunkDownloader<T> {
  private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);

  private final ExportApi api;
  private final ExportKind<T> kind;
  private final String uuid;
  private final ChunkHandler<T> handler;
  private final ExportListener listener;
  private final ExportOptions options;
  private final Sleeper sleeper;

  ChunkDownloader(
      ExportApi api,
      ExportKind<T> kind,
      String uuid,
      ChunkHandler<T> handler,
      ExportListener listener,
      ExportOptions options,
      Sleeper sleeper) {
    this.api = api;
    this.kind = kind;
    this.uuid = uuid;
    this.handler = handler;
    this.listener = listener;
    this.options = options;
    this.sleeper = sleeper;
  }

  ChunkStats download(int chunkId) throws Exception {
    int notReady = 0;
    for (int attempt = 1; ; attempt++) {
      try (ExportApi.ChunkDownload<T> download = api.chunk(kind, uuid, chunkId, attempt)) {
        StatsCapture<T> chunk = new StatsCapture<>(download.chunk());
        handler.handle(chunk);
        return chunk.stats();
      } catch (TenableApiException e) {
        if (e.error() == TenableError.NOT_FOUND) {
          throw new ChunkGone(
              ExportOutcome.EXPIRED,
              "chunk "
                  + chunkId
                  + " of export "
                  + uuid
                  + " is gone (HTTP 404): the export expired");
        }
        if (e.error() == TenableError.BAD_REQUEST && ++notReady <= ExportRunner.NOT_READY_RETRIES) {
          // Tenable answers 400 for a chunk "not ready for download", even one just listed.
          log.info(
              "chunk {} of {} export {} is not ready yet (HTTP 400); waiting", chunkId, kind, uuid);
          sleeper.sleep(options.pollInitial().multipliedBy(notReady));
          attempt--;
          continue;
        }
        throw e;
      } catch (Exception e) {
        BrokenChunkException broken = brokenCause(e);
        if (broken == null) {
          throw e;
        }
        if (attempt >= options.chunkAttempts()) {
          throw new ChunkGone(
              ExportOutcome.BROKEN_CHUNK,
              "chunk "
                  + chunkId
                  + " of export "
                  + uuid
                  + " stayed broken after "
                  + attempt
                  + " downloads: "
                  + broken.getMessage());
        }
        log.warn(
            "chunk {} of {} export {} is broken ({}); downloading it again",
            chunkId,
            kind,
            uuid,
            broken.getMessage());
        listener.chunkRetry(uuid, chunkId, attempt, broken);
        sleeper.sleep(options.pollInitial());
      }
    }
  }

  private static BrokenChunkException brokenCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BrokenChunkException broken) {
        return broken;
      }
    }
    return null;
  }

  /** Passes a chunk to the handler and keeps what its reading counted. */
  private static final class StatsCapture<T> implements Chunk<T> {
    private final Chunk<T> chunk;
    private ChunkStats stats;

    StatsCapture(Chunk<T> chunk) {
      this.chunk = chunk;
    }

    ChunkStats stats() {
      return stats != null ? stats : new ChunkStats(chunk.id(), 0, 0, 0);
    }

    @Override
    public ExportKind<T> kind() {
      return chunk.kind();
    }

    @Override
    public String exportUuid() {
      return chunk.exportUuid();
    }

    @Override
    public int id() {
      return chunk.id();
    }

    @Override
    public int attempt() {
      return chunk.attempt();
    }

    @Override
    public ChunkStats read(RecordConsumer<T> consumer) throws Exception {
      stats = chunk.read(consumer);
      return stats;
    }
  }
}

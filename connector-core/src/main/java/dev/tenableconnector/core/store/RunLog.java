package dev.tenableconnector.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The sync bookkeeping: the run lock, runs and their exports, chunks done, records set aside, and
 * the delta watermark, which only a completed run moves.
 */
public interface RunLog {
  /** Takes the connector's run lock, or throws {@link RunLockedException} naming the holder. */
  default RunLock lock(String connector) {
    return lock(connector, null);
  }

  /**
   * Takes the connector's run lock and, when {@code account} is given, the Tenable account's:
   * another connector syncing the same account ({@code TenableClient.accountKey()}) is refused too,
   * since its exports and this one's would collide on Tenable's per-account limits.
   */
  RunLock lock(String connector, String account);

  Optional<Instant> watermark(String connector);

  /** Forgets the watermark: the next run is a full import. */
  void resetWatermark(String connector);

  long startRun(
      String connector,
      RunMode mode,
      String scope,
      String preset,
      String settingsJson,
      String mapName,
      Instant watermarkBefore,
      Instant startedAt);

  /** The connector's run that neither completed nor failed (it was interrupted), if any. */
  Optional<RunRecord> unfinishedRun(String connector);

  void markResumed(long runId);

  /** Ends an interrupted run that will not be resumed. */
  void abandonRun(long runId, Instant at, String message);

  RunExport addExport(
      long runId,
      String phase,
      String kind,
      String exportUuid,
      String request,
      int attempt,
      Instant requestedAt,
      Instant dataAsOf);

  void finishExport(
      long exportId, RunExport.Status status, String outcome, String message, Instant at);

  Set<Integer> chunksDone(String exportUuid);

  /** Marks the run completed and moves the connector's watermark, in one transaction. */
  void completeRun(long runId, Instant finishedAt, Instant watermarkAfter);

  /** Marks the run failed; the watermark stays where it was. */
  void failRun(long runId, Instant finishedAt, RunFailure failure);

  Optional<RunRecord> run(long runId);

  /** Newest first; {@code connector} null for every connector. */
  List<RunRecord> runs(String connector, int limit);

  List<RejectedRecord> rejected(long runId, int limit);
}

package dev.tenableconnector.client.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How an export is followed.
 *
 * @param parallelChunks chunks downloaded at once (1 to 16)
 * @param pollInitial the first wait between status polls, and the wait after new chunks appear
 * @param pollMax the cap of the wait between status polls (pyTenable: 30 s)
 * @param pollMultiplier growth of the poll wait while nothing new appears
 * @param queuedTimeout how long an export may stay QUEUED before it is cancelled and reported
 * @param deadline how long following one export may take in all
 * @param chunkAttempts downloads of one chunk before a broken body fails the export
 */
public record ExportOptions(
    int parallelChunks,
    Duration pollInitial,
    Duration pollMax,
    double pollMultiplier,
    Duration queuedTimeout,
    Duration deadline,
    int chunkAttempts) {

  public static ExportOptions defaults() {
    return new ExportOptions(
        2,
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        1.5,
        Duration.ofHours(2),
        Duration.ofHours(12),
        3);
  }

  public ExportOptions {
    List<String> problems = new ArrayList<>();
    if (parallelChunks < 1 || parallelChunks > 16) {
      problems.add("parallelChunks must be between 1 and 16 (was " + parallelChunks + ")");
    }
    if (pollInitial == null || pollInitial.isNegative()) {
      problems.add("pollInitial must be zero or positive");
    }
    if (pollMax == null || pollInitial != null && pollMax.compareTo(pollInitial) < 0) {
      problems.add("pollMax must be at least pollInitial");
    }
    if (pollMultiplier < 1.0) {
      problems.add("pollMultiplier must be at least 1.0");
    }
    if (queuedTimeout == null || queuedTimeout.isNegative() || queuedTimeout.isZero()) {
      problems.add("queuedTimeout must be positive");
    }
    if (deadline == null || deadline.isNegative() || deadline.isZero()) {
      problems.add("deadline must be positive");
    }
    if (chunkAttempts < 1) {
      problems.add("chunkAttempts must be at least 1");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid export options: " + String.join("; ", problems));
    }
  }

  public ExportOptions withParallelChunks(int n) {
    return new ExportOptions(
        n, pollInitial, pollMax, pollMultiplier, queuedTimeout, deadline, chunkAttempts);
  }

  public ExportOptions withPolling(Duration initial, Duration max) {
    return new ExportOptions(
        parallelChunks, initial, max, pollMultiplier, queuedTimeout, deadline, chunkAttempts);
  }

  public ExportOptions withTimeouts(Duration queued, Duration total) {
    return new ExportOptions(
        parallelChunks, pollInitial, pollMax, pollMultiplier, queued, total, chunkAttempts);
  }

  public ExportOptions withChunkAttempts(int attempts) {
    return new ExportOptions(
        parallelChunks, pollInitial, pollMax, pollMultiplier, queuedTimeout, deadline, attempts);
  }
}

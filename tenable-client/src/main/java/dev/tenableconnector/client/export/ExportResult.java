package dev.tenableconnector.client.export;

import java.time.Duration;
import java.util.Set;

/**
 * The end of following one export: its outcome, a message saying why, the chunks handled (those
 * done before a resume included), and what they held.
 */
public record ExportResult(
    ExportKind<?> kind,
    String exportUuid,
    ExportOutcome outcome,
    String message,
    Set<Integer> chunksDone,
    long records,
    long rejected,
    long bytes,
    Duration elapsed,
    ExportStatus lastStatus) {

  public double recordsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : records / seconds;
  }
}

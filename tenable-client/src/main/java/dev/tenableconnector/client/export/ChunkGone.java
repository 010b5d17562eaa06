package dev.tenableconnector.client.export;

/** A chunk that cannot be had: the export must be requested again. */
final class ChunkGone extends Exception {
  private final ExportOutcome outcome;

  ChunkGone(ExportOutcome outcome, String message) {
    super(message);
    this.outcome = outcome;
  }

  ExportOutcome outcome() {
    return outcome;
  }
}

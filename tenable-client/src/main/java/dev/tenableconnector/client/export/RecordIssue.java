package dev.tenableconnector.client.export;

/**
 * A record that was set aside: where it was (export, chunk, 0-based position in the chunk's array),
 * why, and an excerpt of its JSON so that a person can see what came.
 */
public record RecordIssue(
    String exportUuid, int chunkId, int position, String reason, String excerpt) {
  @Override
  public String toString() {
    return "export " + exportUuid + " chunk " + chunkId + " record " + position + ": " + reason;
  }
}

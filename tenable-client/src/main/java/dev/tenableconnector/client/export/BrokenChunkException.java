package dev.tenableconnector.client.export;

/**
 * A chunk body that was cut off or is not a valid JSON array. Records already handed out from it
 * must be discarded by the consumer (it should roll back); the chunk is then downloaded again.
 */
public class BrokenChunkException extends RuntimeException {
  private final int chunkId;

  public BrokenChunkException(int chunkId, String message, Throwable cause) {
    super("chunk " + chunkId + ": " + message, cause);
    this.chunkId = chunkId;
  }

  public int chunkId() {
    return chunkId;
  }
}

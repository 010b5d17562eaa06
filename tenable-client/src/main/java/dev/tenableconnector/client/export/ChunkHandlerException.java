package dev.tenableconnector.client.export;

/** A checked exception thrown by a {@link ChunkHandler}, carried out of the export unchanged. */
public class ChunkHandlerException extends RuntimeException {
  public ChunkHandlerException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.tenableconnector.client.export;

/**
 * Applies one chunk, typically in one transaction. The export counts the chunk as done when this
 * returns. When it throws a {@link BrokenChunkException} (from {@link Chunk#read}) it must have
 * undone its work on the chunk, which is then downloaded again; any other exception stops the
 * export and reaches the caller.
 */
@FunctionalInterface
public interface ChunkHandler<T> {
  void handle(Chunk<T> chunk) throws Exception;
}

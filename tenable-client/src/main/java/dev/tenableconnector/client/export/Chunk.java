package dev.tenableconnector.client.export;

/**
 * One downloaded chunk whose records are still on the socket. {@link #read} streams them, one at a
 * time, through the parser into the consumer; nothing holds the whole chunk. It can be read once.
 */
public interface Chunk<T> {
  ExportKind<T> kind();

  String exportUuid();

  int id();

  /** 1 for the first download of this chunk, more when a broken body made us download it again. */
  int attempt();

  /**
   * Streams every record to the consumer. Throws {@link BrokenChunkException} when the body is cut
   * off or not valid JSON (records already delivered must then be discarded), and rethrows what the
   * consumer throws.
   */
  ChunkStats read(RecordConsumer<T> consumer) throws Exception;
}

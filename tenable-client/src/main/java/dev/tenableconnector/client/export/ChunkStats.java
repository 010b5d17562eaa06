package dev.tenableconnector.client.export;

/** What one chunk held: records handed to the consumer and records set aside. */
public record ChunkStats(int chunkId, long records, long rejected, long bytes) {}

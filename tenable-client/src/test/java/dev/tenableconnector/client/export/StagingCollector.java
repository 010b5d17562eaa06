package dev.tenableconnector.client.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chunk handler that behaves like a transactional store: records are staged while a chunk is read
 * and committed only when the whole chunk was read; a broken chunk's staged records are dropped. It
 * fails the test if a chunk is committed twice.
 */
final class StagingCollector<T> implements ChunkHandler<T> {
  final Map<Integer, List<T>> committed = new TreeMap<>();
  final List<RecordIssue> issues = new ArrayList<>();
  final AtomicInteger broken = new AtomicInteger();

  @Override
  public void handle(Chunk<T> chunk) throws Exception {
    List<T> staged = new ArrayList<>();
    List<RecordIssue> stagedIssues = new ArrayList<>();
    try {
      chunk.read(
          new RecordConsumer<>() {
            @Override
            public void record(T record) {
              staged.add(record);
            }

            @Override
            public void rejected(RecordIssue issue) {
              stagedIssues.add(issue);
            }
          });
    } catch (BrokenChunkException e) {
      broken.incrementAndGet();
      throw e;
    }
    synchronized (this) {
      if (committed.put(chunk.id(), staged) != null) {
        throw new AssertionError("chunk " + chunk.id() + " committed twice");
      }
      issues.addAll(stagedIssues);
    }
  }

  synchronized List<T> all() {
    List<T> all = new ArrayList<>();
    committed.values().forEach(all::addAll);
    return all;
  }
}

package dev.tenableconnector.client.export;

/** Receives the records of one chunk as they are parsed, and the ones set aside. */
public interface RecordConsumer<T> {
  void record(T record) throws Exception;

  /** A record that is not an object or whose values cannot be read; the chunk goes on. */
  default void rejected(RecordIssue issue) throws Exception {}
}

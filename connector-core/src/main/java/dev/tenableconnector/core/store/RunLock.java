package dev.tenableconnector.core.store;

/** The one-run-per-connector lock, held until closed; it keeps its heartbeat fresh meanwhile. */
public interface RunLock extends AutoCloseable {
  String connector();

  @Override
  void close();
}

package dev.tenableconnector.core.store;

/** The one-run-per-connector lock, held until closed; it keeps its heartbeat fresh meanwhile. */
public interface RunLock extends AutoCloseable {
  String connector();

  @Override
  void close();

  /** The lock of {@code connector}, let go by {@code release}. */
  static RunLock of(String connector, Runnable release) {
    return new RunLock() {
      @Override
      public String connector() {
        return connector;
      }

      @Override
      public void close() {
        release.run();
      }
    };
  }
}

package dev.tenableconnector.core.store;

/** Another live process (or another run in this one) holds the connector's run lock. */
public final class RunLockedException extends RuntimeException {
  public RunLockedException(String message) {
    super(message);
  }
}

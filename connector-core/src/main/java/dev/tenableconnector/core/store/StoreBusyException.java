package dev.tenableconnector.core.store;

/** Every connection for queries stayed in use for the whole wait: try again shortly. */
public final class StoreBusyException extends StoreException {
  StoreBusyException(String message) {
    super(message, null);
  }
}

package dev.tenableconnector.core.store;

/** The inventory store failed: the database cannot be opened, read or written. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

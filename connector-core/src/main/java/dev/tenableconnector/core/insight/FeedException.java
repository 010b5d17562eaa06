package dev.tenableconnector.core.insight;

/** A feed file that is not the feed it should be, or cannot be read: nothing of it is imported. */
public final class FeedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FeedException(String message) {
    super(message);
  }
}

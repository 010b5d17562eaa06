package dev.tenableconnector.core.query;

/** A query that cannot be read: where (0-based character position) and what was expected. */
public final class QueryException extends IllegalArgumentException {
  private final int position;

  public QueryException(int position, String message) {
    super("at " + position + ": " + message);
    this.position = position;
  }

  public int position() {
    return position;
  }
}

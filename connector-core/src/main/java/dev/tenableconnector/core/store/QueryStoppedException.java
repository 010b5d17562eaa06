package dev.tenableconnector.core.store;

/** A read ended early: it ran past its {@link QueryBudget}, or was cancelled. */
public final class QueryStoppedException extends StoreException {
  private final boolean overBudget;

  QueryStoppedException(boolean overBudget, String message) {
    super(message, null);
    this.overBudget = overBudget;
  }

  /**
   * True when the query itself was too slow; false when it was cancelled (the service stopping).
   */
  public boolean overBudget() {
    return overBudget;
  }
}

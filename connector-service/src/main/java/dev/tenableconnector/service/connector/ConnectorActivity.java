package dev.tenableconnector.service.connector;

/** What the connector registry tells the scheduler, and asks it. */
public interface ConnectorActivity {
  ConnectorActivity NONE = new ConnectorActivity() {};

  /** Whether a run of the connector is queued or running. */
  default boolean busy(String id) {
    return false;
  }

  /** The connector was created or edited: recompute its next run. */
  default void changed(Connector connector) {}

  /**
   * Cancels the connector's run, if any, and waits up to {@code wait} for it to end; true when none
   * is left.
   */
  default boolean cancelAndWait(String id, String by, java.time.Duration wait) {
    return !busy(id);
  }
}

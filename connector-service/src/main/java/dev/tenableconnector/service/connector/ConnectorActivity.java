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
}

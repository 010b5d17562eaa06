package dev.tenableconnector.service.connector;

import dev.tenableconnector.service.registry.ConnectorRow;

/** A stored connector with its configuration read: what the scheduler runs and the API shows. */
public record Connector(ConnectorRow row, ConnectorConfig config) {
  public static Connector of(ConnectorRow row) {
    return new Connector(row, ConnectorConfig.fromJson(row.settings()));
  }

  public String id() {
    return row.id();
  }

  public String name() {
    return row.name();
  }

  public ConnectorState state() {
    return ConnectorState.valueOf(row.state());
  }

  public boolean enabled() {
    return row.enabled();
  }
}

package dev.tenableconnector.service.registry;

import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The managed connectors and the service's own settings, kept in the inventory database so one file
 * (or one PostgreSQL database) holds everything. Configuration edits and run-state changes are
 * separate writes, so an edit never overwrites the state a running sync just set.
 */
public interface ConnectorRegistry {
  /**
   * The registry kept in the store's database. Its tables come with the store's migrations, so an
   * inventory and its connectors share one schema history.
   */
  static ConnectorRegistry in(InventoryStore store) {
    return new JdbcConnectorRegistry(store.sql());
  }

  List<ConnectorRow> list();

  Optional<ConnectorRow> get(String id);

  /** By name, ignoring case. */
  Optional<ConnectorRow> byName(String name);

  /** Throws {@link StoreException} when the name is taken. */
  void insert(ConnectorRow row);

  /** Writes the configuration columns (name to keys, account, settings, enabled, tested). */
  void updateConfiguration(ConnectorRow row);

  void updateState(String id, String state, Long lastRunId, String lastError, Instant at);

  void updateNextRun(String id, Instant nextRunAt);

  /**
   * Moves the next run on only if it is still {@code expected}: of several service instances
   * sharing the database, exactly one wins each scheduled run.
   */
  boolean claimNextRun(String id, Instant expected, Instant next);

  void updateRetainDelta(String id, boolean retainDelta);

  boolean delete(String id);

  Optional<String> setting(String name);

  void putSetting(String name, String value);
}

package dev.tenableconnector.service.registry;

import static dev.tenableconnector.core.store.Jdbc.bind;
import static dev.tenableconnector.core.store.Jdbc.instant;
import static dev.tenableconnector.core.store.Jdbc.querySingle;

import dev.tenableconnector.core.store.SqlAccess;
import dev.tenableconnector.core.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link ConnectorRegistry} in SQL that SQLite and PostgreSQL share, on the store's bookkeeping
 * connections.
 */
final class JdbcConnectorRegistry implements ConnectorRegistry {
  private static final String COLUMNS =
      "id, name, description, tenable_url, access_key_cipher,"
          + " secret_key_cipher, key_fingerprint, account_user, account_container, account_label, settings,"
          + " retain_delta, enabled, state, state_changed_at, next_run_at, last_run_id, last_error, tested_at, created_at,"
          + " updated_at, keys_updated_at";

  private final SqlAccess sql;

  JdbcConnectorRegistry(SqlAccess sql) {
    this.sql = sql;
  }

  @Override
  public List<ConnectorRow> list() {
    return sql.write(
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement("SELECT " + COLUMNS + " FROM connectors ORDER BY name_key");
              ResultSet rs = s.executeQuery()) {
            List<ConnectorRow> rows = new ArrayList<>();
            while (rs.next()) {
              rows.add(read(rs));
            }
            return rows;
          }
        });
  }

  @Override
  public Optional<ConnectorRow> get(String id) {
    return sql.write(
        c ->
            querySingle(
                c,
                "SELECT " + COLUMNS + " FROM connectors WHERE id = ?",
                JdbcConnectorRegistry::read,
                id));
  }

  @Override
  public Optional<ConnectorRow> byName(String name) {
    return sql.write(
        c ->
            querySingle(
                c,
                "SELECT " + COLUMNS + " FROM connectors WHERE name_key = ?",
                JdbcConnectorRegistry::read,
                nameKey(name)));
  }

  @Override
  public void insert(ConnectorRow r) {
    update(
        "INSERT INTO connectors ("
            + COLUMNS
            + ", name_key) VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.id(),
        r.name(),
        r.description(),
        r.tenableUrl(),
        r.accessKeyCipher(),
        r.secretKeyCipher(),
        r.keyFingerprint(),
        r.accountUser(),
        r.accountContainer(),
        r.accountLabel(),
        r.settings(),
        r.retainDelta() ? 1 : 0,
        r.enabled() ? 1 : 0,
        r.state(),
        text(r.stateChangedAt()),
        text(r.nextRunAt()),
        r.lastRunId(),
        r.lastError(),
        text(r.testedAt()),
        text(r.createdAt()),
        text(r.updatedAt()),
        text(r.keysUpdatedAt()),
        nameKey(r.name()));
  }

  @Override
  public void updateConfiguration(ConnectorRow r) {
    update(
        "UPDATE connectors SET name = ?, name_key = ?, description = ?, tenable_url = ?,"
            + " access_key_cipher = ?, secret_key_cipher = ?, key_fingerprint = ?, account_user = ?,"
            + " account_container = ?, account_label = ?, settings = ?, enabled = ?, tested_at = ?,"
            + " updated_at = ?, keys_updated_at = ? WHERE id = ?",
        r.name(),
        nameKey(r.name()),
        r.description(),
        r.tenableUrl(),
        r.accessKeyCipher(),
        r.secretKeyCipher(),
        r.keyFingerprint(),
        r.accountUser(),
        r.accountContainer(),
        r.accountLabel(),
        r.settings(),
        r.enabled() ? 1 : 0,
        text(r.testedAt()),
        text(r.updatedAt()),
        text(r.keysUpdatedAt()),
        r.id());
  }

  @Override
  public void updateState(String id, String state, Long lastRunId, String lastError, Instant at) {
    update(
        "UPDATE connectors SET state = ?, state_changed_at = ?, last_run_id = COALESCE(?, last_run_id),"
            + " last_error = ? WHERE id = ?",
        state,
        text(at),
        lastRunId,
        lastError,
        id);
  }

  @Override
  public void updateNextRun(String id, Instant nextRunAt) {
    update("UPDATE connectors SET next_run_at = ? WHERE id = ?", text(nextRunAt), id);
  }

  @Override
  public boolean claimNextRun(String id, Instant expected, Instant next) {
    return update(
            "UPDATE connectors SET next_run_at = ? WHERE id = ? AND next_run_at = ?",
            text(next),
            id,
            text(expected))
        == 1;
  }

  @Override
  public void updateRetainDelta(String id, boolean retainDelta) {
    update("UPDATE connectors SET retain_delta = ? WHERE id = ?", retainDelta ? 1 : 0, id);
  }

  @Override
  public boolean delete(String id) {
    return update("DELETE FROM connectors WHERE id = ?", id) > 0;
  }

  @Override
  public Optional<String> setting(String name) {
    return sql.write(
        c ->
            querySingle(
                c,
                "SELECT value FROM service_settings WHERE name = ?",
                rs -> rs.getString(1),
                name));
  }

  @Override
  public void putSetting(String name, String value) {
    update(
        "INSERT INTO service_settings (name, value) VALUES (?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        name,
        value);
  }

  private int update(String statement, Object... args) {
    try {
      return sql.write(
          c -> {
            try (PreparedStatement s = c.prepareStatement(statement)) {
              bind(s, args);
              return s.executeUpdate();
            }
          });
    } catch (StoreException e) {
      if (e.getMessage() != null && e.getMessage().contains("name_key")) {
        throw new StoreException("a connector with this name exists already", e.getCause());
      }
      throw e;
    }
  }

  private static ConnectorRow read(ResultSet rs) throws SQLException {
    long lastRun = rs.getLong("last_run_id");
    Long lastRunId = rs.wasNull() ? null : lastRun;
    return new ConnectorRow(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("tenable_url"),
        rs.getBytes("access_key_cipher"),
        rs.getBytes("secret_key_cipher"),
        rs.getString("key_fingerprint"),
        rs.getString("account_user"),
        rs.getString("account_container"),
        rs.getString("account_label"),
        rs.getString("settings"),
        rs.getInt("retain_delta") != 0,
        rs.getInt("enabled") != 0,
        rs.getString("state"),
        instant(rs.getString("state_changed_at")),
        instant(rs.getString("next_run_at")),
        lastRunId,
        rs.getString("last_error"),
        instant(rs.getString("tested_at")),
        instant(rs.getString("created_at")),
        instant(rs.getString("updated_at")),
        instant(rs.getString("keys_updated_at")));
  }

  private static String nameKey(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}

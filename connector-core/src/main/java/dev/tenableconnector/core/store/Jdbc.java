package dev.tenableconnector.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/**
 * The few JDBC idioms the stores (and the service's registry) repeat: a transaction, one-row
 * queries, null-aware binds.
 */
public final class Jdbc {
  private Jdbc() {}

  /** Work on a connection, inside {@link #inTransaction}. */
  public interface SqlWork<T> {
    T run() throws SQLException;
  }

  public interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * Runs {@code work} as one transaction on {@code c}: committed whole or rolled back. Without it a
   * batch on a connection in auto-commit is one transaction per row (on SQLite, each rewriting its
   * pages in the log).
   */
  public static <T> T inTransaction(Connection c, SqlWork<T> work) {
    try {
      c.setAutoCommit(false);
      T result;
      try {
        result = work.run();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        // SQLite may have rolled back already (SQLITE_FULL does): the cause is the first error,
        // not "no transaction is active" from the rollback or the switch back to auto-commit.
        try {
          c.rollback();
        } catch (SQLException again) {
          e.addSuppressed(again);
        }
        try {
          c.setAutoCommit(true);
        } catch (SQLException again) {
          e.addSuppressed(again);
        }
        throw e;
      }
      c.setAutoCommit(true);
      return result;
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }

  public static <T> Optional<T> querySingle(
      Connection c, String sql, RowReader<T> reader, Object... args) {
    synchronized (c) {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        bind(s, args);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.ofNullable(reader.read(rs)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw new StoreException("database error: " + e.getMessage(), e);
      }
    }
  }

  public static void bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg == null) {
        s.setNull(i + 1, Types.NULL); // untyped, so PostgreSQL takes it for a column of any type
      } else if (arg instanceof Long l) {
        s.setLong(i + 1, l);
      } else if (arg instanceof Integer n) {
        s.setInt(i + 1, n);
      } else if (arg instanceof byte[] bytes) {
        s.setBytes(i + 1, bytes);
      } else if (arg instanceof java.math.BigDecimal number) {
        s.setBigDecimal(i + 1, number);
      } else if (arg instanceof Double d) {
        s.setDouble(i + 1, d);
      } else if (arg instanceof Boolean b) {
        s.setBoolean(i + 1, b);
      } else {
        s.setString(i + 1, arg.toString());
      }
    }
  }

  static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setLong(index, value);
    }
  }

  static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value.toString());
    }
  }

  public static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}

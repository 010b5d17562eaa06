package dev.tenableconnector.core.store;

import static dev.tenableconnector.core.store.Jdbc.bind;
import static dev.tenableconnector.core.store.Jdbc.inTransaction;

import dev.tenableconnector.core.query.SqlDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * How a JDBC store works on its database: bookkeeping writes and budgeted reads on connections the
 * engine hands out, stopping reads, and noting damage to the database file.
 */
public abstract class JdbcStore implements InventoryStore {
  /** Work on one connection. */
  public interface Work<T> extends SqlAccess.Work<T> {}

  @Override
  public final SqlAccess sql() {
    return new SqlAccess() {
      @Override
      public <T> T write(SqlAccess.Work<T> work) {
        return JdbcStore.this.write(work::run);
      }
    };
  }

  /** Bookkeeping writes (and reads that must see them), serialized where the engine needs it. */
  protected abstract <T> T write(Work<T> work);

  /** Reads on a connection of their own. */
  protected final <T> T read(Work<T> work) {
    return read(QueryBudget.unlimited(), work);
  }

  /**
   * Runs a read on a query connection within the budget. Waiting for a free connection is bounded
   * ({@link StoreBusyException}); a budget that runs out ends the read with {@link
   * QueryStoppedException}.
   */
  protected abstract <T> T read(QueryBudget budget, Work<T> work);

  private volatile String damage;

  @Override
  public Optional<String> damage() {
    return Optional.ofNullable(damage);
  }

  /** A read's failure as the store reports it, noting damage to the database on the way. */
  protected final StoreException failure(Exception e) {
    noteDamage(e);
    return e instanceof StoreException se
        ? se
        : new StoreException("database error: " + e.getMessage(), e);
  }

  /** Keeps the first error that says the database itself is damaged; returns the error. */
  protected final <E extends Exception> E noteDamage(E error) {
    if (damage == null) {
      for (Throwable t = error; t != null; t = t.getCause()) {
        String text = String.valueOf(t.getMessage());
        String state = t instanceof SQLException sql ? sql.getSQLState() : null;
        if (text.contains("SQLITE_CORRUPT")
            || text.contains("SQLITE_NOTADB")
            || text.contains("malformed")
            || "XX001".equals(state)
            || "XX002".equals(state)) {
          damage =
              "the inventory database is damaged ("
                  + text.strip()
                  + "); restore it from a backup or"
                  + " rebuild it with a full sync into a new file";
          break;
        }
      }
    }
    return error;
  }

  /** The longest a read waits for a free query connection before {@link StoreBusyException}. */
  protected static final java.time.Duration QUERY_WAIT = java.time.Duration.ofSeconds(30);

  /**
   * How long this read may wait for a query connection: its own time limit, at most {@link
   * #QUERY_WAIT}. Under load (200 clients paging and downloading at once) a wait of 5 s turned
   * queued pages into 503s although each would have been served within seconds.
   */
  protected static java.time.Duration connectionWait(QueryBudget budget) {
    java.time.Duration limit = budget.limit();
    return limit == null || limit.compareTo(QUERY_WAIT) > 0 ? QUERY_WAIT : limit;
  }

  /** The reads running now, so that {@link #stopQueries} reaches them. */
  protected final java.util.Set<QueryBudget> running =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  @Override
  public void stopQueries(String why) {
    for (QueryBudget budget : running) {
      budget.cancel(why);
      onCancel(budget);
    }
  }

  /** Engine-specific work to stop a cancelled read at once (PostgreSQL: a cancel request). */
  protected void onCancel(QueryBudget budget) {}

  /** The SQL the inventory query language compiles to on this engine. */
  protected abstract SqlDialect dialect();

  /** Inserts one row and returns its generated id (the table's first column). */
  protected long insertReturningId(String sql, Object... args) {
    return write(
        c ->
            inTransaction(
                c,
                () -> {
                  try (PreparedStatement insert =
                      c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                    bind(insert, args);
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                      keys.next();
                      return keys.getLong(1);
                    }
                  }
                }));
  }

  protected void update(String sql, Object... args) {
    write(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
          }
          return null;
        });
  }
}

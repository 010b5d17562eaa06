package dev.tenableconnector.core.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The store's bookkeeping connection, lent to a module that keeps its own tables in the inventory's
 * database (the service's connector registry), so that one file or one PostgreSQL database holds
 * everything. The store's migrations create those tables too: one schema history per database.
 */
public interface SqlAccess {
  /** Work on one connection. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} on the bookkeeping connection, serialized with the store's own bookkeeping
   * where the engine needs it; an SQL failure comes back as {@link StoreException}.
   */
  <T> T write(Work<T> work);
}

package dev.tenableconnector.core.query;

/** The SQL engines a query compiles for; they differ in reading JSON fields and lists. */
public enum SqlDialect {
  SQLITE,
  POSTGRESQL
}

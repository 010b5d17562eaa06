package dev.tenableconnector.core.store;

import dev.tenableconnector.core.EmbeddedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a real PostgreSQL 16, started by the test from Maven Central's binaries.
 */
class PostgresStoreContractTest extends InventoryStoreContract {
  @BeforeAll
  static void server() {
    Assumptions.assumeTrue(
        EmbeddedPostgres.available(), "PostgreSQL binaries exist for Linux x86-64 only");
    EmbeddedPostgres.get();
  }

  @Override
  InventoryStore openStore() {
    return PostgresInventoryStore.open(EmbeddedPostgres.get().newDatabase(), "postgres", null);
  }

  @Override
  Wave1Database wave1Database() {
    String url = EmbeddedPostgres.get().newDatabase();
    return new Wave1Database(
        url,
        "postgres",
        "2",
        "postgresql",
        () -> PostgresInventoryStore.open(url, "postgres", null));
  }
}

package dev.tenableconnector.core.insight;

import dev.tenableconnector.core.EmbeddedPostgres;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.PostgresInventoryStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The decision contract on a real PostgreSQL 16 started by the test. */
class PostgresDecisionContractTest extends DecisionContract {
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
}

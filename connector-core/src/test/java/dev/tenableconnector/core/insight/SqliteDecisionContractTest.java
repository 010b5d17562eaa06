package dev.tenableconnector.core.insight;

import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.SqliteInventoryStore;

/** The decision contract on SQLite. */
class SqliteDecisionContractTest extends DecisionContract {
  @Override
  InventoryStore openStore() {
    return SqliteInventoryStore.open(dir.resolve("decisions.db"));
  }
}

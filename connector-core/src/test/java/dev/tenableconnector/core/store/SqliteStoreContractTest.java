package dev.tenableconnector.core.store;

/** The store contract on SQLite. */
class SqliteStoreContractTest extends InventoryStoreContract {
  @Override
  InventoryStore openStore() {
    return SqliteInventoryStore.open(dir.resolve("contract.db"));
  }
}

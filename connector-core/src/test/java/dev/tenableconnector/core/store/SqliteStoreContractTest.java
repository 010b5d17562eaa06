package dev.tenableconnector.core.store;

/** The store contract on SQLite. */
class SqliteStoreContractTest extends InventoryStoreContract {
  @Override
  InventoryStore openStore() {
    return SqliteInventoryStore.open(dir.resolve("contract.db"));
  }

  @Override
  Wave1Database wave1Database() {
    java.nio.file.Path file = dir.resolve("wave1.db");
    return new Wave1Database(
        "jdbc:sqlite:" + file, null, "3", "sqlite", () -> SqliteInventoryStore.open(file));
  }
}

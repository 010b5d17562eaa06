package dev.tenableconnector.app;

import dev.tenableconnector.core.store.InventoryStores;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --db} option of the commands that work on an inventory. */
final class InventoryOption {
  @Option(
      names = "--db",
      paramLabel = "PATH|URL",
      defaultValue = "data/tenable-connector.db",
      description =
          "Inventory: a SQLite file or jdbc:postgresql://host:port/db (credentials from"
              + " TENABLE_CONNECTOR_DB_USER/_PASSWORD or PGUSER/PGPASSWORD; default:"
              + " ${DEFAULT-VALUE}).")
  String db;

  /** Says so on {@code err} and returns false when there is no inventory at {@code --db}. */
  boolean exists(String command, PrintWriter err) {
    if (InventoryStores.exists(db)) {
      return true;
    }
    err.println(command + ": there is no inventory at " + db);
    return false;
  }
}

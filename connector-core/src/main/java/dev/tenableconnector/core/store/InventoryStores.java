package dev.tenableconnector.core.store;

import java.nio.file.Path;
import java.util.Map;

/** Opens the store a {@code --db} value names: a file path (SQLite) or a PostgreSQL JDBC URL. */
public final class InventoryStores {
  private InventoryStores() {}

  /**
   * {@code data/inventory.db} or {@code jdbc:sqlite:data/inventory.db}: SQLite; {@code
   * jdbc:postgresql://host:5432/db}: PostgreSQL, with the user and password from {@code
   * TENABLE_CONNECTOR_DB_USER}/{@code TENABLE_CONNECTOR_DB_PASSWORD} (or {@code PGUSER}/{@code
   * PGPASSWORD}).
   */
  public static InventoryStore open(String db, Map<String, String> env) {
    if (db.startsWith("jdbc:postgresql:")) {
      return PostgresInventoryStore.open(db, env);
    }
    if (db.startsWith("jdbc:sqlite:")) {
      return SqliteInventoryStore.open(Path.of(db.substring("jdbc:sqlite:".length())), env);
    }
    if (db.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "unsupported database '"
              + PostgresInventoryStore.withoutCredentials(db)
              + "': give a file path (SQLite) or a jdbc:postgresql://host:port/database URL");
    }
    return SqliteInventoryStore.open(Path.of(db), env);
  }

  /**
   * False when {@code db} names a SQLite file that does not exist (a server URL is taken as
   * existing).
   */
  public static boolean exists(String db) {
    if (db.startsWith("jdbc:") && !db.startsWith("jdbc:sqlite:")) {
      return true;
    }
    return java.nio.file.Files.isRegularFile(
        Path.of(db.startsWith("jdbc:sqlite:") ? db.substring(12) : db));
  }

  /**
   * Where a file next to the database may go (the service's master key): beside a SQLite file, else
   * null.
   */
  public static Path siblingOf(String db, String suffix) {
    if (db.startsWith("jdbc:") && !db.startsWith("jdbc:sqlite:")) {
      return null;
    }
    Path file = Path.of(db.startsWith("jdbc:sqlite:") ? db.substring("jdbc:sqlite:".length()) : db);
    return file.resolveSibling(file.getFileName().toString().replaceFirst("\\.db$", "") + suffix);
  }
}

package dev.tenableconnector.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.model.Entity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite inventory file as the operating system sees it. */
class SqliteFileTest {
  @TempDir Path dir;

  @Test
  void aNewInventoryAndItsJournalFilesAreReadableByTheirOwnerOnly() throws Exception {
    Path db = dir.resolve("data/inventory.db");
    try (SqliteInventoryStore store = SqliteInventoryStore.open(db)) {
      assertThat(store.count(Entity.ASSET)).isZero();
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Path file = Path.of(db + suffix);
        if (Files.exists(file)) {
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
              .as(file.getFileName().toString())
              .isEqualTo("rw-------");
        }
      }
    }
  }

  /**
   * Rows are a few KiB: with SQLite's default 4 KiB pages a finding takes a page of its own (a
   * regression measured at 4.3 KB per finding stored instead of 2.9).
   */
  @Test
  void aNewInventoryHas32KiBPagesAndAnExistingOneKeepsItsOwn() throws Exception {
    Path db = dir.resolve("inventory.db");
    SqliteInventoryStore.open(db).close();
    assertThat(pageSize(db)).isEqualTo(32_768);

    Path old = dir.resolve("old.db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old);
        java.sql.Statement s = c.createStatement()) {
      s.execute("PRAGMA page_size = 8192");
      s.execute("CREATE TABLE scratch (x INTEGER)");
      s.execute("DROP TABLE scratch");
    }
    SqliteInventoryStore.open(old).close();
    assertThat(pageSize(old)).as("an existing file is not rewritten").isEqualTo(8192);
  }

  private static int pageSize(Path db) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("PRAGMA page_size")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}

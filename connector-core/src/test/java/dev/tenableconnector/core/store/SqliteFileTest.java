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
}

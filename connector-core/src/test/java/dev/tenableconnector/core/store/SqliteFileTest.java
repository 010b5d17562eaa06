package dev.tenableconnector.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.model.Entity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
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
   * A writer that never pauses starves SQLite's passive checkpoints: the write-ahead log then grows
   * with everything written (it reached 8 times the database in a 10-million-finding sync). Past
   * its limit the store truncates it.
   */
  @Test
  void theWriteAheadLogIsTruncatedWhileAWriterNeverPauses() throws Exception {
    Path db = dir.resolve("busy.db");
    Path wal = Path.of(db + "-wal");
    byte[] data = ("{\"externalAssetId\":\"" + "x".repeat(16 * 1024) + "\"}").getBytes();
    long written = 0;
    long largest = 0;
    boolean truncated = false;
    try (SqliteInventoryStore store = SqliteInventoryStore.open(db, 64)) {
      long run =
          store.startRun("c", RunMode.FULL, "assets", "all", "{}", "map", null, Instant.now());
      long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(6);
      for (int chunk = 1;
          !truncated && System.nanoTime() < until && written < (300L << 20);
          chunk++) {
        List<StoreRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
          String key = "asset-" + chunk + "-" + i;
          rows.add(
              new StoreRow(
                  key, null, key, "ACTIVE", null, null, null, null, chunk, data, data, null, null,
                  null));
        }
        try (ChunkTransaction tx = store.beginChunk(run, "export-1", chunk, Entity.ASSET)) {
          tx.write(Entity.ASSET, rows, new ChunkCounts());
          tx.commit(new ChunkCounts());
        }
        written += 16L * data.length;
        Thread.sleep(4); // ~30 MB/s of rows, about what a sync writes; the log grows twice as fast
        long size = Files.exists(wal) ? Files.size(wal) : 0;
        largest = Math.max(largest, size);
        truncated = largest > (8L << 20) && size < largest / 2;
      }
    }
    // SQLite never shrinks the log file by itself: a smaller one was truncated by the store.
    assertThat(truncated)
        .as("log truncated, %,d bytes written, largest log %,d", written, largest)
        .isTrue();
  }

  /**
   * A run's chunk transactions follow each other without a pause; SQLite's busy handler is not
   * fair, so a heartbeat that waited for the write lock like any writer failed for 25 minutes of a
   * 10-million-finding sync. It takes its turn between two chunks instead.
   */
  @Test
  void theRunLockHeartbeatKeepsItsTimeWhileChunksFollowEachOther() throws Exception {
    Path db = dir.resolve("beats.db");
    byte[] data = ("{\"externalAssetId\":\"" + "x".repeat(2048) + "\"}").getBytes();
    try (SqliteInventoryStore store =
        SqliteInventoryStore.open(db, java.util.Map.of(SqliteLockWait.SETTING, "1"))) {
      store.runLocks().heartbeatEvery(java.time.Duration.ofMillis(200));
      long run =
          store.startRun("c", RunMode.FULL, "assets", "all", "{}", "map", null, Instant.now());
      try (RunLock lock = store.lock("c")) {
        java.util.concurrent.atomic.AtomicBoolean writing =
            new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger chunks =
            new java.util.concurrent.atomic.AtomicInteger();
        Thread writer =
            new Thread(
                () -> {
                  for (int chunk = 1; writing.get(); chunk++) {
                    List<StoreRow> rows = new java.util.ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                      String key = "asset-" + i;
                      rows.add(
                          new StoreRow(
                              key, null, key, "ACTIVE", null, null, null, null, chunk, data, data,
                              null, null, null));
                    }
                    try (ChunkTransaction tx =
                        store.beginChunk(run, "export-1", chunk, Entity.ASSET)) {
                      tx.write(Entity.ASSET, rows, new ChunkCounts());
                      tx.commit(new ChunkCounts());
                    }
                    chunks.incrementAndGet();
                  }
                });
        writer.start();
        java.time.Duration stalest = java.time.Duration.ZERO;
        try {
          Thread.sleep(1000);
          for (int sample = 0; sample < 40; sample++) {
            java.time.Duration age = java.time.Duration.between(heartbeat(db), Instant.now());
            stalest = age.compareTo(stalest) > 0 ? age : stalest;
            Thread.sleep(100);
          }
        } finally {
          writing.set(false);
          writer.join();
        }
        assertThat(chunks.get()).as("chunks written").isGreaterThan(10);
        // Every 200 ms, one chunk (a fraction of a second here) at most in its way.
        assertThat(stalest).as("oldest heartbeat seen").isLessThan(java.time.Duration.ofSeconds(2));
      }
    }
  }

  private static Instant heartbeat(Path db) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT heartbeat_at FROM run_locks")) {
      rs.next();
      return Instant.parse(rs.getString(1));
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

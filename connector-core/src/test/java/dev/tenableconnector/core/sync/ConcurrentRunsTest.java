package dev.tenableconnector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.emulator.data.EstateSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of two connectors at the same time into one store (as the service runs them): each ends with
 * exactly what it would have stored alone.
 */
class ConcurrentRunsTest {
  @TempDir Path dir;

  @Test
  void twoConnectorsSyncingAtOnceStoreWhatEachStoresAlone() throws Exception {
    try (SyncFixture a =
            new SyncFixture(dir.resolve("a"), e -> e.estate(EstateSettings.of(21, 200, 8)));
        SyncFixture b =
            new SyncFixture(dir.resolve("b"), e -> e.estate(EstateSettings.of(22, 200, 8)));
        SqliteInventoryStore shared = SqliteInventoryStore.open(dir.resolve("shared.db"))) {
      CompletableFuture<SyncReport> first =
          CompletableFuture.supplyAsync(() -> a.syncInto(shared, s -> s.withConnector("alpha")));
      CompletableFuture<SyncReport> second =
          CompletableFuture.supplyAsync(() -> b.syncInto(shared, s -> s.withConnector("beta")));
      assertThat(first.get().completed()).as(String.valueOf(first.get().failure())).isTrue();
      assertThat(second.get().completed()).as(String.valueOf(second.get().failure())).isTrue();

      assertThat(a.sync(s -> s.withConnector("alpha")).completed()).isTrue();
      assertThat(b.sync(s -> s.withConnector("beta")).completed()).isTrue();
      for (Entity entity : Entity.values()) {
        assertThat(rows(shared, entity, "alpha"))
            .isNotEmpty()
            .isEqualTo(rows(a.store, entity, "alpha"));
        assertThat(rows(shared, entity, "beta"))
            .isNotEmpty()
            .isEqualTo(rows(b.store, entity, "beta"));
      }
      assertThat(shared.watermark("alpha")).isPresent();
      assertThat(shared.watermark("beta")).isPresent();
    }
  }

  @Test
  void aSecondSyncOfTheSameConnectorIsRefusedAtOnceWhileTheFirstHoldsTheWriteLock()
      throws Exception {
    java.nio.file.Path db = dir.resolve("one.db");
    try (SqliteInventoryStore running = SqliteInventoryStore.open(db);
        var held = running.lock("default");
        java.sql.Connection chunk = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        SqliteInventoryStore second = SqliteInventoryStore.open(db)) {
      // The running sync is in the middle of a long chunk transaction: it holds the write lock.
      chunk.createStatement().execute("BEGIN IMMEDIATE");
      long started = System.nanoTime();
      java.util.concurrent.CompletableFuture<Throwable> attempt =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try (var ignored = second.lock("default")) {
                  return null;
                } catch (RuntimeException e) {
                  return e;
                }
              });
      Throwable refused;
      try {
        refused = attempt.get(5, java.util.concurrent.TimeUnit.SECONDS);
      } finally {
        chunk.createStatement().execute("ROLLBACK");
      }

      assertThat(refused)
          .isInstanceOf(dev.tenableconnector.core.store.RunLockedException.class)
          .hasMessageContaining("already syncing");
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
          .as("no wait for the write lock")
          .isLessThan(java.time.Duration.ofSeconds(2));
    }
  }

  @Test
  void aSecondConnectorNameOnTheSameTenableAccountWaitsForTheFirst() {
    try (SyncFixture f =
        new SyncFixture(dir.resolve("one"), e -> e.estate(EstateSettings.of(23, 50, 4)))) {
      try (var alpha = f.store.lock("alpha", f.client.accountKey())) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> f.sync(s -> s.withConnector("beta")))
            .isInstanceOf(dev.tenableconnector.core.store.RunLockedException.class)
            .hasMessageContaining("connector 'alpha' is syncing the same Tenable account");
        var otherKeys = f.newClient("another-access-key", "another-secret-key");
        assertThat(otherKeys.accountKey()).isNotEqualTo(f.client.accountKey());
        assertThat(f.client.accountKey())
            .doesNotContain(dev.tenableconnector.emulator.EmulatorConfig.DEFAULT_ACCESS_KEY);
        otherKeys.close();
      }
      assertThat(f.sync(s -> s.withConnector("beta")).completed()).isTrue();
    }
  }

  private static List<String> rows(InventoryStore store, Entity entity, String connector) {
    List<String> out = new ArrayList<>();
    store.forEach(entity, connector, r -> out.add(r.key() + " " + r.data()));
    return out;
  }
}

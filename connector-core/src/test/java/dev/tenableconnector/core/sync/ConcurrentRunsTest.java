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
 * Runs of two connectors at the same time into one store (as the service runs them): each ends
 * with exactly what it would have stored alone.
 */
class ConcurrentRunsTest {
  @TempDir
  Path dir;

  @Test
  void twoConnectorsSyncingAtOnceStoreWhatEachStoresAlone() throws Exception {
    try (SyncFixture a = new SyncFixture(dir.resolve("a"), e -> e.estate(EstateSettings.of(21, 200, 8)));
        SyncFixture b = new SyncFixture(dir.resolve("b"), e -> e.estate(EstateSettings.of(22, 200, 8)));
        SqliteInventoryStore shared = SqliteInventoryStore.open(dir.resolve("shared.db"))) {
      CompletableFuture<SyncReport> first = CompletableFuture.supplyAsync(
          () -> a.syncInto(shared, s -> s.withConnector("alpha")));
      CompletableFuture<SyncReport> second = CompletableFuture.supplyAsync(
          () -> b.syncInto(shared, s -> s.withConnector("beta")));
      assertThat(first.get().completed()).as(String.valueOf(first.get().failure())).isTrue();
      assertThat(second.get().completed()).as(String.valueOf(second.get().failure())).isTrue();

      assertThat(a.sync(s -> s.withConnector("alpha")).completed()).isTrue();
      assertThat(b.sync(s -> s.withConnector("beta")).completed()).isTrue();
      for (Entity entity : Entity.values()) {
        assertThat(rows(shared, entity, "alpha")).isNotEmpty().isEqualTo(rows(a.store, entity, "alpha"));
        assertThat(rows(shared, entity, "beta")).isNotEmpty().isEqualTo(rows(b.store, entity, "beta"));
      }
      assertThat(shared.watermark("alpha")).isPresent();
      assertThat(shared.watermark("beta")).isPresent();
    }
  }

  private static List<String> rows(InventoryStore store, Entity entity, String connector) {
    List<String> out = new ArrayList<>();
    store.forEach(entity, connector, r -> out.add(r.key() + " " + r.data()));
    return out;
  }
}

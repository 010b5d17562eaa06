package dev.tenableconnector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.EmbeddedPostgres;
import dev.tenableconnector.core.StoreSnapshot;
import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.PostgresInventoryStore;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.emulator.data.EstateSettings;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finding id sent twice in one export: twice in a row inside a chunk, and again at the start of
 * the next chunk. Each engine stores it once, and the inventory is exactly what the same export
 * without the repeats gives; a second sight of the same record is not a change.
 */
class DuplicateFindingsTest {
  @TempDir Path dir;
  private SyncFixture f;
  private final List<InventoryStore> stores = new ArrayList<>();

  @BeforeEach
  void start() {
    f = new SyncFixture(dir, e -> e.estate(EstateSettings.of(11, 200, 6)));
  }

  @AfterEach
  void stop() {
    stores.forEach(InventoryStore::close);
    f.close();
  }

  private InventoryStore sqlite(String name) {
    InventoryStore s = SqliteInventoryStore.open(dir.resolve(name));
    stores.add(s);
    return s;
  }

  @Test
  void aFindingSentTwiceIsStoredOnceOnEveryEngine() {
    InventoryStore reference = sqlite("reference.db");
    assertThat(f.syncInto(reference, s -> s).completed()).isTrue();
    StoreSnapshot expected = StoreSnapshot.of(reference, Entity.FINDING);

    f.emulator.faults().add(FaultRule.parse("records:duplicate:every=25:times=0:export=vulns"));
    List<InventoryStore> targets = new ArrayList<>(List.of(sqlite("repeated.db")));
    if (EmbeddedPostgres.available()) {
      InventoryStore pg =
          PostgresInventoryStore.open(EmbeddedPostgres.get().newDatabase(), "postgres", null);
      stores.add(pg);
      targets.add(pg);
    }
    for (InventoryStore target : targets) {
      SyncReport report = f.syncInto(target, s -> s);
      assertThat(report.completed()).as(target.describe()).isTrue();
      long seen = report.run().counts(Entity.FINDING).seen;
      assertThat(seen).as("the repeats were sent").isGreaterThan(expected.data().size());
      StoreSnapshot stored = StoreSnapshot.of(target, Entity.FINDING);
      assertThat(stored.data().keySet()).as(target.describe()).isEqualTo(expected.data().keySet());
      assertThat(stored.mismatchesAgainst(expected, true)).as(target.describe()).isEmpty();
    }
  }
}

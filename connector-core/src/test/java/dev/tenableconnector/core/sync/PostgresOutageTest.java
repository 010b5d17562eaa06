package dev.tenableconnector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.EmbeddedPostgres;
import dev.tenableconnector.core.StoreSnapshot;
import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.PostgresInventoryStore;
import dev.tenableconnector.emulator.data.EstateSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away under a running sync: its connections are killed, or the server crashes and
 * comes back. The run fails without moving the watermark, the store that lived through it (as
 * {@code serve}'s does) works again without a restart, and the next run ends with exactly the
 * inventory of a run nothing disturbed (here: the same runs into SQLite).
 */
class PostgresOutageTest {
  @TempDir Path dir;
  private SyncFixture f;
  private String url;
  private InventoryStore postgres;

  @BeforeAll
  static void server() {
    Assumptions.assumeTrue(
        EmbeddedPostgres.available(), "PostgreSQL binaries exist for Linux x86-64 only");
    EmbeddedPostgres.get();
  }

  @BeforeEach
  void start() {
    f =
        new SyncFixture(
            dir, e -> e.estate(EstateSettings.of(7, 300, 8)).chunkInterval(Duration.ofMillis(100)));
    url = EmbeddedPostgres.get().newDatabase();
    postgres = PostgresInventoryStore.open(url, "postgres", null);
  }

  @AfterEach
  void stop() {
    postgres.close();
    f.close();
  }

  @Test
  void connectionsKilledMidRunFailItKeepTheWatermarkAndTheNextRunCompletes() {
    outage(at -> assertThat(EmbeddedPostgres.get().killConnections(url)).isPositive());
  }

  @Test
  void theServerCrashingAndComingBackMidRunFailsItAndTheNextRunCompletes() {
    outage(at -> EmbeddedPostgres.get().crashAndRestart(Duration.ofSeconds(1)));
  }

  /**
   * A completed run, then a full one disturbed at its first stored findings chunk, then another.
   */
  private void outage(Consumer<String> disturb) {
    assertThat(f.sync().completed()).isTrue();
    assertThat(f.syncInto(postgres, s -> s).completed()).isTrue();
    var watermark = postgres.watermark("default").orElseThrow();
    f.step(Duration.ofDays(1));
    assertThat(f.sync(s -> s.withFull(true)).completed()).isTrue(); // the reference

    AtomicBoolean done = new AtomicBoolean();
    SyncProgress disturbAtFirstFindings =
        new SyncProgress() {
          @Override
          public void chunkStored(String phase, Entity entity, ChunkCounts counts) {
            if (entity == Entity.FINDING && done.compareAndSet(false, true)) {
              disturb.accept(phase);
            }
          }
        };
    SyncReport disturbed =
        new SyncEngine(
                f.client,
                postgres,
                f.map,
                f.severity,
                f.settings().withFull(true),
                disturbAtFirstFindings,
                f.clock)
            .run();

    assertThat(done).isTrue();
    assertThat(disturbed.completed()).as("the disturbed run").isFalse();
    assertThat(disturbed.failure().errorCode()).isEqualTo("STORE");
    assertThat(disturbed.failure().remedy()).contains("database server went away");
    assertThat(postgres.watermark("default")).contains(watermark);

    SyncReport next = f.syncInto(postgres, s -> s.withFull(true));
    assertThat(next.completed()).as("the next run, on the same store").isTrue();
    for (Entity entity : new Entity[] {Entity.ASSET, Entity.FINDING}) {
      StoreSnapshot expected = StoreSnapshot.of(f.store, entity);
      StoreSnapshot actual = StoreSnapshot.of(postgres, entity);
      assertThat(actual.data().keySet()).isEqualTo(expected.data().keySet());
      assertThat(actual.mismatchesAgainst(expected, false)).isEmpty();
    }
  }
}

package dev.tenableconnector.service.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenableconnector.core.EmbeddedPostgres;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.PostgresInventoryStore;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.core.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector registry in the inventory's database, on both engines. */
class ConnectorRegistryTest {
  abstract static class Contract {
    InventoryStore store;

    abstract InventoryStore openStore();

    @AfterEach
    void close() {
      if (store != null) {
        store.close();
      }
    }

    @Test
    void theConnectorRegistryKeepsConnectorsAndClaimsEachScheduledRunOnce() {
      store = openStore();
      ConnectorRegistry registry = ConnectorRegistry.in(store);
      Instant now = Instant.parse("2026-11-22T10:00:00Z");
      ConnectorRow row =
          new ConnectorRow(
              "id-1",
              "Prod",
              null,
              "https://cloud.tenable.com",
              new byte[] {1, 2},
              new byte[] {3, 4},
              "fp",
              "user",
              "container",
              "label",
              "{}",
              true,
              true,
              "REGISTERED",
              now,
              now,
              null,
              null,
              now,
              now,
              now,
              now);
      registry.insert(row);
      assertThatThrownBy(
              () ->
                  registry.insert(
                      new ConnectorRow(
                          "id-2",
                          "PROD",
                          null,
                          "u",
                          new byte[] {1},
                          new byte[] {1},
                          "fp2",
                          null,
                          null,
                          null,
                          "{}",
                          true,
                          true,
                          "REGISTERED",
                          now,
                          null,
                          null,
                          null,
                          null,
                          now,
                          now,
                          now)))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("name exists");
      assertThat(registry.byName("prod")).isPresent();
      assertThat(registry.get("id-1").orElseThrow().accessKeyCipher()).containsExactly(1, 2);

      Instant next = now.plus(Duration.ofDays(1));
      assertThat(registry.claimNextRun("id-1", now, next)).isTrue();
      assertThat(registry.claimNextRun("id-1", now, next))
          .as("a second instance loses the race")
          .isFalse();
      assertThat(registry.get("id-1").orElseThrow().nextRunAt()).isEqualTo(next);

      registry.updateState("id-1", "PROCESSED", 7L, null, now);
      assertThat(registry.get("id-1").orElseThrow().lastRunId()).isEqualTo(7L);
      registry.putSetting("k", "v1");
      registry.putSetting("k", "v2");
      assertThat(registry.setting("k")).contains("v2");
      assertThat(registry.delete("id-1")).isTrue();
      assertThat(registry.list()).isEmpty();
    }
  }

  @Nested
  class OnSqlite extends Contract {
    @TempDir Path dir;

    @Override
    InventoryStore openStore() {
      return SqliteInventoryStore.open(dir.resolve("inventory.db"));
    }
  }

  @Nested
  class OnPostgres extends Contract {
    @Override
    InventoryStore openStore() {
      Assumptions.assumeTrue(
          EmbeddedPostgres.available(), "PostgreSQL binaries exist for Linux x86-64 only");
      return PostgresInventoryStore.open(EmbeddedPostgres.get().newDatabase(), "postgres", null);
    }
  }
}

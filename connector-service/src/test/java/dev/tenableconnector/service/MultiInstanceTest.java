package dev.tenableconnector.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.core.EmbeddedPostgres;
import dev.tenableconnector.core.store.PostgresInventoryStore;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.testsupport.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service instances on one PostgreSQL database: each scheduled run fires once, each run
 * executes once.
 */
class MultiInstanceTest {
  @TempDir Path dir;

  @Test
  void twoInstancesOnOneDatabaseRunEachConnectorOnce() throws Exception {
    Assumptions.assumeTrue(
        EmbeddedPostgres.available(), "PostgreSQL binaries exist for Linux x86-64 only");
    String url = EmbeddedPostgres.get().newDatabase();
    ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
    try (TenableEmulator emulator =
            TenableEmulator.start(
                EmulatorConfig.builder()
                    .assets(300)
                    .findingsPerAsset(4)
                    .queuedFor(Duration.ofMillis(300))
                    .chunkInterval(Duration.ofMillis(200))
                    .build());
        ServiceFixture a =
            new ServiceFixture(
                dir, clock, () -> PostgresInventoryStore.open(url, "postgres", null));
        ServiceFixture b =
            new ServiceFixture(
                dir, clock, () -> PostgresInventoryStore.open(url, "postgres", null))) {
      ServiceFixture.Response created =
          a.call(
              "POST",
              "/api/connectors",
              "{\"name\":\"prod\",\"tenableUrl\":\""
                  + emulator.baseUrl()
                  + "\",\"accessKey\":\""
                  + EmulatorConfig.DEFAULT_ACCESS_KEY
                  + "\",\"secretKey\":\""
                  + EmulatorConfig.DEFAULT_SECRET_KEY
                  + "\",\"schedule\":{\"type\":\"DAILY\",\"time\":\"21:00\",\"timezone\":\"UTC\"}}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String id = created.json().path("id").asText();
      assertThat(b.call("GET", "/api/connectors/" + id, null).json().path("name").asText())
          .as("the second instance sees the connector, and decrypts with the same master key")
          .isEqualTo("prod");

      clock.set(Instant.parse("2026-11-22T21:00:00Z"));
      CompletableFuture<Void> ta = CompletableFuture.runAsync(() -> a.service.scheduler().tick());
      CompletableFuture<Void> tb = CompletableFuture.runAsync(() -> b.service.scheduler().tick());
      ta.get();
      tb.get();
      a.awaitIdle(id);
      b.awaitIdle(id);
      assertThat(a.service.connectors().store().runs(id, 10))
          .as("the scheduled run fired once")
          .hasSize(1);

      // Run now on both at once: the advisory lock lets one run; the other instance stands aside
      a.call("POST", "/api/connectors/" + id + "/runs", null);
      b.call("POST", "/api/connectors/" + id + "/runs", null);
      a.awaitIdle(id);
      b.awaitIdle(id);
      JsonNode after = a.call("GET", "/api/connectors/" + id, null).json();
      assertThat(after.path("state").asText()).isEqualTo("PROCESSED");
      assertThat(a.service.connectors().store().runs(id, 10)).hasSize(2);
      assertThat(after.path("nextRunAt").asText()).isEqualTo("2026-11-23T21:00:00Z");
    }
  }
}

package dev.tenableconnector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.emulator.data.EstateSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With exactly-once on in the worker, a task restarted in the middle of a chunk (the emulator holds
 * the chunk's body half sent) leaves every finding on the topic once for a read_committed consumer:
 * the open transaction is aborted and the task resumes after the last committed chunk.
 */
class ExactlyOnceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "tenable-eos";

  private static EmbeddedConnectCluster connect;
  private static TenableEmulator emulator;

  @BeforeAll
  static void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .estate(EstateSettings.of(3, 200, 5))
                // The fifth chunk download (two asset chunks come first) stops after 20 kB and
                // stays silent for 6 s: long enough to restart the task in the middle of it.
                .fault("chunk:stall:bytes=20000:for=6s:after=4")
                .build());
    connect =
        ConnectFixture.start(
            "tenable-eos-connect", Map.of("exactly.once.source.support", "enabled"), 1);
  }

  @AfterAll
  static void stop() {
    ConnectFixture.stop(connect, emulator);
  }

  @Test
  void aTaskRestartedMidChunkLeavesEveryFindingOnceForAReadCommittedConsumer() throws Exception {
    Map<String, String> c = ConnectFixture.connector(NAME, emulator, 2, 1);
    c.put("exactly.once.support", "required");
    c.put("transaction.boundary", "connector");
    connect.configureConnector(NAME, c);

    awaitStalledChunk();
    connect.restartTask(NAME, 0);
    JsonNode summary = ConnectFixture.awaitSummary(connect, NAME, "tenable", 1);

    Map<String, Integer> seen = ConnectFixture.keyCounts(connect, "tenable.findings");
    assertThat(seen).isNotEmpty();
    assertThat(seen.values()).as("no finding twice").containsOnly(1);
    assertThat((long) seen.size()).isEqualTo(summary.path("findings").asLong());
  }

  private static void awaitStalledChunk() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      long chunks = emulator.requests().stream().filter(r -> r.path().contains("/chunks/")).count();
      if (chunks >= 5) {
        Thread.sleep(500); // the stalled body's first records are in the open transaction
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the stalled chunk was never asked for");
  }
}

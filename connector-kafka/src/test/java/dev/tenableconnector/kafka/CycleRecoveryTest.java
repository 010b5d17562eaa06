package dev.tenableconnector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.RecordedRequest;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.emulator.data.EstateSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cycle that meets trouble on the way still ends with what the CLI stores, each finding once: the
 * worker running the connector stops while Tenable prepares an export, an export ends in ERROR, a
 * chunk's body breaks off. Two workers, one KRaft broker, in this JVM on loopback.
 */
class CycleRecoveryTest {
  private static EmbeddedConnectCluster connect;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    // A worker that leaves hands its connector over at once, not after the default five minutes.
    connect =
        ConnectFixture.start(
            "tenable-recovery-connect",
            2,
            Map.of("offset.flush.interval.ms", "500", "scheduled.rebalance.max.delay.ms", "0"),
            2);
  }

  @AfterAll
  static void stop() {
    ConnectFixture.stop(connect, null);
  }

  @Test
  void aConnectorWhoseWorkerStopsWhileTenablePreparesTheExportAdoptsItWithoutASecondPost()
      throws Exception {
    try (TenableEmulator emulator = emulator(b -> b.queuedFor(Duration.ofSeconds(4)))) {
      String name = "recover-worker";
      run(emulator, name);
      awaitRequest(emulator, "/assets/export");
      String runsOn = connect.connectorStatus(name).connector().workerId();
      WorkerHandle worker =
          connect.workers().stream()
              .filter(w -> runsOn.endsWith(":" + w.url().getPort()))
              .findFirst()
              .orElseThrow();

      connect.removeWorker(worker);
      ConnectFixture.awaitSummary(connect, name, name, 1);

      assertThat(posts(emulator, "/assets/export"))
          .as("the new instance took the running asset export from the job list")
          .hasSize(1);
      assertThat(posts(emulator, "/vulns/export")).hasSize(1);
      assertThat(connect.connectorStatus(name).connector().workerId()).isNotEqualTo(runsOn);
      assertSameAsTheCli(emulator, name);
      connect.deleteConnector(name);
      connect.addWorker();
    }
  }

  @Test
  void aFindingsExportThatEndsInErrorIsStartedAgainAndTheCycleIsComplete() throws Exception {
    try (TenableEmulator emulator = emulator(b -> b.fault("job:error:export=vulns"))) {
      String name = "recover-error";
      run(emulator, name);
      ConnectFixture.awaitSummary(connect, name, name, 1);

      assertThat(posts(emulator, "/vulns/export"))
          .as("the ERROR export, then its restart")
          .hasSize(2);
      assertSameAsTheCli(emulator, name);
      connect.deleteConnector(name);
    }
  }

  @Test
  void chunksWhoseBodiesBreakOffAreDownloadedAgainWithoutLosingOrRepeatingAFinding()
      throws Exception {
    try (TenableEmulator emulator =
        emulator(b -> b.fault("chunk:truncate:bytes=20000:export=vulns:times=2"))) {
      String name = "recover-truncate";
      run(emulator, name);
      ConnectFixture.awaitSummary(connect, name, name, 1);

      assertThat(
              emulator.requests().stream()
                  .filter(
                      r -> r.path().startsWith("/vulns/export/") && r.path().contains("/chunks/"))
                  .count())
          .as("two chunk downloads cut off and asked for again (a chunk may break twice)")
          .isGreaterThanOrEqualTo(2 + 4);
      assertSameAsTheCli(emulator, name);
      connect.deleteConnector(name);
    }
  }

  @Test
  void anExportThatExpiresWhileTheTasksDownloadItStartsTheCycleAgainFromTheSameWatermark()
      throws Exception {
    try (TenableEmulator emulator = emulator(b -> b.fault("job:expire:export=vulns"))) {
      String name = "recover-expiry";
      run(emulator, name);
      JsonNode again = ConnectFixture.awaitSummary(connect, name, name, 2);

      assertThat(again.path("mode").asText()).as("still the first, full import").isEqualTo("FULL");
      assertThat(posts(emulator, "/assets/export")).hasSize(2);
      assertThat(posts(emulator, "/vulns/export")).as("the expired one, then a new one").hasSize(2);
      assertThat(ConnectFixture.keyCounts(connect, name + ".sync"))
          .as("the lanes that found the export gone said so")
          .containsKey("cycle-2");
      assertThat(connect.kafka().consumeAll(10_000, ConnectFixture.COMMITTED, null, name + ".sync"))
          .anySatisfy(r -> assertThat(new String(r.value())).contains("EXPORT_EXPIRED"));
      assertThat(ConnectFixture.keyCounts(connect, name + ".sync")).doesNotContainKey("cycle-3");
      assertSameAsTheCli(emulator, name, false);
      connect.deleteConnector(name);
    }
  }

  @Test
  void aSecondConnectorOnTheSameAccountIsRefusedByValidateUntilTheFirstIsGone() throws Exception {
    try (TenableEmulator emulator = emulator(b -> b)) {
      String first = "claim-first";
      run(emulator, first);
      ConnectFixture.awaitSummary(connect, first, first, 1);
      Map<String, String> second = ConnectFixture.connector("claim-second", emulator, 4, 1);
      Map<String, String> itself = ConnectFixture.connector(first, emulator, 4, 1);

      var refused = connect.validateConnectorConfig("TenableSourceConnector", second);
      var reconfigured = connect.validateConnectorConfig("TenableSourceConnector", itself);
      connect.deleteConnector(first);
      awaitNoErrors(() -> connect.validateConnectorConfig("TenableSourceConnector", second));

      assertThat(refused.errorCount()).isEqualTo(1);
      assertThat(refused.configs())
          .filteredOn(v -> !v.configValue().errors().isEmpty())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.configValue().name()).isEqualTo(KafkaSettings.ACCESS_KEY);
                assertThat(v.configValue().errors().toString())
                    .contains("DUPLICATE_ACCOUNT", "'" + first + "'")
                    .doesNotContain(EmulatorConfig.DEFAULT_SECRET_KEY);
              });
      assertThat(reconfigured.errorCount()).as("a connector may revalidate itself").isZero();
    }
  }

  /** Validation passes once the deleted connector's planner has let go of the account. */
  private static void awaitNoErrors(
      java.util.function.Supplier<org.apache.kafka.connect.runtime.rest.entities.ConfigInfos>
          validate)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (validate.get().errorCount() != 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still refused 30 s after the first connector was deleted");
      }
      Thread.sleep(200);
    }
  }

  private static TenableEmulator emulator(
      java.util.function.UnaryOperator<EmulatorConfig.Builder> faults) throws Exception {
    return TenableEmulator.start(
        faults.apply(EmulatorConfig.builder().estate(EstateSettings.of(11, 200, 6))).build());
  }

  /** A connector with its own topics (prefix = name), two tasks over four lanes. */
  private static void run(TenableEmulator emulator, String name) {
    ConnectFixture.createTopics(connect, name, 2);
    Map<String, String> c = ConnectFixture.connector(name, emulator, 4, 2);
    c.put(KafkaSettings.TOPIC_PREFIX, name);
    connect.configureConnector(name, c);
  }

  /**
   * Each finding on the topic once, and the topics' last values equal to what the CLI's sync stores
   * from the same estate (asset-context fields aside, docs/kafka.md).
   */
  private static void assertSameAsTheCli(TenableEmulator emulator, String prefix) throws Exception {
    assertSameAsTheCli(emulator, prefix, true);
  }

  /** The same, where a restarted cycle may have written some findings twice ({@code once} off). */
  private static void assertSameAsTheCli(TenableEmulator emulator, String prefix, boolean once)
      throws Exception {
    Map<String, Integer> counts = ConnectFixture.keyCounts(connect, prefix + ".findings");
    assertThat(counts).isNotEmpty();
    if (once) {
      assertThat(counts.values()).as("no finding twice").containsOnly(1);
    }
    try (InventoryStore cli = SqliteInventoryStore.open(dir.resolve(prefix + ".db"))) {
      emulator.faults().clear();
      TopicTruth.cliSync(emulator, cli);
      assertThat(TopicTruth.latest(connect, prefix + ".assets"))
          .isEqualTo(TopicTruth.stored(cli, Entity.ASSET));
      Map<String, JsonNode> findings =
          TopicTruth.withoutAssetContext(TopicTruth.latest(connect, prefix + ".findings"));
      assertThat(findings)
          .isEqualTo(TopicTruth.withoutAssetContext(TopicTruth.stored(cli, Entity.FINDING)));
    }
  }

  private static List<RecordedRequest> posts(TenableEmulator emulator, String path) {
    return emulator.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().equals(path))
        .toList();
  }

  private static void awaitRequest(TenableEmulator emulator, String path)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (posts(emulator, path).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no POST " + path + " in a minute");
      }
      Thread.sleep(50);
    }
  }
}

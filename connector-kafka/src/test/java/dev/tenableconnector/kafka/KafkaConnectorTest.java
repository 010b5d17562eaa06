package dev.tenableconnector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.client.export.VulnExportRequest;
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
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector in a real Connect worker with a KRaft broker, both in this JVM on loopback, against
 * the emulator over HTTP: what reaches the topics is what the CLI's sync stores.
 */
class KafkaConnectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "tenable";
  private static final int LANES = 4;

  private static EmbeddedConnectCluster connect;
  private static TenableEmulator emulator;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .estate(
                    EstateSettings.of(7, 60, 6).withScanRate(0.5).withChangeRates(0.05, 0.05, 0.05))
                .build());
    connect = ConnectFixture.start("tenable-connect", Map.of("offset.flush.interval.ms", "500"), 3);
  }

  @AfterAll
  static void stop() {
    ConnectFixture.stop(connect, emulator);
  }

  private static Map<String, String> connectorConfig(long cycleIntervalMs) {
    Map<String, String> c = ConnectFixture.connector(NAME, emulator, LANES, 2);
    c.put(KafkaSettings.CYCLE_INTERVAL, Long.toString(cycleIntervalMs));
    return c;
  }

  @Test
  void aFullCycleThenADeltaCycleLeaveOnTheTopicsWhatTheCliStores() throws Exception {
    InventoryStore cli = SqliteInventoryStore.open(dir.resolve("cli.db"));
    try {
      connect.configureConnector(NAME, connectorConfig(Duration.ofHours(1).toMillis()));
      ConnectFixture.awaitSummary(connect, NAME, "tenable", 1);
      TopicTruth.cliSync(emulator, cli);

      assertThat(TopicTruth.latest(connect, "tenable.assets"))
          .isEqualTo(TopicTruth.stored(cli, Entity.ASSET));
      assertThat(TopicTruth.withoutAssetContext(TopicTruth.latest(connect, "tenable.findings")))
          .isEqualTo(TopicTruth.withoutAssetContext(TopicTruth.stored(cli, Entity.FINDING)))
          .isNotEmpty();

      emulator.advance();
      emulator.clearRequests();
      connect.patchConnectorConfig(NAME, Map.of(KafkaSettings.CYCLE_INTERVAL, "1000"));
      JsonNode second = ConnectFixture.awaitSummary(connect, NAME, "tenable", 2);
      TopicTruth.cliSync(emulator, cli);

      assertThat(second.path("mode").asText()).isEqualTo("DELTA");
      assertThat(second.path("watermarkBefore").asText()).isNotEmpty();
      assertThat(TopicTruth.latest(connect, "tenable.assets"))
          .isEqualTo(TopicTruth.stored(cli, Entity.ASSET));
      assertThat(TopicTruth.withoutAssetContext(TopicTruth.latest(connect, "tenable.findings")))
          .isEqualTo(TopicTruth.withoutAssetContext(TopicTruth.stored(cli, Entity.FINDING)));
      assertThat(
              connect.connectorOffsets(NAME).offsets().stream()
                  .map(o -> o.partition().toString())
                  .collect(Collectors.toSet()))
          .as("offsets stay within the lanes and the summary partition")
          .hasSizeLessThanOrEqualTo(LANES + 1);
      List<RecordedRequest> vulnExports =
          emulator.requests().stream()
              .filter(r -> r.method().equals("POST") && r.path().equals("/vulns/export"))
              .toList();
      assertThat(vulnExports)
          .as("after the first cycle, every vulns export asks for what changed since the watermark")
          .isNotEmpty()
          .allSatisfy(
              r ->
                  assertThat(JSON.readTree(r.body()).path("filters").path("since").asLong())
                      .isGreaterThan(VulnExportRequest.ALL_HISTORY.getEpochSecond()));
    } finally {
      connect.deleteConnector(NAME);
      cli.close();
    }
  }

  @Test
  void validateNamesEveryProblemByKeyAndChecksTheKeysWithoutStartingAnExport() {
    Map<String, String> wrongKeys = connectorConfig(60_000);
    wrongKeys.put(KafkaSettings.SECRET_KEY, "not-the-secret-key");
    Map<String, String> badValues = connectorConfig(60_000);
    badValues.put("assets.per.chunk", "5");
    badValues.put(KafkaSettings.LANES, "0");
    emulator.clearRequests();

    var refused =
        connect.validateConnectorConfig(TenableSourceConnector.class.getSimpleName(), wrongKeys);
    var invalid =
        connect.validateConnectorConfig(TenableSourceConnector.class.getSimpleName(), badValues);

    assertThat(errors(refused))
        .containsOnlyKeys(KafkaSettings.ACCESS_KEY)
        .hasEntrySatisfying(
            KafkaSettings.ACCESS_KEY, e -> assertThat(e.toString()).contains("AUTHENTICATION"));
    assertThat(errors(refused).toString()).doesNotContain("not-the-secret-key");
    assertThat(errors(invalid)).containsOnlyKeys(KafkaSettings.LANES);
    badValues.put(KafkaSettings.LANES, "4");
    assertThat(
            errors(
                connect.validateConnectorConfig(
                    TenableSourceConnector.class.getSimpleName(), badValues)))
        .containsOnlyKeys("assets.per.chunk");
    assertThat(emulator.requests())
        .as("validation starts no export")
        .noneMatch(r -> r.method().equals("POST"));
  }

  private static Map<String, List<String>> errors(
      org.apache.kafka.connect.runtime.rest.entities.ConfigInfos infos) {
    Map<String, List<String>> out = new TreeMap<>();
    infos
        .configs()
        .forEach(
            v -> {
              if (!v.configValue().errors().isEmpty()) {
                out.put(v.configValue().name(), v.configValue().errors());
              }
            });
    return out;
  }
}

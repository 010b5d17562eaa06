package dev.tenableconnector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.client.export.VulnExportRequest;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.core.sync.SyncEngine;
import dev.tenableconnector.core.sync.SyncProgress;
import dev.tenableconnector.core.sync.SyncSettings;
import dev.tenableconnector.core.transform.MapRow;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.RecordedRequest;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.emulator.data.EstateSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
      awaitSummary(1);
      cliSync(cli);

      assertThat(latest("tenable.assets")).isEqualTo(stored(cli, Entity.ASSET));
      assertThat(withoutAssetContext(latest("tenable.findings")))
          .isEqualTo(withoutAssetContext(stored(cli, Entity.FINDING)))
          .isNotEmpty();

      emulator.advance();
      emulator.clearRequests();
      connect.patchConnectorConfig(NAME, Map.of(KafkaSettings.CYCLE_INTERVAL, "1000"));
      JsonNode second = awaitSummary(2);
      cliSync(cli);

      assertThat(second.path("mode").asText()).isEqualTo("DELTA");
      assertThat(second.path("watermarkBefore").asText()).isNotEmpty();
      assertThat(latest("tenable.assets")).isEqualTo(stored(cli, Entity.ASSET));
      assertThat(withoutAssetContext(latest("tenable.findings")))
          .isEqualTo(withoutAssetContext(stored(cli, Entity.FINDING)));
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

  /** The sync topic's SUMMARY of the cycle, once it is there. */
  private static JsonNode awaitSummary(long cycle) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      var status = connect.connectors().contains(NAME) ? statusOrNull() : null;
      if (status != null) {
        assertThat(status.connector().state())
            .as(status.connector().trace())
            .isNotEqualTo("FAILED");
        status.tasks().forEach(t -> assertThat(t.state()).as(t.trace()).isNotEqualTo("FAILED"));
      }
      for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(5_000, "tenable.sync")) {
        JsonNode v = JSON.readTree(r.value());
        if ("SUMMARY".equals(v.path("type").asText()) && v.path("cycle").asLong() == cycle) {
          return v;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no summary of cycle " + cycle + " in two minutes");
  }

  private static org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo statusOrNull() {
    try {
      return connect.connectorStatus(NAME);
    } catch (RuntimeException notYet) {
      return null; // the worker has not written the connector's first status yet
    }
  }

  /** The last value of every key of a topic, as a compacted topic keeps it. */
  private static Map<String, JsonNode> latest(String topic) throws Exception {
    Map<String, JsonNode> out = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(10_000, topic)) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      out.put(key, r.value() == null ? null : withoutEmpty(JSON.readTree(r.value())));
    }
    return out;
  }

  private static Map<String, JsonNode> stored(InventoryStore store, Entity entity) {
    Map<String, JsonNode> out = new TreeMap<>();
    store.forEach(
        entity,
        r -> {
          try {
            out.put(r.key(), withoutEmpty(JSON.readTree(r.data())));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    return out;
  }

  /** Null and empty values dropped: the stored form omits them, a Struct writes them as null. */
  private static JsonNode withoutEmpty(JsonNode node) {
    ObjectNode out = JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode v = f.getValue();
      if (!v.isNull() && !(v.isArray() && v.isEmpty())) {
        out.set(f.getKey(), v.isObject() ? withoutEmpty(v) : v);
      }
    }
    return out;
  }

  /**
   * The findings without the fields the map takes from the asset-export record ({@code $asset.}
   * sources): the Kafka tasks have no asset inventory to read it from yet, so those fall back to
   * the finding's own {@code asset} object (docs/kafka.md).
   */
  private static Map<String, JsonNode> withoutAssetContext(Map<String, JsonNode> findings) {
    Set<String> contextual =
        TransformMap.defaults().rows(Entity.FINDING).stream()
            .filter(r -> r.source().readsAssetContext())
            .map(MapRow::target)
            .map(t -> t.name())
            .collect(Collectors.toSet());
    Map<String, JsonNode> out = new TreeMap<>();
    findings.forEach(
        (k, v) -> {
          ObjectNode copy = ((ObjectNode) v).deepCopy();
          contextual.forEach(copy::remove);
          out.put(k, copy);
        });
    return out;
  }

  private static void cliSync(InventoryStore store) {
    try (TenableClient client =
        new TenableClient(
            TenableClientConfig.builder()
                .baseUrl(emulator.baseUrl().toString())
                .keys(
                    new ApiKeys(
                        EmulatorConfig.DEFAULT_ACCESS_KEY, EmulatorConfig.DEFAULT_SECRET_KEY))
                .build())) {
      SyncSettings settings =
          SyncSettings.defaults(emulator.baseUrl().toString()).withExportSizes(100, 50);
      new SyncEngine(
              client,
              store,
              TransformMap.defaults(),
              SeverityMapping.defaults(),
              settings,
              SyncProgress.NONE,
              Clock.systemUTC())
          .run();
    }
  }
}

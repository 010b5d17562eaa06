package dev.tenableconnector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.sync.SyncEngine;
import dev.tenableconnector.core.sync.SyncProgress;
import dev.tenableconnector.core.sync.SyncSettings;
import dev.tenableconnector.core.transform.MapRow;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * What the topics hold and what the CLI's sync stores from the same estate, in one comparable form:
 * the last value per key, empty fields dropped.
 */
final class TopicTruth {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TopicTruth() {}

  /** The last value of every key of a topic, as a compacted topic keeps it. */
  static Map<String, JsonNode> latest(EmbeddedConnectCluster connect, String topic)
      throws Exception {
    Map<String, JsonNode> out = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(10_000, topic)) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      out.put(key, r.value() == null ? null : withoutEmpty(JSON.readTree(r.value())));
    }
    return out;
  }

  static Map<String, JsonNode> stored(InventoryStore store, Entity entity) {
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
  static Map<String, JsonNode> withoutAssetContext(Map<String, JsonNode> findings) {
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

  static void cliSync(TenableEmulator emulator, InventoryStore store) {
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

package dev.tenableconnector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** What the Kafka tests share: the topics as an operator makes them, a connector's settings. */
final class ConnectFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Map<String, Object> COMMITTED = Map.of("isolation.level", "read_committed");

  private ConnectFixture() {}

  /**
   * One broker (KRaft) and one Connect worker on loopback, with the given worker settings, and the
   * topics made; the broker takes transactions on its own (single-replica transaction log).
   */
  static EmbeddedConnectCluster start(
      String name, Map<String, String> worker, int recordPartitions) {
    return start(name, 1, worker, recordPartitions);
  }

  /** The same with several workers in one Connect cluster. */
  static EmbeddedConnectCluster start(
      String name, int workers, Map<String, String> worker, int recordPartitions) {
    Properties broker = new Properties();
    broker.put("transaction.state.log.replication.factor", "1");
    broker.put("transaction.state.log.min.isr", "1");
    EmbeddedConnectCluster connect =
        new EmbeddedConnectCluster.Builder()
            .name(name)
            .numWorkers(workers)
            .numBrokers(1)
            .brokerProps(broker)
            .workerProps(new HashMap<>(worker))
            .build();
    connect.start();
    createTopics(connect, recordPartitions);
    return connect;
  }

  /** Stops what a test class started, either of which may be missing if starting failed. */
  static void stop(EmbeddedConnectCluster connect, TenableEmulator emulator) {
    if (connect != null) {
      connect.stop();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  /** Compacted record topics (assets, findings), the others plain, under the default prefix. */
  static void createTopics(EmbeddedConnectCluster connect, int recordPartitions) {
    createTopics(connect, "tenable", recordPartitions);
  }

  /** The same under another prefix, for tests that run several connectors on one cluster. */
  static void createTopics(EmbeddedConnectCluster connect, String prefix, int recordPartitions) {
    createTopics(connect.kafka(), prefix, recordPartitions);
  }

  static void createTopics(EmbeddedKafkaCluster kafka, String prefix, int recordPartitions) {
    for (String t : List.of(prefix + ".assets", prefix + ".findings")) {
      kafka.createTopic(t, recordPartitions, 1, Map.of("cleanup.policy", "compact"));
    }
    kafka.createTopic(prefix + ".rejected", 1);
    kafka.createTopic(prefix + ".sync", 1);
  }

  /**
   * A connector on the emulator: JSON values without schemas, small chunks, fast polling, the given
   * lanes and tasks.
   */
  static Map<String, String> connector(
      String name, TenableEmulator emulator, int lanes, int tasks) {
    Map<String, String> c = new HashMap<>();
    c.put("name", name);
    c.put("connector.class", TenableSourceConnector.class.getName());
    c.put("tasks.max", Integer.toString(tasks));
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    c.put("value.converter.schemas.enable", "false");
    c.put(KafkaSettings.TENABLE_URL, emulator.baseUrl().toString());
    c.put(KafkaSettings.ACCESS_KEY, EmulatorConfig.DEFAULT_ACCESS_KEY);
    c.put(KafkaSettings.SECRET_KEY, EmulatorConfig.DEFAULT_SECRET_KEY);
    c.put(KafkaSettings.LANES, Integer.toString(lanes));
    c.put(KafkaSettings.POLL_INTERVAL, "50");
    c.put("assets.per.chunk", "100");
    c.put("assets.per.vuln.chunk", "50");
    return c;
  }

  /**
   * The sync topic's SUMMARY of the connector's cycle, read committed, once it is there; fails at
   * once when the connector or a task has failed.
   */
  static JsonNode awaitSummary(
      EmbeddedConnectCluster connect, String name, String prefix, long cycle) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      ConnectorStateInfo status = statusOrNull(connect, name);
      if (status != null) {
        assertThat(status.connector().state())
            .as(status.connector().trace())
            .isNotEqualTo("FAILED");
        status.tasks().forEach(t -> assertThat(t.state()).as(t.trace()).isNotEqualTo("FAILED"));
      }
      for (ConsumerRecord<byte[], byte[]> r :
          connect.kafka().consumeAll(5_000, COMMITTED, null, prefix + ".sync")) {
        JsonNode v = JSON.readTree(r.value());
        if ("SUMMARY".equals(v.path("type").asText()) && v.path("cycle").asLong() == cycle) {
          return v;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no summary of cycle " + cycle + " of " + name + " in two minutes");
  }

  static ConnectorStateInfo statusOrNull(EmbeddedConnectCluster connect, String name) {
    try {
      return connect.connectors().contains(name) ? connect.connectorStatus(name) : null;
    } catch (RuntimeException notYet) {
      return null; // the worker has not written the connector's first status yet
    }
  }

  /** How many times each key is on a topic, read committed. */
  static Map<String, Integer> keyCounts(EmbeddedConnectCluster connect, String topic)
      throws Exception {
    return keyCounts(connect.kafka(), topic);
  }

  static Map<String, Integer> keyCounts(EmbeddedKafkaCluster kafka, String topic) throws Exception {
    Map<String, Integer> seen = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : kafka.consumeAll(10_000, COMMITTED, null, topic)) {
      seen.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
    }
    return seen;
  }
}

package dev.tenableconnector.kafka.demo;

import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.kafka.KafkaSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * One KRaft broker and one Connect worker in this process on loopback, loading the connector from
 * its plugin directory; the topics and the connector settings the demo and the benchmark use.
 */
final class LocalConnect {
  /** The connector's class, loaded by the worker from the plugin directory, never from here. */
  static final String CONNECTOR_CLASS = "dev.tenableconnector.kafka.TenableSourceConnector";

  private LocalConnect() {}

  /** Started, with the broker taking transactions on its own (single-replica transaction log). */
  static EmbeddedConnectCluster start(Path pluginPath, boolean exactlyOnce) {
    Properties broker = new Properties();
    broker.put("transaction.state.log.replication.factor", "1");
    broker.put("transaction.state.log.min.isr", "1");
    Map<String, String> worker = new HashMap<>();
    worker.put("plugin.path", pluginPath.toAbsolutePath().toString());
    worker.put("exactly.once.source.support", exactlyOnce ? "enabled" : "disabled");
    worker.put("offset.flush.interval.ms", "500");
    EmbeddedConnectCluster connect =
        new EmbeddedConnectCluster.Builder()
            .name("tenable-kafka-local")
            .numWorkers(1)
            .numBrokers(1)
            .brokerProps(broker)
            .workerProps(worker)
            .build();
    connect.start();
    return connect;
  }

  /** {@code <prefix>.assets} and {@code .findings} compacted, {@code .rejected}, {@code .sync}. */
  static List<String> createTopics(EmbeddedConnectCluster connect, String prefix, int partitions) {
    List<String> topics =
        List.of(prefix + ".assets", prefix + ".findings", prefix + ".rejected", prefix + ".sync");
    for (String topic : topics.subList(0, 2)) {
      connect.kafka().createTopic(topic, partitions, 1, Map.of("cleanup.policy", "compact"));
    }
    for (String topic : topics.subList(2, 4)) {
      connect.kafka().createTopic(topic, 1);
    }
    return topics;
  }

  /** A connector on the emulator's default keys, JSON values without schemas, fast polling. */
  static Map<String, String> connector(
      String tenableUrl, String prefix, int tasks, int lanes, boolean exactlyOnce) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", CONNECTOR_CLASS);
    c.put("tasks.max", Integer.toString(tasks));
    if (exactlyOnce) {
      c.put("exactly.once.support", "required");
      c.put("transaction.boundary", "connector");
    }
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    c.put("value.converter.schemas.enable", "false");
    c.put(KafkaSettings.TENABLE_URL, tenableUrl);
    c.put(KafkaSettings.ACCESS_KEY, EmulatorConfig.DEFAULT_ACCESS_KEY);
    c.put(KafkaSettings.SECRET_KEY, EmulatorConfig.DEFAULT_SECRET_KEY);
    c.put(KafkaSettings.TOPIC_PREFIX, prefix);
    c.put(KafkaSettings.LANES, Integer.toString(lanes));
    c.put(KafkaSettings.POLL_INTERVAL, "100");
    c.put(KafkaSettings.CYCLE_INTERVAL, Long.toString(3_600_000L));
    return c;
  }
}

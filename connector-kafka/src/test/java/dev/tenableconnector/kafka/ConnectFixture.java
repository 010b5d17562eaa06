package dev.tenableconnector.kafka;

import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** What the Kafka tests share: the topics as an operator makes them, a connector's settings. */
final class ConnectFixture {
  private ConnectFixture() {}

  /**
   * One broker (KRaft) and one Connect worker on loopback, with the given worker settings, and the
   * topics made; the broker takes transactions on its own (single-replica transaction log).
   */
  static EmbeddedConnectCluster start(
      String name, Map<String, String> worker, int recordPartitions) {
    Properties broker = new Properties();
    broker.put("transaction.state.log.replication.factor", "1");
    broker.put("transaction.state.log.min.isr", "1");
    EmbeddedConnectCluster connect =
        new EmbeddedConnectCluster.Builder()
            .name(name)
            .numWorkers(1)
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
    for (String t : List.of("tenable.assets", "tenable.findings")) {
      connect.kafka().createTopic(t, recordPartitions, 1, Map.of("cleanup.policy", "compact"));
    }
    connect.kafka().createTopic("tenable.rejected", 1);
    connect.kafka().createTopic("tenable.sync", 1);
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
}

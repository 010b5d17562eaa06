package dev.tenableconnector.kafka.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-bench}: a full cycle through Kafka Connect for each task count, from an emulator in
 * its own JVM, with findings/s and CPU-seconds per million findings for this process (broker,
 * worker and tasks together) and for the emulator.
 */
@Command(
    name = "kafka-bench",
    description =
        "Measures a full cycle through an in-process Kafka broker and Connect worker, from the"
            + " emulator in a JVM of its own, once per task count.")
public final class KafkaBench implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--plugin-path", paramLabel = "DIR", required = true)
  Path pluginPath;

  @Option(names = "--assets", defaultValue = "10000")
  int assets;

  @Option(names = "--findings-per-asset", defaultValue = "50")
  int findingsPerAsset;

  @Option(names = "--tasks", split = ",", defaultValue = "1,2")
  List<Integer> tasks;

  @Option(names = "--lanes", defaultValue = "8")
  int lanes;

  @Option(names = "--exactly-once", description = "Run the worker and connector exactly once.")
  boolean exactlyOnce;

  public static void main(String[] args) {
    System.exit(new CommandLine(new KafkaBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(pluginPath.resolve("lib"))) {
      spec.commandLine().getErr().println("kafka-bench: " + pluginPath + " has no lib/");
      return 2;
    }
    EmbeddedConnectCluster connect = LocalConnect.start(pluginPath, exactlyOnce);
    try {
      out.printf(
          "kafka-bench: %d assets x ~%d findings, %d lanes, exactly-once %s, %d cores%n",
          assets,
          findingsPerAsset,
          lanes,
          exactlyOnce ? "on" : "off",
          Runtime.getRuntime().availableProcessors());
      out.printf(
          "%6s %10s %8s %12s %16s %16s%n",
          "tasks", "findings", "wall s", "findings/s", "connect cpu-s/M", "emulator cpu-s/M");
      for (int run = 0; run < tasks.size(); run++) {
        int n = tasks.get(run);
        String prefix = "bench-" + (run + 1) + "-tasks-" + n;
        LocalConnect.createTopics(connect, prefix, 3);
        try (EmulatorProcess emulator = EmulatorProcess.start(assets, findingsPerAsset)) {
          Map<String, String> c =
              LocalConnect.connector(emulator.url().toString(), prefix, n, lanes, exactlyOnce);
          Duration emulatorBefore = emulator.cpu();
          long cpuBefore = processCpuNanos();
          long start = System.nanoTime();
          connect.configureConnector(prefix, c);
          JsonNode summary = awaitSummary(connect, prefix + ".sync");
          double wall = (System.nanoTime() - start) / 1e9;
          double cpu = (processCpuNanos() - cpuBefore) / 1e9;
          double emulatorCpu = (emulator.cpu().minus(emulatorBefore)).toNanos() / 1e9;
          long findings = summary.path("findings").asLong();
          double millions = findings / 1e6;
          out.printf(
              "%6d %,10d %8.1f %,12.0f %16.1f %16.1f%n",
              n, findings, wall, findings / wall, cpu / millions, emulatorCpu / millions);
          out.flush();
          connect.deleteConnector(prefix);
        }
      }
      return 0;
    } finally {
      connect.stop();
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static JsonNode awaitSummary(EmbeddedConnectCluster connect, String topic)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            connect.kafka().bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition p = new TopicPartition(topic, 0);
      consumer.assign(List.of(p));
      consumer.seekToBeginning(List.of(p));
      long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          JsonNode v = JSON.readTree(r.value());
          if ("SUMMARY".equals(v.path("type").asText())) {
            return v;
          }
        }
      }
    }
    throw new IllegalStateException("no summary on " + topic + " within an hour");
  }
}

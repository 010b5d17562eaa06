package dev.tenableconnector.kafka.demo;

import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.kafka.KafkaSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-demo}: the emulator, a KRaft broker and a Connect worker on loopback, and the
 * packaged connector plugin running a full and then a delta cycle, with the records printed as they
 * reach the topics.
 */
@Command(
    name = "kafka-demo",
    description =
        "Runs the bundled Tenable emulator, an in-process Kafka broker (KRaft) and Connect worker on"
            + " loopback, and the connector plugin: a full cycle, then a delta after the estate"
            + " changes. Prints records as they arrive and the topic counts, then stops.")
public final class KafkaDemo implements Callable<Integer> {
  static final String NAME = "tenable-demo";
  static final String PREFIX = "tenable";

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--plugin-path",
      paramLabel = "DIR",
      required = true,
      description =
          "The connector plugin's directory (bin/tenable-connector passes the one the build made"
              + " in connector-kafka/target/plugin/).")
  Path pluginPath;

  @Option(
      names = "--assets",
      defaultValue = "500",
      description = "Assets in the demo estate (default: ${DEFAULT-VALUE}).")
  int assets;

  @Option(
      names = "--findings-per-asset",
      defaultValue = "20",
      description = "Mean findings per asset (default: ${DEFAULT-VALUE}).")
  int findingsPerAsset;

  @Option(
      names = "--tasks",
      defaultValue = "2",
      description = "The connector's tasks.max (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "Give up when a cycle takes longer than this (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  public static void main(String[] args) {
    System.exit(new CommandLine(new KafkaDemo()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(pluginPath.resolve("lib"))) {
      err.println(
          "kafka-demo: "
              + pluginPath
              + " is not the connector plugin's directory (it has no lib/). Build it with"
              + " ./mvnw -pl connector-kafka -am package -DskipTests.");
      return 2;
    }
    EmulatorConfig emulatorConfig =
        EmulatorConfig.builder()
            .seed(seed)
            .assets(assets)
            .findingsPerAsset(findingsPerAsset)
            .queuedFor(Duration.ofMillis(200))
            .chunkInterval(Duration.ofMillis(10))
            .build();
    EmbeddedConnectCluster connect = null;
    try (TenableEmulator emulator = TenableEmulator.start(emulatorConfig)) {
      out.printf(
          "Tenable emulator at %s (%d assets x ~%d findings, seed %d); no Tenable account"
              + " needed.%n",
          emulator.baseUrl(), assets, findingsPerAsset, seed);
      out.flush();
      connect = LocalConnect.start(pluginPath, true);
      out.printf(
          "Kafka broker (KRaft) at %s and a Connect worker at %s, both in this process,"
              + " exactly-once on.%n",
          connect.kafka().bootstrapServers(), connect.endpointForResource(""));
      out.printf("Connector plugin loaded by the worker from %s.%n", pluginPath.toAbsolutePath());
      return show(emulator, connect, out, err);
    } finally {
      if (connect != null) {
        connect.stop();
      }
      out.flush();
    }
  }

  /** Runs the connector through a full and a delta cycle while watching its topics. */
  private int show(
      TenableEmulator emulator, EmbeddedConnectCluster connect, PrintWriter out, PrintWriter err)
      throws Exception {
    List<String> topics = LocalConnect.createTopics(connect, PREFIX, 3);
    out.println("Topics: " + String.join(", ", topics) + " (assets and findings compacted).");
    out.flush();

    try (TopicWatch watch = new TopicWatch(connect.kafka().bootstrapServers(), topics, out)) {
      Map<String, String> config =
          LocalConnect.connector(emulator.baseUrl().toString(), PREFIX, tasks, 4, true);
      config.put("assets.per.chunk", "100");
      config.put("assets.per.vuln.chunk", "50");
      connect.configureConnector(NAME, config);
      out.println();
      out.println("1. First cycle: a full import, records as they reach the topics.");
      if (!watch.awaitSummary(1, timeout, () -> failure(connect))) {
        return fail(err, connect, "the first cycle");
      }
      emulator.advance();
      out.println();
      out.println(
          "2. A day of scans later (the emulator scanned, fixed, reopened, deleted and added):"
              + " a delta cycle.");
      connect.patchConnectorConfig(NAME, Map.of(KafkaSettings.CYCLE_INTERVAL, "1000"));
      if (!watch.awaitSummary(2, timeout, () -> failure(connect))) {
        return fail(err, connect, "the delta cycle");
      }
      out.println();
      watch.printCounts();
      connect.deleteConnector(NAME);
    }
    out.println();
    out.println("Stopping the connector, the worker, the broker and the emulator.");
    out.println("docs/kafka.md: install the plugin into your own Connect cluster.");
    return 0;
  }

  private int fail(PrintWriter err, EmbeddedConnectCluster connect, String what) {
    String cause = failure(connect);
    err.println(
        "kafka-demo: "
            + what
            + (cause == null ? " did not finish within " + timeout : " failed: " + cause));
    return 1;
  }

  /** The connector's or a task's failure trace's first line, or null while all run. */
  private static String failure(EmbeddedConnectCluster connect) {
    try {
      var status = connect.connectorStatus(NAME);
      if ("FAILED".equals(status.connector().state())) {
        return firstLine(status.connector().trace());
      }
      for (var task : status.tasks()) {
        if ("FAILED".equals(task.state())) {
          return "task " + task.id() + ": " + firstLine(task.trace());
        }
      }
      return null;
    } catch (RuntimeException notYet) {
      return null; // the worker has not written the connector's first status yet
    }
  }

  private static String firstLine(String trace) {
    return trace == null ? "(no trace)" : trace.lines().findFirst().orElse(trace);
  }

  /** Durations as the CLI writes them: 90s, 5m, 1h. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Duration.parse("PT" + value.toUpperCase(java.util.Locale.ROOT));
    }
  }
}

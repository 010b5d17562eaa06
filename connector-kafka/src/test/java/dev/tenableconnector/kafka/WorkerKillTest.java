package dev.tenableconnector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.emulator.data.EstateSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Connect worker in a child JVM killed with SIGKILL in the middle of a chunk, then a new worker
 * in its place: with exactly-once on, a {@code read_committed} consumer sees every finding once;
 * with it off, none is missing. The broker runs in this JVM, the workers in their own.
 */
class WorkerKillTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static EmbeddedKafkaCluster kafka;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    Properties broker = new Properties();
    broker.put("transaction.state.log.replication.factor", "1");
    broker.put("transaction.state.log.min.isr", "1");
    kafka = new EmbeddedKafkaCluster(1, broker);
    kafka.start();
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.stop();
    }
  }

  @Test
  void withExactlyOnceAWorkerKilledMidChunkLeavesEveryFindingOnceForReadCommitted()
      throws Exception {
    try (TenableEmulator emulator = stallingEmulator()) {
      JsonNode summary = killAndReplace(emulator, "kill-eos", true);

      Map<String, Integer> seen = ConnectFixture.keyCounts(kafka, "kill-eos.findings");
      assertThat(seen.values()).as("no finding twice").containsOnly(1);
      assertThat((long) seen.size()).isEqualTo(summary.path("findings").asLong());
      assertNoGaps(emulator, "kill-eos");
      // The kill did land inside a chunk's transaction: its records are in the log, aborted.
      Map<String, Integer> uncommitted = new TreeMap<>();
      for (ConsumerRecord<byte[], byte[]> r :
          kafka.consumeAll(
              10_000, Map.of("isolation.level", "read_uncommitted"), null, "kill-eos.findings")) {
        uncommitted.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
      }
      assertThat(uncommitted.values()).as("findings of the aborted transaction").contains(2);
    }
  }

  @Test
  void withoutExactlyOnceAWorkerKilledMidChunkLosesNoFinding() throws Exception {
    try (TenableEmulator emulator = stallingEmulator()) {
      killAndReplace(emulator, "kill-alo", false);

      assertNoGaps(emulator, "kill-alo");
    }
  }

  /**
   * The fifth chunk download (two asset chunks come first) stops after 20 kB and stays silent long
   * enough to kill the worker in the middle of it.
   */
  private static TenableEmulator stallingEmulator() throws IOException {
    return TenableEmulator.start(
        EmulatorConfig.builder()
            .estate(EstateSettings.of(5, 200, 5))
            .fault("chunk:stall:bytes=20000:for=20s:after=4")
            .build());
  }

  /** Runs the connector on a child worker, kills it mid-chunk, and finishes on a new one. */
  private static JsonNode killAndReplace(TenableEmulator emulator, String name, boolean eos)
      throws Exception {
    ConnectFixture.createTopics(kafka, name, 2);
    Path props = workerProperties(name, eos);
    Process first = worker(props, name + "-1");
    try {
      Map<String, String> c = ConnectFixture.connector(name, emulator, 2, 1);
      c.put(KafkaSettings.TOPIC_PREFIX, name);
      if (eos) {
        c.put("exactly.once.support", "required");
        c.put("transaction.boundary", "connector");
      }
      put(props, "/connectors/" + name + "/config", JSON.writeValueAsString(c));
      awaitChunkRequests(emulator, 5);
      Thread.sleep(1000); // the stalled chunk's first records are written, not committed
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no abort
      first.waitFor();
    }
    Process second = worker(props, name + "-2");
    try {
      return awaitSummary(name);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "\nconnector status: "
              + get(props, "/connectors/" + name + "/status").body()
              + "\nrequests: "
              + emulator.requests(),
          e);
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  /** Every finding the CLI stores from the same estate has its latest value on the topic. */
  private static void assertNoGaps(TenableEmulator emulator, String prefix) throws Exception {
    emulator.faults().clear();
    try (InventoryStore cli = SqliteInventoryStore.open(dir.resolve(prefix + ".db"))) {
      TopicTruth.cliSync(emulator, cli);
      Map<String, JsonNode> findings = new TreeMap<>();
      for (ConsumerRecord<byte[], byte[]> r :
          kafka.consumeAll(10_000, ConnectFixture.COMMITTED, null, prefix + ".findings")) {
        findings.put(new String(r.key(), StandardCharsets.UTF_8), JSON.readTree(r.value()));
      }
      Map<String, JsonNode> stored = TopicTruth.stored(cli, Entity.FINDING);
      assertThat(new TreeSet<>(findings.keySet())).isEqualTo(new TreeSet<>(stored.keySet()));
    }
  }

  private static Path workerProperties(String name, boolean eos) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("listeners", "http://127.0.0.1:" + port);
    p.put("group.id", name + "-workers");
    p.put("config.storage.topic", name + "-configs");
    p.put("offset.storage.topic", name + "-offsets");
    p.put("status.storage.topic", name + "-status");
    p.put("config.storage.replication.factor", "1");
    p.put("offset.storage.replication.factor", "1");
    p.put("status.storage.replication.factor", "1");
    p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    p.put("offset.flush.interval.ms", "500");
    // The dead worker's connector and task go to the new worker as soon as it is seen gone.
    p.put("scheduled.rebalance.max.delay.ms", "0");
    p.put("session.timeout.ms", "6000");
    p.put("heartbeat.interval.ms", "1000");
    p.put("exactly.once.source.support", eos ? "enabled" : "disabled");
    Path file = dir.resolve(name + "-worker.properties");
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, null);
    }
    return file;
  }

  private static Process worker(Path props, String log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.addAll(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path")));
    command.addAll(List.of("org.apache.kafka.connect.cli.ConnectDistributed", props.toString()));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(log + ".log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (get(props, "/connectors").statusCode() == 200) {
          return p;
        }
      } catch (IOException notYet) {
        // the REST server is not listening yet
      }
      if (!p.isAlive()) {
        throw new AssertionError(
            "the worker exited: " + Files.readString(dir.resolve(log + ".log")));
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    throw new AssertionError("the worker's REST API did not come up in a minute");
  }

  private static URI url(Path props, String path) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(props)) {
      p.load(in);
    }
    return URI.create(p.getProperty("listeners") + path);
  }

  private static HttpResponse<String> get(Path props, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(url(props, path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void put(Path props, String path, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(url(props, path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
  }

  private static void awaitChunkRequests(TenableEmulator emulator, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (emulator.requests().stream().filter(r -> r.path().contains("/chunks/")).count() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + n + " chunk downloads in a minute");
      }
      Thread.sleep(50);
    }
  }

  private static JsonNode awaitSummary(String prefix) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r :
          kafka.consumeAll(5_000, ConnectFixture.COMMITTED, null, prefix + ".sync")) {
        JsonNode v = JSON.readTree(r.value());
        if ("SUMMARY".equals(v.path("type").asText()) && v.path("cycle").asLong() == 1) {
          return v;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no summary of cycle 1 on " + prefix + ".sync in two minutes");
  }
}

package dev.tenableconnector.kafka.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A {@code read_committed} consumer of the demo's topics: it prints a few records of each cycle and
 * every cycle summary as they arrive, and counts records and distinct keys per topic.
 */
final class TopicWatch implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SAMPLES_PER_CYCLE = 3;

  private final KafkaConsumer<String, String> consumer;
  private final PrintWriter out;
  private final Map<String, Long> records = new LinkedHashMap<>();
  private final Map<String, Set<String>> keys = new HashMap<>();
  private final Map<String, Integer> shown = new HashMap<>();
  private final Map<Long, JsonNode> summaries = new HashMap<>();

  TopicWatch(String bootstrapServers, List<String> topics, PrintWriter out) {
    this.out = out;
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions =
        topics.stream()
            .flatMap(t -> consumer.partitionsFor(t).stream())
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    topics.forEach(t -> records.put(t, 0L));
  }

  /**
   * Reads until the sync topic has the summary of the given cycle; false when the time runs out or
   * the failure check reports one.
   */
  boolean awaitSummary(long cycle, Duration timeout, Supplier<String> failure) throws Exception {
    shown.clear();
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextCheck = 0;
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
        take(r);
      }
      out.flush();
      if (summaries.containsKey(cycle)) {
        return true;
      }
      if (System.nanoTime() > nextCheck) {
        if (failure.get() != null) {
          return false;
        }
        nextCheck = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      }
    }
    return false;
  }

  private void take(ConsumerRecord<String, String> r) throws Exception {
    String topic = r.topic();
    records.merge(topic, 1L, Long::sum);
    keys.computeIfAbsent(topic, t -> new HashSet<>()).add(r.key());
    if (r.value() == null) {
      return; // a tombstone
    }
    JsonNode v = JSON.readTree(r.value());
    String kind = topic.substring(topic.lastIndexOf('.') + 1);
    switch (kind) {
      case "assets" ->
          sample(
              kind,
              "  asset    %s  %s  (%s)",
              r.key(),
              v.path("assetName").asText("-"),
              v.path("assetStatus").asText());
      case "findings" ->
          sample(
              kind,
              "  finding  %s  severity %s  %-8s plugin %s  %s",
              r.key(),
              v.path("findingSeverity").asText(),
              v.path("findingStatus").asText(),
              v.path("pluginId").asText(),
              v.path("findingName").asText());
      case "rejected" -> sample(kind, "  rejected %s  %s", r.key(), v.path("reason").asText());
      case "sync" -> {
        if ("SUMMARY".equals(v.path("type").asText())) {
          summaries.put(v.path("cycle").asLong(), v);
          out.printf(
              "  cycle %d (%s) done: %,d assets, %,d findings, %,d set aside; watermark %s%n",
              v.path("cycle").asLong(),
              v.path("mode").asText(),
              v.path("assets").asLong(),
              v.path("findings").asLong(),
              v.path("rejected").asLong(),
              v.path("watermarkAfter").asText());
        } else if ("LANE_DONE".equals(v.path("type").asText())) {
          out.printf(
              "  lane %d done: %,d assets, %,d findings so far in this lane%n",
              v.path("lane").asInt(), v.path("assets").asLong(), v.path("findings").asLong());
        }
      }
      default -> {}
    }
  }

  private void sample(String kind, String format, Object... args) {
    int n = shown.merge(kind, 1, Integer::sum);
    if (n <= SAMPLES_PER_CYCLE) {
      out.printf(format + "%n", args);
    } else if (n == SAMPLES_PER_CYCLE + 1) {
      out.printf("  ... more %s flowing%n", kind);
    }
  }

  /** Records and distinct keys per topic, as read so far. */
  Map<String, long[]> counts() {
    Map<String, long[]> out = new LinkedHashMap<>();
    records.forEach((t, n) -> out.put(t, new long[] {n, keys.getOrDefault(t, Set.of()).size()}));
    return out;
  }

  void printCounts() {
    out.println("Topic counts (read_committed; a compacted topic keeps the last record per key):");
    out.printf("  %-18s %10s %10s%n", "topic", "records", "keys");
    counts().forEach((t, c) -> out.printf("  %-18s %,10d %,10d%n", t, c[0], c[1]));
  }

  @Override
  public void close() {
    consumer.close();
  }
}

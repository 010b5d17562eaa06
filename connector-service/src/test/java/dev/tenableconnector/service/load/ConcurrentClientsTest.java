package dev.tenableconnector.service.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.service.ServiceFixture;
import dev.tenableconnector.testsupport.ManualClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 clients at once, each request on a connection of its own, paging findings with queries,
 * counting and exporting: every answer is complete and correct (no error, no short export).
 * Latencies are printed (p50, p95, max), not asserted: they belong in docs/benchmarks.md.
 */
class ConcurrentClientsTest {
  private static final int CLIENTS = Integer.getInteger("load.clients", 200);
  private static final int ROUNDS = Integer.getInteger("load.rounds", 3);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] QUERIES = {
    "", "finding.severity:>=high", "finding.status:OPEN", "log4j OR openssl", "asset.name:web*"
  };

  @TempDir Path dir;
  private TenableEmulator emulator;
  private ServiceFixture fixture;

  @BeforeEach
  void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .keys(EmulatorConfig.DEFAULT_ACCESS_KEY, EmulatorConfig.DEFAULT_SECRET_KEY)
                .assets(400)
                .findingsPerAsset(10)
                .queuedFor(Duration.ofMillis(50))
                .build());
    fixture = new ServiceFixture(dir, new ManualClock(Instant.parse("2026-11-22T10:00:00Z")));
    String id =
        fixture
            .call(
                "POST",
                "/api/connectors",
                "{\"name\":\"load\",\"tenableUrl\":\""
                    + emulator.baseUrl()
                    + "\",\"accessKey\":\""
                    + EmulatorConfig.DEFAULT_ACCESS_KEY
                    + "\",\"secretKey\":\""
                    + EmulatorConfig.DEFAULT_SECRET_KEY
                    + "\",\"schedule\":{\"type\":\"DAILY\",\"time\":\"02:30\",\"timezone\":\"UTC\"}}")
            .json()
            .path("id")
            .asText();
    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    fixture.awaitIdle(id);
  }

  @AfterEach
  void stop() {
    fixture.close();
    emulator.close();
  }

  @Test
  void twoHundredClientsPagingCountingAndExportingAllGetCompleteAnswers() throws Exception {
    long total = fixture.call("GET", "/api/findings?limit=1", null).json().path("total").asLong();
    assertThat(total).isGreaterThan(3000);
    List<Long> pages = Collections.synchronizedList(new ArrayList<>());
    List<Long> exports = Collections.synchronizedList(new ArrayList<>());
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    // One client object; HTTP/1.1 opens a connection per request in flight, so 200 at once.
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(
          pool.submit(
              () -> {
                go.await();
                for (int round = 0; round < ROUNDS; round++) {
                  String q = QUERIES[(client + round) % QUERIES.length];
                  String query =
                      q.isEmpty() ? "" : "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
                  if (client % 10 == 0 && round == 0) {
                    long t = System.nanoTime();
                    // Counted as they stream: 20 downloads held whole would fill the test's heap.
                    HttpResponse<java.util.stream.Stream<String>> r =
                        http.send(
                            request("/api/findings/export?format=jsonl"),
                            HttpResponse.BodyHandlers.ofLines());
                    long lines;
                    try (java.util.stream.Stream<String> body = r.body()) {
                      lines = body.count();
                    }
                    exports.add(System.nanoTime() - t);
                    if (r.statusCode() != 200 || lines != total) {
                      errors.add("export: " + r.statusCode() + ", " + lines + " of " + total);
                    }
                    continue;
                  }
                  long t = System.nanoTime();
                  HttpResponse<String> r =
                      get(http, "/api/findings?limit=50&offset=" + (50 * round) + query);
                  pages.add(System.nanoTime() - t);
                  JsonNode page = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
                  if (page == null || !page.path("items").isArray()) {
                    errors.add("page: " + r.statusCode() + " " + r.body());
                  }
                }
                return null;
              }));
    }
    long started = System.nanoTime();
    go.countDown();
    for (Future<?> f : clients) {
      f.get(10, TimeUnit.MINUTES);
    }
    long wall = System.nanoTime() - started;
    pool.shutdown();

    System.out.printf(
        "load: %d clients x %d requests over %,d findings in %.1f s: pages of 50 p50 %d ms,"
            + " p95 %d ms, max %d ms (%d); full JSONL exports p50 %d ms, p95 %d ms (%d); %d errors%n",
        CLIENTS,
        ROUNDS,
        total,
        wall / 1e9,
        percentile(pages, 50),
        percentile(pages, 95),
        percentile(pages, 100),
        pages.size(),
        percentile(exports, 50),
        percentile(exports, 95),
        exports.size(),
        errors.size());
    assertThat(errors).isEmpty();
    assertThat(pages.size() + exports.size()).isEqualTo(CLIENTS * ROUNDS);
  }

  private HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.service.port() + path))
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + ServiceFixture.TOKEN)
        .build();
  }

  private static long percentile(List<Long> nanos, int p) {
    if (nanos.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1_000_000;
  }
}

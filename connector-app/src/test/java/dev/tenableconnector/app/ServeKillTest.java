package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix's {@code serve} row: the service, running two connectors on two Tenable
 * accounts, killed with SIGKILL at a seeded random point; started again, it finishes both runs and
 * the inventory equals what two plain syncs store. {@code -Dfaults.kills=N} for more points, {@code
 * -Dfaults.seed=S} to replay one.
 */
class ServeKillTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "serve-kill-admin-token-0123456789";
  private static final int KILLS = Integer.getInteger("faults.kills", 1);

  @TempDir Path dir;

  @Test
  void aServiceKilledWhileTwoConnectorsRunFinishesBothAfterARestartLosingNothing()
      throws Exception {
    long seed = Long.getLong("faults.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.println("ServeKillTest: seed " + seed + " (replay with -Dfaults.seed=" + seed + ")");
    try (TenableEmulator a = emulator(1, "access-a");
        TenableEmulator b = emulator(2, "access-b")) {
      sync(a, "access-a", "reference.db", "a");
      sync(b, "access-b", "reference.db", "b");
      Map<String, List<String>> truth = inventory("reference.db");
      int clean = a.requests().size() + b.requests().size();

      for (int kill = 1; kill <= KILLS; kill++) {
        String db = "service-" + kill + ".db";
        int point = 1 + random.nextInt(Math.max(1, clean - 1));
        int before = a.requests().size() + b.requests().size();
        CliProcess first = serve(db);
        int port = port(first);
        String idA = connector(port, a, "access-a", "a");
        String idB = connector(port, b, "access-b", "b");
        call(port, "POST", "/api/connectors/" + idA + "/runs");
        call(port, "POST", "/api/connectors/" + idB + "/runs");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (a.requests().size() + b.requests().size() - before < point
            && !(done(port, idA) && done(port, idB))) {
          assertThat(System.nanoTime()).as("seed %d: request %d", seed, point).isLessThan(deadline);
          Thread.sleep(5);
        }
        first.kill();

        CliProcess second = serve(db);
        int again = port(second);
        deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!(done(again, idA) && done(again, idB))) {
          assertThat(System.nanoTime())
              .as("seed %d, killed after request %d: both runs end", seed, point)
              .isLessThan(deadline);
          Thread.sleep(200);
        }
        for (String id : List.of(idA, idB)) {
          JsonNode c = JSON.readTree(call(again, "GET", "/api/connectors/" + id).body());
          assertThat(c.path("state").asText())
              .as("seed %d, killed after request %d: %s", seed, point, c)
              .isEqualTo("PROCESSED");
        }
        second.stop();
        assertThat(inventory(db))
            .as("seed %d, service killed after request %d, then started again", seed, point)
            .isEqualTo(truth);
      }
    }
  }

  private static TenableEmulator emulator(long seed, String access) throws Exception {
    return TenableEmulator.start(
        EmulatorConfig.builder()
            .seed(seed)
            .assets(150)
            .findingsPerAsset(6)
            .keys(access, "secret-" + access)
            .queuedFor(Duration.ofMillis(200))
            .chunkInterval(Duration.ofMillis(100))
            .build());
  }

  private void sync(TenableEmulator e, String access, String db, String connector)
      throws Exception {
    CliProcess.Result r =
        CliProcess.run(
            dir,
            Map.of("TENABLE_ACCESS_KEY", access, "TENABLE_SECRET_KEY", "secret-" + access),
            "sync",
            "--tenable-url",
            e.baseUrl().toString(),
            "--db",
            db,
            "--connector",
            connector);
    assertThat(r.code()).as(r.err()).isZero();
  }

  private CliProcess serve(String db) throws Exception {
    return CliProcess.start(
        dir, Map.of("TENABLE_CONNECTOR_ADMIN_TOKEN", TOKEN), "serve", "--db", db, "--port", "0");
  }

  private static int port(CliProcess p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    while (System.nanoTime() < deadline) {
      Matcher m = listening.matcher(p.stdout());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not start: " + p.stdout() + p.stderr());
  }

  private static String connector(int port, TenableEmulator e, String access, String name)
      throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                request(port, "/api/connectors?skipTestConnection=true")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\""
                                + name
                                + "\",\"tenableUrl\":\""
                                + e.baseUrl()
                                + "\",\"accessKey\":\""
                                + access
                                + "\",\"secretKey\":\"secret-"
                                + access
                                + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).path("id").asText();
  }

  private static boolean done(int port, String id) throws Exception {
    String state =
        JSON.readTree(call(port, "GET", "/api/connectors/" + id).body()).path("state").asText();
    return state.equals("PROCESSED") || state.equals("ERRORED");
  }

  private static HttpResponse<String> call(int port, String method, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            request(port, path).method(method, HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json");
  }

  private Map<String, List<String>> inventory(String db) {
    return InventorySnapshot.of(dir.resolve(db).toString());
  }
}

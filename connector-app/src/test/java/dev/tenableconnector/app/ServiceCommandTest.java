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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code test-connection} and {@code serve} as separate processes, as a user runs them. */
class ServiceCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCESS = "svc-access-key-0001";
  private static final String SECRET = "svc-secret-key-do-not-print";

  @TempDir Path dir;
  private TenableEmulator emulator;

  @BeforeEach
  void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(150)
                .findingsPerAsset(3)
                .queuedFor(Duration.ofMillis(100))
                .keys(ACCESS, SECRET)
                .build());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void testConnectionPrintsTheFiveChecksAndExitsZeroOnlyWhenAllPass() throws Exception {
    CliProcess.Result ok =
        CliProcess.run(
            dir,
            Map.of("TENABLE_ACCESS_KEY", ACCESS, "TENABLE_SECRET_KEY", SECRET),
            "test-connection",
            "--tenable-url",
            emulator.baseUrl().toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out())
        .contains("1. Network reachability")
        .contains("2. TLS handshake")
        .contains("3. Authentication credential check")
        .contains("4. Authorization scope check")
        .contains("5. Data fetch")
        .contains("All five checks passed.");
    assertThat(ok.out().lines().filter(l -> l.contains(" PASSED "))).hasSize(5);

    CliProcess.Result wrong =
        CliProcess.run(
            dir,
            Map.of("TIO_ACCESS_KEY", ACCESS, "TIO_SECRET_KEY", "not-" + SECRET),
            "test-connection",
            "--tenable-url",
            emulator.baseUrl().toString(),
            "--json");
    assertThat(wrong.code()).isEqualTo(1);
    JsonNode checks = JSON.readTree(wrong.out()).path("checks");
    assertThat(checks).hasSize(5);
    assertThat(checks.get(2).path("status").asText()).isEqualTo("FAILED");
    assertThat(checks.get(2).path("remedy").asText()).isNotBlank();
    assertThat(checks.get(3).path("status").asText()).isEqualTo("SKIPPED");
    assertThat(checks.get(0).has("durationMs")).isTrue();
    assertThat(wrong.out() + wrong.err()).doesNotContain(SECRET);

    CliProcess.Result noKeys =
        CliProcess.run(
            dir, Map.of(), "test-connection", "--tenable-url", emulator.baseUrl().toString());
    assertThat(noKeys.code()).isEqualTo(2);
    assertThat(noKeys.err()).contains("TENABLE_ACCESS_KEY");
  }

  @Test
  void serveGeneratesTheAdminTokenOnceAndKeepsConnectorsAcrossARestart() throws Exception {
    CliProcess first =
        CliProcess.start(dir, Map.of(), "serve", "--db", "data/svc.db", "--port", "0");
    String out = awaitOutput(first, "Web UI");
    int port = port(out);
    assertThat(out).contains("Web UI: http://127.0.0.1:" + port + "/ui/");
    Matcher token = Pattern.compile("\\n  (\\S{40,})\\n").matcher(out);
    assertThat(token.find()).as(out).isTrue();
    String adminToken = token.group(1);
    assertThat(Files.getPosixFilePermissions(dir.resolve("data/svc.master-key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    HttpClient http = HttpClient.newHttpClient();
    String body =
        "{\"name\":\"prod\",\"tenableUrl\":\""
            + emulator.baseUrl()
            + "\",\"accessKey\":\""
            + ACCESS
            + "\",\"secretKey\":\""
            + SECRET
            + "\",\"schedule\":{\"type\":\"DAILY\",\"time\":\"02:30\",\"timezone\":\"Asia/Calcutta\"}}";
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/connectors"))
                .header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    CliProcess.Result stopped = first.stop();
    assertThat(stopped.err()).contains("connector 'prod'").doesNotContain(SECRET);

    assertThat(Files.getPosixFilePermissions(dir.resolve("data/svc.db")))
        .as("the inventory holds sealed keys and every host's weaknesses")
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    // A deleted master key file is not replaced by a new key: the sealed keys need the old one.
    byte[] masterKey = Files.readAllBytes(dir.resolve("data/svc.master-key"));
    Files.delete(dir.resolve("data/svc.master-key"));
    CliProcess.Result refused =
        CliProcess.run(dir, Map.of(), "serve", "--db", "data/svc.db", "--port", "0");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains("master key file")
        .contains("is missing")
        .contains("restore the file")
        .doesNotContain("Exception");
    assertThat(dir.resolve("data/svc.master-key")).doesNotExist();
    Files.write(dir.resolve("data/svc.master-key"), masterKey);
    CliProcess.Result badOptions =
        CliProcess.run(
            dir,
            Map.of(),
            "serve",
            "--db",
            "data/svc.db",
            "--port",
            "0",
            "--workers",
            "40",
            "--query-timeout",
            "2h");
    assertThat(badOptions.code()).isEqualTo(2);
    assertThat(badOptions.err())
        .contains("--workers must be 1-16, not 40")
        .contains("--query-timeout must be 1s-1h, not 2h");

    CliProcess second =
        CliProcess.start(dir, Map.of(), "serve", "--db", "data/svc.db", "--port", "0");
    String again = awaitOutput(second, "Admin token");
    assertThat(again)
        .contains("Admin token: the token generated at first start")
        .doesNotContain(adminToken);
    HttpResponse<String> list =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port(again) + "/api/connectors"))
                .header("Authorization", "Bearer " + adminToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).isEqualTo(200);
    JsonNode connector = JSON.readTree(list.body()).path("connectors").get(0);
    assertThat(connector.path("name").asText()).isEqualTo("prod");
    assertThat(connector.path("nextRunAt").asText()).endsWith("T21:00:00Z");
    assertThat(list.body()).doesNotContain(SECRET);
    second.stop();
  }

  @Test
  void aRunInterruptedByAStopResumesItsExportsAfterTheRestart() throws Exception {
    try (TenableEmulator slow =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(200)
                .findingsPerAsset(3)
                .queuedFor(Duration.ofSeconds(4))
                .keys(ACCESS, SECRET)
                .build())) {
      Map<String, String> env =
          Map.of("TENABLE_CONNECTOR_ADMIN_TOKEN", "a-test-admin-token-of-some-length");
      CliProcess first =
          CliProcess.start(
              dir, env, "serve", "--db", "data/svc.db", "--port", "0", "--stop-timeout", "0s");
      int port = port(awaitOutput(first, "Admin token"));
      HttpClient http = HttpClient.newHttpClient();
      String body =
          "{\"name\":\"prod\",\"tenableUrl\":\""
              + slow.baseUrl()
              + "\",\"accessKey\":\""
              + ACCESS
              + "\",\"secretKey\":\""
              + SECRET
              + "\"}";
      HttpResponse<String> created =
          http.send(
              request(port, "/api/connectors?skipTestConnection=true")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = JSON.readTree(created.body()).path("id").asText();
      http.send(
          request(port, "/api/connectors/" + id + "/runs")
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // The client polls an export's status only once the export is saved in the run's record;
      // stopping before that would leave the restarted run nothing to resume (it adopts by 409).
      while (slow.requests().stream()
          .noneMatch(r -> r.path().matches("/assets/export/[^/]+/status"))) {
        assertThat(System.nanoTime()).as("the run started its asset export").isLessThan(deadline);
        Thread.sleep(50);
      }
      first.stop(); // SIGTERM while the export is still queued on Tenable

      CliProcess second = CliProcess.start(dir, env, "serve", "--db", "data/svc.db", "--port", "0");
      int again = port(awaitOutput(second, "Admin token"));
      JsonNode connector = null;
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        connector =
            JSON.readTree(
                http.send(
                        request(again, "/api/connectors/" + id).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
        if (connector.path("state").asText().equals("PROCESSED")
            || connector.path("state").asText().equals("ERRORED")) {
          break;
        }
        Thread.sleep(200);
      }
      second.stop();
      assertThat(connector.path("state").asText()).as(connector.toString()).isEqualTo("PROCESSED");
      assertThat(connector.path("lastRun").path("resumedCount").asInt()).isEqualTo(1);
      assertThat(slow.requests())
          .as("the resumed run followed the export it had started")
          .filteredOn(r -> r.path().equals("/assets/export") && r.method().equals("POST"))
          .hasSize(1);
    }
  }

  private static HttpRequest.Builder request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer a-test-admin-token-of-some-length");
  }

  private static int port(String out) {
    Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static String awaitOutput(CliProcess p, String marker) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String out = p.stdout();
      if (out.contains(marker) && out.endsWith("\n")) {
        Thread.sleep(200);
        return p.stdout();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + marker + "' in 60 s: " + p.stdout() + p.stderr());
  }
}

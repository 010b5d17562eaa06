package dev.tenableconnector.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.service.ServiceFixture;
import dev.tenableconnector.testsupport.ManualClock;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an attacker on the network can send the service, and what it must answer. */
class HostileRequestsTest {
  @TempDir Path dir;
  private ServiceFixture fixture;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    fixture = new ServiceFixture(dir, new ManualClock(Instant.parse("2026-11-01T00:00:00Z")));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** A body of {@code size} bytes sent chunked (no Content-Length), counting what was taken. */
  private HttpResponse<String> chunkedPost(String path, long size, AtomicLong sent, boolean bearer)
      throws Exception {
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return sent.getAndIncrement() < size ? 'a' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            long left = size - sent.get();
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'a');
            sent.addAndGet(n);
            return n;
          }
        };
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.service.port() + path))
            .timeout(Duration.ofSeconds(60))
            .header(
                "Content-Type",
                path.startsWith("/ui") ? "application/x-www-form-urlencoded" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless));
    if (bearer) {
      b.header("Authorization", "Bearer " + ServiceFixture.TOKEN);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException closedWhileSending) {
      return null; // the server answered and closed before the whole body was sent
    }
  }

  @Test
  void aChunkedBodyPastTheLimitIsRefusedWithoutBeingReadWhole() throws Exception {
    for (String path : new String[] {"/ui/login", "/api/connectors"}) {
      AtomicLong sent = new AtomicLong();
      HttpResponse<String> r = chunkedPost(path, 200_000_000L, sent, path.startsWith("/api"));

      if (r != null) {
        assertThat(r.statusCode()).as(path).isEqualTo(413);
        assertThat(r.body()).contains("PAYLOAD_TOO_LARGE");
      }
      assertThat(sent.get())
          .as(path + ": bytes the service took before refusing")
          .isLessThan(50_000_000L);
    }
    assertThat(fixture.call("GET", "/api/connectors", null).status()).isEqualTo(200);
  }

  @Test
  void aDeclaredLengthPastTheLimitIsRefusedBeforeAuthentication() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fixture.service.port() + "/api/connectors"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1_500_000]))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("PAYLOAD_TOO_LARGE").contains("1 MB");
  }

  @Test
  void keysWithAPastedInvisibleCharacterAreRefusedAtInputAndNeverEchoed() throws Exception {
    String secret = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    String access = "\uFEFF4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a";
    String body =
        "{\"name\": \"pasted\", \"tenableUrl\": \"https://cloud.tenable.com\","
            + " \"accessKey\": \""
            + access
            + "\", \"secretKey\": \""
            + secret
            + "\u200B\"}";
    for (String path : new String[] {"/api/connectors/test", "/api/connectors"}) {
      ServiceFixture.Response r = fixture.call("POST", path, body);

      assertThat(r.status()).as(path).isEqualTo(400);
      assertThat(r.body())
          .contains("accessKey: character 1 is U+FEFF")
          .contains("secretKey: character 65 is U+200B")
          .doesNotContain(secret)
          .doesNotContain(access.substring(1));
    }
    assertThat(fixture.call("GET", "/api/connectors", null).json().path("connectors")).isEmpty();
  }

  /** A request written by hand on a socket, so that any Host header can be sent. */
  private String raw(String request) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fixture.service.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void aRequestNamingAnotherHostIsRefusedAsDnsRebindingWouldSendIt() throws Exception {
    String rebound =
        raw(
            "GET /api/connectors HTTP/1.1\r\nHost: evil.example:"
                + fixture.service.port()
                + "\r\nAuthorization: Bearer "
                + ServiceFixture.TOKEN
                + "\r\nConnection: close\r\n\r\n");
    String local =
        raw(
            "GET /api/connectors HTTP/1.1\r\nHost: localhost:"
                + fixture.service.port()
                + "\r\nAuthorization: Bearer "
                + ServiceFixture.TOKEN
                + "\r\nConnection: close\r\n\r\n");

    assertThat(rebound)
        .startsWith("HTTP/1.1 421")
        .contains("MISDIRECTED_REQUEST")
        .doesNotContain("\"connectors\"");
    assertThat(local).startsWith("HTTP/1.1 200");
  }

  @Test
  void aMethodOverrideHeaderIsRefusedAndDeletesNothing() throws Exception {
    ServiceFixture.Response created =
        fixture.call(
            "POST",
            "/api/connectors?skipTestConnection=true",
            "{\"name\": \"kept\", \"tenableUrl\": \"https://cloud.tenable.com\", \"accessKey\": \""
                + "a".repeat(64)
                + "\", \"secretKey\": \""
                + "b".repeat(64)
                + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();

    String overridden =
        raw(
            "GET /api/connectors/"
                + id
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer "
                + ServiceFixture.TOKEN
                + "\r\nX-HTTP-Method-Override: DELETE\r\n"
                + "Connection: close\r\n\r\n");

    assertThat(overridden).startsWith("HTTP/1.1 400").contains("METHOD_OVERRIDE");
    assertThat(fixture.call("GET", "/api/connectors/" + id, null).status()).isEqualTo(200);
  }

  @Test
  void apiAnswersAreNeitherSniffedNorCached() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fixture.service.port() + "/api/connectors"))
                .header("Authorization", "Bearer " + ServiceFixture.TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> missing =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fixture.service.port() + "/api/nothing-here"))
                .header("Authorization", "Bearer " + ServiceFixture.TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> answer : java.util.List.of(r, missing)) {
      assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
      assertThat(answer.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/json");
    }
  }

  @Test
  void guessingTheBearerTokenIsLimitedToTenTriesAMinute() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(fixture.call("GET", "/api/connectors", null, "guess-" + i).status())
          .isEqualTo(401);
    }

    ServiceFixture.Response blocked = fixture.call("GET", "/api/connectors", null, "guess-10");
    ServiceFixture.Response right = fixture.call("GET", "/api/connectors", null);

    assertThat(blocked.status()).isEqualTo(429);
    assertThat(blocked.json().path("code").asText()).isEqualTo("TOO_MANY_WRONG_TOKENS");
    assertThat(right.status()).as("the right token too, from the guessing address").isEqualTo(429);
    assertThat(fixture.call("GET", "/health", null, null).status()).isEqualTo(200);
  }

  @Test
  void aQueryBuiltToHurtGetsA400WithItsPosition() throws Exception {
    for (String q :
        new String[] {
          "NOT ".repeat(499) + "finding.severity:5",
          "(".repeat(40) + "finding.severity:5" + ")".repeat(40),
          "vulnerabilities:(inventory:(vulnerabilities:(finding.name:*a*)))",
          "finding.lastFound:>=+10000-01-01T00:00:00Z"
        }) {
      ServiceFixture.Response r =
          fixture.call(
              "GET",
              "/api/assets?q="
                  + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8),
              null);

      assertThat(r.status()).as(q.substring(0, Math.min(40, q.length()))).isEqualTo(400);
      assertThat(r.json().path("details").get(0).asText()).startsWith("q: at ");
    }
  }

  @Test
  void changingTheUrlNeedsTheKeysAgainSoStoredKeysNeverGoToAnotherHost() throws Exception {
    try (dev.tenableconnector.emulator.TenableEmulator tenable =
            dev.tenableconnector.emulator.TenableEmulator.start(
                dev.tenableconnector.emulator.EmulatorConfig.builder().build());
        dev.tenableconnector.emulator.TenableEmulator elsewhere =
            dev.tenableconnector.emulator.TenableEmulator.start(
                dev.tenableconnector.emulator.EmulatorConfig.builder().build())) {
      String keys =
          "\"accessKey\": \""
              + dev.tenableconnector.emulator.EmulatorConfig.DEFAULT_ACCESS_KEY
              + "\", \"secretKey\": \""
              + dev.tenableconnector.emulator.EmulatorConfig.DEFAULT_SECRET_KEY
              + "\"";
      ServiceFixture.Response created =
          fixture.call(
              "POST",
              "/api/connectors",
              "{\"name\": \"prod\", \"tenableUrl\": \"" + tenable.baseUrl() + "\", " + keys + "}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String id = created.json().path("id").asText();

      for (String query : new String[] {"", "?skipTestConnection=true"}) {
        ServiceFixture.Response moved =
            fixture.call(
                "PUT",
                "/api/connectors/" + id + query,
                "{\"tenableUrl\": \"" + elsewhere.baseUrl() + "\"}");

        assertThat(moved.status()).as(query).isEqualTo(400);
        assertThat(moved.json().path("details").get(0).asText())
            .contains("a new URL needs the keys entered again");
      }
      assertThat(elsewhere.requests())
          .as("nothing, keys least of all, went to the other host")
          .isEmpty();
      ServiceFixture.Response withKeys =
          fixture.call(
              "PUT",
              "/api/connectors/" + id,
              "{\"tenableUrl\": \"" + elsewhere.baseUrl() + "\", " + keys + "}");
      assertThat(withKeys.status()).as(withKeys.body()).isEqualTo(200);
      assertThat(withKeys.json().path("tenableUrl").asText())
          .isEqualTo(elsewhere.baseUrl().toString());
    }
  }

  @Test
  void aSenderThatGoesSilentMidRequestLosesTheConnection() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fixture.service.port())) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              "GET /api/connectors HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      long started = System.nanoTime();

      int read;
      try {
        read = socket.getInputStream().read();
        while (read >= 0) {
          read = socket.getInputStream().read();
        }
      } catch (java.net.SocketException reset) {
        read = -1;
      }

      assertThat(read).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("closed by the service, not by our timeout")
          .isLessThan(Duration.ofSeconds(25));
    }
  }

  @Test
  void requestsTooMalformedToReachTheApiStillGetItsJsonShape() throws Exception {
    String garbage = raw("NOT-HTTP AT ALL\r\n\r\n");
    String longUri =
        raw(
            "GET /api/connectors?q="
                + "a".repeat(20_000)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");

    for (String answer : new String[] {garbage, longUri}) {
      assertThat(answer)
          .matches("(?s)HTTP/1.1 [45]\\d\\d.*")
          .containsIgnoringCase("content-type: application/json")
          .contains("\"code\":\"HTTP_")
          .doesNotContain("<html")
          .doesNotContainIgnoringCase("jetty");
    }
  }

  @Test
  void connectorsAreLimitedSoTheListStaysSmall() throws Exception {
    int max = dev.tenableconnector.service.connector.Connectors.MAX_CONNECTORS;
    for (int i = 0; i < max; i++) {
      String access = String.format("%064x", i);
      ServiceFixture.Response r =
          fixture.call(
              "POST",
              "/api/connectors?skipTestConnection=true",
              "{\"name\": \"c"
                  + i
                  + "\", \"tenableUrl\": \"https://cloud.tenable.com\", \"accessKey\": \""
                  + access
                  + "\", \"secretKey\": \""
                  + "b".repeat(64)
                  + "\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    ServiceFixture.Response over =
        fixture.call(
            "POST",
            "/api/connectors?skipTestConnection=true",
            "{\"name\": \"one-too-many\", \"tenableUrl\": \"https://cloud.tenable.com\", \"accessKey\": \""
                + "c".repeat(64)
                + "\", \"secretKey\": \""
                + "b".repeat(64)
                + "\"}");

    assertThat(over.status()).isEqualTo(409);
    assertThat(over.json().path("code").asText()).isEqualTo("CONNECTOR_LIMIT");
    assertThat(fixture.call("GET", "/api/connectors", null).json().path("connectors")).hasSize(max);

    // and it comes a page at a time, in a stable order
    var firstPage = fixture.call("GET", "/api/connectors?limit=50", null).json();
    var thirdPage = fixture.call("GET", "/api/connectors?limit=50&offset=100", null).json();
    assertThat(firstPage.path("connectors")).hasSize(50);
    assertThat(firstPage.path("total").asInt()).isEqualTo(max);
    assertThat(thirdPage.path("connectors").get(0).path("name").asText())
        .isEqualTo(
            fixture
                .call("GET", "/api/connectors", null)
                .json()
                .path("connectors")
                .get(100)
                .path("name")
                .asText());
    assertThat(fixture.call("GET", "/api/connectors?offset=500", null).json().path("connectors"))
        .isEmpty();
    ServiceFixture.Response badPage = fixture.call("GET", "/api/connectors?limit=0&page=2", null);
    assertThat(badPage.status()).isEqualTo(400);
    assertThat(badPage.json().path("details").toString()).contains("page: not a parameter");
  }
}

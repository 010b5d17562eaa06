package dev.tenableconnector.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.service.ServiceFixture;
import dev.tenableconnector.testsupport.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API over a real socket: auth, validation, errors, secrets, the account guard, OpenAPI.
 */
class ApiTest {
  private static final String ACCESS =
      "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2";
  private static final String SECRET =
      "f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9";

  @TempDir Path dir;

  private TenableEmulator emulator;
  private ServiceFixture fixture;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Logger projectLogger;

  @BeforeEach
  void start() throws Exception {
    projectLogger = (Logger) LoggerFactory.getLogger("dev.tenableconnector");
    projectLogger.setLevel(Level.DEBUG);
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .keys(ACCESS, SECRET)
                .assets(200)
                .findingsPerAsset(4)
                .queuedFor(Duration.ofMillis(50))
                .chunkInterval(Duration.ofMillis(10))
                .build());
    fixture = new ServiceFixture(dir, new ManualClock(Instant.parse("2026-11-22T10:00:00Z")));
  }

  @AfterEach
  void stop() {
    fixture.close();
    emulator.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    projectLogger.setLevel(null);
  }

  /** A connector on the emulator, created and run once: the inventory then holds its data. */
  private String syncedConnector(String name) throws Exception {
    ServiceFixture.Response created =
        fixture.call(
            "POST", "/api/connectors", body(name, ACCESS, SECRET, emulator.baseUrl().toString()));
    String id = created.json().path("id").asText();
    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    fixture.awaitIdle(id);
    return id;
  }

  private String body(String name, String access, String secret, String url) {
    return "{\"name\":\""
        + name
        + "\",\"tenableUrl\":\""
        + url
        + "\",\"accessKey\":\""
        + access
        + "\",\"secretKey\":\""
        + secret
        + "\",\"schedule\":{\"type\":\"DAILY\",\"time\":\"02:30\",\"timezone\":\"UTC\"}}";
  }

  @Test
  void everyApiRouteNeedsTheAdminTokenButHealthAndTheDescriptionDoNot() throws Exception {
    for (String path : List.of("/api/connectors", "/api/assets", "/api/findings", "/metrics")) {
      ServiceFixture.Response none = fixture.call("GET", path, null, null);
      assertThat(none.status()).as(path).isEqualTo(401);
      assertThat(none.json().path("code").asText()).isEqualTo("UNAUTHORIZED");
      assertThat(fixture.call("GET", path, null, "wrong-token-wrong-token").status())
          .isEqualTo(401);
      assertThat(fixture.call("GET", path, null).status()).isEqualTo(200);
    }
    assertThat(
            fixture
                .call(
                    "POST",
                    "/api/connectors",
                    body("x", ACCESS, SECRET, emulator.baseUrl().toString()),
                    null)
                .status())
        .isEqualTo(401);
    assertThat(fixture.service.connectors().list()).isEmpty();
    assertThat(fixture.call("GET", "/health", null, null).json().path("status").asText())
        .isEqualTo("UP");
    assertThat(fixture.call("GET", "/openapi.json", null, null).json().path("openapi").asText())
        .startsWith("3.");
  }

  @Test
  void badInputGetsA4xxNamingEveryProblemAndNeverAStackTrace() throws Exception {
    ServiceFixture.Response invalid =
        fixture.call(
            "POST",
            "/api/connectors",
            "{\"name\":\"  \",\"description\":\""
                + "x".repeat(181)
                + "\",\"tenableUrl\":\"http://tenable.example.com\",\"accessKey\":\"k\",\"dataToSync\":\"VULNS\","
                + "\"preset\":\"most\",\"filters\":{\"severities\":[\"urgent\"],\"cidr\":\"10.0.0/8\"},"
                + "\"schedule\":{\"type\":\"DAILY\",\"time\":\"2:30pm\"},\"retainDelta\":\"yes\",\"colour\":\"red\"}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().path("code").asText()).isEqualTo("VALIDATION_FAILED");
    List<String> details = new ArrayList<>();
    invalid.json().path("details").forEach(d -> details.add(d.asText()));
    assertThat(details)
        .anyMatch(d -> d.startsWith("name:"))
        .anyMatch(d -> d.startsWith("description: at most 180"))
        .anyMatch(d -> d.startsWith("tenableUrl: plain http"))
        .anyMatch(d -> d.startsWith("secretKey: required"))
        .anyMatch(d -> d.startsWith("dataToSync:"))
        .anyMatch(d -> d.startsWith("preset:"))
        .anyMatch(d -> d.startsWith("filters.severities:"))
        .anyMatch(d -> d.startsWith("filters.cidr:"))
        .anyMatch(d -> d.startsWith("schedule.time:"))
        .anyMatch(d -> d.startsWith("schedule.timezone:"))
        .anyMatch(d -> d.startsWith("retainDelta:"))
        .anyMatch(d -> d.startsWith("colour: unknown field"));

    ServiceFixture.Response notJson = fixture.call("POST", "/api/connectors", "{\"name\": ");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().path("details").get(0).asText())
        .contains("not valid JSON")
        .contains("line 1");

    ServiceFixture.Response badMap =
        fixture.call(
            "POST",
            "/api/connectors/test",
            "{\"accessKey\":\"a\",\"secretKey\":\"b\","
                + "\"transformMap\":{\"name\":\"mine\",\"assets\":[{\"source\":\"hostnme\",\"target\":\"assetNam\"}]}}");
    assertThat(badMap.status()).isEqualTo(400);
    assertThat(badMap.json().path("details").toString())
        .contains("transformMap:")
        .contains("assetName");

    assertThat(fixture.call("GET", "/api/connectors/no-such-id", null).status()).isEqualTo(404);
    ServiceFixture.Response route = fixture.call("GET", "/api/nothing-here", null);
    assertThat(route.status()).isEqualTo(404);
    assertThat(route.json().path("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(fixture.call("PATCH", "/api/connectors", "{}").status()).isIn(404, 405);
    ServiceFixture.Response paging =
        fixture.call(
            "GET", "/api/findings?limit=5000&offset=-1&order=up&sort=colour&plugin=1", null);
    assertThat(paging.status()).isEqualTo(400);
    assertThat(paging.json().path("details")).hasSize(5);
    ServiceFixture.Response huge =
        fixture.call(
            "POST", "/api/connectors", "{\"description\":\"" + "x".repeat(2_000_000) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.json().path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    for (ServiceFixture.Response r : List.of(invalid, notJson, badMap, route, paging, huge)) {
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void aConnectorIsCreatedOnlyWhenTestConnectionPassesUnlessExplicitlySkipped() throws Exception {
    ServiceFixture.Response refused =
        fixture.call(
            "POST",
            "/api/connectors",
            body("prod", "wrong-access", "wrong-secret", emulator.baseUrl().toString()));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().path("code").asText()).isEqualTo("TEST_CONNECTION_FAILED");
    JsonNode checks = refused.json().path("checks");
    assertThat(checks).hasSize(5);
    assertThat(checks.get(2).path("name").asText()).isEqualTo("Authentication credential check");
    assertThat(checks.get(2).path("status").asText()).isEqualTo("FAILED");
    assertThat(checks.get(2).path("remedy").asText()).isNotBlank();
    assertThat(checks.get(4).path("status").asText()).isEqualTo("SKIPPED");
    assertThat(fixture.service.connectors().list()).isEmpty();

    ServiceFixture.Response offline =
        fixture.call(
            "POST",
            "/api/connectors?skipTestConnection=true",
            body("offline", "wrong-access", "wrong-secret", emulator.baseUrl().toString()));
    assertThat(offline.status()).isEqualTo(201);
    assertThat(offline.json().path("untested").asBoolean()).isTrue();
    assertThat(offline.json().path("state").asText()).isEqualTo("REGISTERED");

    ServiceFixture.Response unsaved =
        fixture.call(
            "POST",
            "/api/connectors/test",
            body("x", ACCESS, SECRET, emulator.baseUrl().toString()));
    assertThat(unsaved.status()).isEqualTo(200);
    assertThat(unsaved.json().path("passed").asBoolean()).isTrue();
    for (JsonNode check : unsaved.json().path("checks")) {
      assertThat(check.path("status").asText()).isEqualTo("PASSED");
      assertThat(check.has("durationMs")).isTrue();
      assertThat(check.has("message")).isTrue();
    }

    ServiceFixture.Response created =
        fixture.call(
            "POST", "/api/connectors", body("prod", ACCESS, SECRET, emulator.baseUrl().toString()));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(created.json().path("account").path("label").asText())
        .contains("integration@example.com");
    assertThat(created.json().path("stateChangedAt").asText()).isNotEmpty();
    ServiceFixture.Response saved = fixture.call("POST", "/api/connectors/" + id + "/test", null);
    assertThat(saved.json().path("passed").asBoolean()).isTrue();
    ServiceFixture.Response sameName =
        fixture.call(
            "POST", "/api/connectors", body("PROD", "k2", "s2", emulator.baseUrl().toString()));
    assertThat(sameName.status()).isEqualTo(409);
    assertThat(sameName.json().path("code").asText()).isEqualTo("NAME_TAKEN");
  }

  @Test
  void aSecondConnectorForTheSameTenableAccountIsRefused() throws Exception {
    String url = emulator.baseUrl().toString();
    assertThat(fixture.call("POST", "/api/connectors", body("first", ACCESS, SECRET, url)).status())
        .isEqualTo(201);

    ServiceFixture.Response sameKey =
        fixture.call("POST", "/api/connectors", body("second", ACCESS, SECRET, url));
    assertThat(sameKey.status()).isEqualTo(409);
    assertThat(sameKey.json().path("code").asText()).isEqualTo("DUPLICATE_ACCOUNT");
    assertThat(sameKey.json().path("message").asText())
        .contains("'first'")
        .contains("same access key");
    assertThat(emulator.requests())
        .as("refused before Tenable is asked")
        .filteredOn(r -> r.path().equals("/session"))
        .hasSize(1);

    // other keys of the same Tenable user (as /session reports it) in the same container
    try (TenableEmulator sameUser =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .keys("other-access", "other-secret")
                .assets(50)
                .queuedFor(Duration.ofMillis(50))
                .build())) {
      ServiceFixture.Response r =
          fixture.call(
              "POST",
              "/api/connectors",
              body("third", "other-access", "other-secret", sameUser.baseUrl().toString()));
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.json().path("message").asText())
          .contains("same Tenable user")
          .contains("integration@example.com");
    }
    assertThat(fixture.service.connectors().list()).hasSize(1);
  }

  @Test
  void runNowNamesTheNewRunAndCountsRefuseParametersTheyDoNotTake() throws Exception {
    ServiceFixture.Response created =
        fixture.call(
            "POST", "/api/connectors", body("prod", ACCESS, SECRET, emulator.baseUrl().toString()));
    String id = created.json().path("id").asText();

    ServiceFixture.Response started = fixture.call("POST", "/api/connectors/" + id + "/runs", null);

    assertThat(started.status()).isEqualTo(202);
    long runId = started.json().path("runId").asLong();
    assertThat(runId).as(started.body()).isPositive();
    fixture.awaitIdle(id);
    assertThat(fixture.call("GET", "/api/connectors/" + id + "/runs/" + runId, null).status())
        .isEqualTo(200);
    ServiceFixture.Response counts =
        fixture.call("GET", "/api/findings/counts?by=findingSeverity&colour=red", null);
    assertThat(counts.status()).isEqualTo(400);
    assertThat(counts.json().path("details").toString())
        .contains("colour: not a parameter of this route");
    assertThat(fixture.call("GET", "/api/findings/counts?by=findingSeverity", null).status())
        .isEqualTo(200);
  }

  @Test
  void secretsNeverAppearInResponsesLogsOrTheDatabase() throws Exception {
    String url = emulator.baseUrl().toString();
    ServiceFixture.Response created =
        fixture.call("POST", "/api/connectors", body("prod", ACCESS, SECRET, url));
    String id = created.json().path("id").asText();
    List<String> bodies = new ArrayList<>();
    bodies.add(created.body());
    bodies.add(fixture.call("POST", "/api/connectors/" + id + "/runs", null).body());
    fixture.awaitIdle(id);
    bodies.add(fixture.call("GET", "/api/connectors", null).body());
    bodies.add(fixture.call("GET", "/api/connectors/" + id, null).body());
    bodies.add(fixture.call("GET", "/api/connectors/" + id + "/runs", null).body());
    bodies.add(fixture.call("POST", "/api/connectors/" + id + "/test", null).body());
    bodies.add(fixture.call("GET", "/metrics", null).body());
    bodies.add(fixture.call("POST", "/api/connectors", body("second", ACCESS, SECRET, url)).body());
    bodies.add(
        fixture
            .call("POST", "/api/connectors", body("bad", "wrong-" + ACCESS, "wrong-" + SECRET, url))
            .body());
    bodies.add(fixture.call("GET", "/api/assets?limit=3", null).body());
    for (String b : bodies) {
      assertThat(b).doesNotContain(ACCESS).doesNotContain(SECRET);
    }
    assertThat(new ObjectMapper().readTree(bodies.get(3)).has("accessKey")).isFalse();

    List<String> logLines = new ArrayList<>();
    for (ILoggingEvent e : logs.list) {
      logLines.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        logLines.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
    }
    assertThat(logLines).as("DEBUG logging was on").isNotEmpty();
    assertThat(String.join("\n", logLines)).doesNotContain(ACCESS).doesNotContain(SECRET);

    fixture.close();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(bytes)
            .as(f.toString())
            .doesNotContain(ACCESS)
            .doesNotContain(SECRET)
            .doesNotContain(ServiceFixture.TOKEN);
      }
    }
    fixture.start();
    assertThat(fixture.service.connectors().keys(fixture.service.connectors().get(id)).secretKey())
        .as("the keys still decrypt after a restart with the same master key")
        .isEqualTo(SECRET);
  }

  @Test
  void editedMappingsAreValidatedAndTimeZonesListed() throws Exception {
    String map = fixture.call("GET", "/api/defaults/transformMap", null).body();
    JsonNode ok = fixture.call("POST", "/api/validate/transformMap", map).json();
    assertThat(ok.path("valid").asBoolean()).isTrue();
    assertThat(ok.path("name").asText()).isEqualTo("Vulnerability Host Asset Tenable IO Map");
    JsonNode broken =
        fixture
            .call(
                "POST",
                "/api/validate/transformMap",
                map.replace("\"target\": \"assetName\"", "\"target\": \"assetNam\""))
            .json();
    assertThat(broken.path("valid").asBoolean()).isFalse();
    assertThat(broken.path("problems").toString()).contains("assetNam").contains("assetName");
    String severity = fixture.call("GET", "/api/defaults/severityMapping", null).body();
    assertThat(
            fixture
                .call("POST", "/api/validate/severityMapping", severity)
                .json()
                .path("valid")
                .asBoolean())
        .isTrue();
    assertThat(
            fixture
                .call("POST", "/api/validate/severityMapping", "{\"colour\": 1}")
                .json()
                .path("valid")
                .asBoolean())
        .isFalse();
    JsonNode zones = fixture.call("GET", "/api/timezones", null).json().path("timezones");
    List<String> names = new ArrayList<>();
    zones.forEach(z -> names.add(z.asText()));
    assertThat(names).contains("Asia/Calcutta", "UTC", "Europe/Paris").isSorted();
  }

  @Test
  void theOpenApiDescriptionDocumentsEveryRoute() throws Exception {
    JsonNode doc = fixture.call("GET", "/openapi.json", null, null).json();
    Set<String> documented = new HashSet<>();
    doc.path("paths")
        .fields()
        .forEachRemaining(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
    Set<String> served = new HashSet<>();
    for (ApiServer.Route r : fixture.service.api().routes()) {
      served.add(r.method() + " " + r.path());
    }
    assertThat(documented).isEqualTo(served);
  }

  @Test
  void everySyncSettingIsInTheSpecRouteTheOpenApiSchemaAndAConnectorsRuns() throws Exception {
    var settings = dev.tenableconnector.core.spec.ConnectorSpec.all();
    JsonNode specRoute = fixture.call("GET", "/api/spec", null).json();
    JsonNode tested =
        fixture
            .call(
                "POST",
                "/api/connectors/test",
                body("t", ACCESS, SECRET, emulator.baseUrl().toString()))
            .json()
            .path("checks");
    List<String> ran = new ArrayList<>();
    tested.forEach(c -> ran.add(c.path("name").asText()));
    assertThat(ran)
        .as("the checks run in the order the spec gives the UI")
        .isEqualTo(dev.tenableconnector.service.check.ConnectionTester.CHECKS);
    List<String> listed = new ArrayList<>();
    specRoute.path("checks").forEach(c -> listed.add(c.asText()));
    assertThat(listed).isEqualTo(dev.tenableconnector.service.check.ConnectionTester.CHECKS);
    JsonNode spec = specRoute.path("settings");
    assertThat(spec).hasSize(settings.size());
    JsonNode schema =
        fixture
            .call("GET", "/openapi.json", null, null)
            .json()
            .path("components")
            .path("schemas")
            .path("ConnectorInput")
            .path("properties");
    for (int i = 0; i < settings.size(); i++) {
      var s = settings.get(i);
      assertThat(spec.get(i).path("key").asText()).isEqualTo(s.key());
      assertThat(spec.get(i).path("cliFlag").asText()).isEqualTo(s.cliFlag());
      assertThat(spec.get(i).path("doc").asText()).isEqualTo(s.doc());
      JsonNode property = schema;
      for (String part : s.key().split("\\.")) {
        property = property.has(part) ? property.get(part) : property.path("properties").path(part);
      }
      assertThat(property.isMissingNode()).as("OpenAPI ConnectorInput has " + s.key()).isFalse();
      assertThat(property.path("type").asText()).as(s.key()).isEqualTo(s.type().jsonType());
      if (s.type() == dev.tenableconnector.core.spec.SettingType.CHOICE) {
        assertThat(property.path("enum").toString())
            .as(s.key())
            .isEqualTo(new ObjectMapper().writeValueAsString(s.choices()));
        assertThat(property.path("default").asText()).as(s.key()).isEqualTo(s.defaultValue());
      }
      if (s.type() == dev.tenableconnector.core.spec.SettingType.CHOICES) {
        assertThat(property.path("items").path("enum").toString())
            .isEqualTo(new ObjectMapper().writeValueAsString(s.choices()));
      }
      if (s.type() == dev.tenableconnector.core.spec.SettingType.INTEGER) {
        assertThat(property.path("minimum").asLong()).as(s.key()).isEqualTo(s.min());
        assertThat(property.path("maximum").asLong()).as(s.key()).isEqualTo(s.max());
        assertThat(property.path("default").asText()).as(s.key()).isEqualTo(s.defaultValue());
      }
      if (s.type() == dev.tenableconnector.core.spec.SettingType.DURATION) {
        assertThat(property.path("default").asText()).as(s.key()).isEqualTo(s.defaultValue());
      }
    }

    // A service connector takes what `sync` takes, shows it back, and its runs use it.
    String created =
        body("tuned", ACCESS, SECRET, emulator.baseUrl().toString())
            .replaceFirst(
                "\\}$",
                ",\"assetsPerVulnChunk\":60,\"assetsPerChunk\":150,\"overlap\":\"30m\",\"retryFor\":\"5s\","
                    + "\"parallelChunks\":3,\"exportAttempts\":2,\"assetExport\":\"V2\"}");
    ServiceFixture.Response c = fixture.call("POST", "/api/connectors", created);
    assertThat(c.status()).as(c.body()).isEqualTo(201);
    assertThat(c.json().path("assetsPerVulnChunk").asInt()).isEqualTo(60);
    assertThat(c.json().path("overlap").asText()).isEqualTo("30m");
    assertThat(c.json().path("assetExport").asText()).isEqualTo("V2");
    assertThat(c.json().path("retryFor").asText()).isEqualTo("30s");
    assertThat(c.json().path("settingWarnings").toString())
        .contains("retryFor: 5s is raised to 30s");
    String id = c.json().path("id").asText();
    ServiceFixture.Response refused =
        fixture.call(
            "PUT",
            "/api/connectors/" + id,
            "{\"filters\": {\"tags\": {\"Env\": [\"Prod\"]}}, \"parallelChunks\": 9}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("details").toString())
        .contains("parallelChunks: must be 1-8, not 9")
        .contains("filters.tags needs assetExport V1");
    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    assertThat(fixture.awaitIdle(id).path("state").asText()).isEqualTo("PROCESSED");
    var starts = emulator.requests().stream().filter(r -> r.method().equals("POST")).toList();
    assertThat(starts)
        .anyMatch(r -> r.path().equals("/vulns/export") && r.body().contains("\"num_assets\":60"));
    assertThat(starts)
        .anyMatch(
            r -> r.path().equals("/assets/v2/export") && r.body().contains("\"chunk_size\":150"));
  }

  @Test
  void downloadsNeutraliseFormulasRefuseUnknownParametersAndFailVisiblyOnADamagedDatabase()
      throws Exception {
    String id = syncedConnector("prod");

    ServiceFixture.Response refused =
        fixture.call("GET", "/api/findings/export?format=csv&keepFormulas=maybe&colour=red", null);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("details").toString())
        .contains("keepFormulas: true or false, not 'maybe'")
        .contains("colour: not a parameter");
    ServiceFixture.Response whole = fixture.call("GET", "/api/findings/export?format=csv", null);
    long expected =
        fixture.call("GET", "/api/findings?limit=1", null).json().path("total").asLong();
    assertThat(whole.body().lines().count()).isEqualTo(expected + 1);

    fixture.close();
    try (var file = new java.io.RandomAccessFile(fixture.db().toFile(), "rw")) {
      long length = file.length();
      file.seek(length / 2);
      file.write(new byte[(int) Math.min(length / 3, 8 << 20)]);
    }
    fixture.start();
    // A damaged page must not end as a short download that looks complete: found before the first
    // 64 KiB left, it is an error answer; found later, the download breaks off.
    try {
      ServiceFixture.Response damaged =
          fixture.call("GET", "/api/findings/export?format=csv", null);
      assertThat(damaged.status()).isEqualTo(500);
      assertThat(damaged.json().path("code").asText()).isEqualTo("INTERNAL");
    } catch (java.io.IOException brokenOff) {
      assertThat(brokenOff).hasMessageContaining("chunked transfer encoding");
    }
    // and the health check says so, from then on
    ServiceFixture.Response health = fixture.call("GET", "/health", null, null);
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().path("status").asText()).isEqualTo("DOWN");
    assertThat(health.json().path("reason").asText())
        .contains("the inventory database is damaged")
        .contains("restore it from a backup");
  }

  @Test
  void aQueryPastItsTimeLimitIsStoppedWith422AndTheServiceAnswersTheNextOne() throws Exception {
    String id = syncedConnector("prod");
    StringBuilder terms = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      terms
          .append(i == 0 ? "" : " OR ")
          .append("finding.name:*")
          .append((char) ('a' + i % 26))
          .append('*')
          .append(i)
          .append('*');
    }
    String costly =
        java.net.URLEncoder.encode(
            "inventory:(vulnerabilities:(" + terms + "))", StandardCharsets.UTF_8);
    // The same work with no row to show: a download's budget counts from its last row, so only a
    // scan that finds nothing is sure to pass even a short one.
    String fruitless =
        java.net.URLEncoder.encode(
            "inventory:(vulnerabilities:("
                + terms.toString().replace("finding.name:*", "finding.name:*qz")
                + "))",
            StandardCharsets.UTF_8);

    fixture.queryTimeout = Duration.ofMillis(1);
    fixture.restart();
    for (String path :
        List.of(
            "/api/findings?q=" + costly,
            "/api/findings/counts?q=" + costly,
            "/api/findings/export?format=csv&q=" + fruitless)) {
      ServiceFixture.Response stopped = fixture.call("GET", path, null);
      assertThat(stopped.status()).as(path).isEqualTo(422);
      assertThat(stopped.json().path("code").asText()).isEqualTo("QUERY_TIMEOUT");
      assertThat(stopped.json().path("message").asText())
          .contains("ran past its time limit of 1 ms");
      assertThat(stopped.json().path("details").get(0).asText())
          .isEqualTo("the limit is serve --query-timeout, now 0.001s");
    }
    assertThat(fixture.call("GET", "/api/connectors", null).status()).isEqualTo(200);

    fixture.queryTimeout = Duration.ofSeconds(30);
    fixture.restart();
    ServiceFixture.Response answered =
        fixture.call("GET", "/api/findings?limit=1&q=" + costly, null);
    assertThat(answered.status()).isEqualTo(200);
    assertThat(answered.json().path("total").asLong()).isPositive();
    assertThat(
            fixture
                .call("GET", "/api/findings/export?format=csv&q=" + costly, null)
                .body()
                .lines()
                .count())
        .isEqualTo(answered.json().path("total").asLong() + 1);
  }

  @Test
  void theInventoryIsPagedFilteredAndEachRecordShowsItsRawTenableRecord() throws Exception {
    String id = syncedConnector("prod");

    JsonNode all = fixture.call("GET", "/api/findings?limit=1", null).json();
    long total = all.path("total").asLong();
    assertThat(total).isPositive();
    JsonNode critical =
        fixture.call("GET", "/api/findings?findingSeverity=5&limit=1000", null).json();
    assertThat(critical.path("total").asLong()).isBetween(1L, total - 1);
    critical.path("items").forEach(f -> assertThat(f.path("findingSeverity").asInt()).isEqualTo(5));
    JsonNode page2 =
        fixture
            .call("GET", "/api/findings?limit=10&offset=10&sort=findingSeverity&order=desc", null)
            .json();
    assertThat(page2.path("items")).hasSize(10);

    String assetId =
        fixture
            .call("GET", "/api/assets?limit=1", null)
            .json()
            .path("items")
            .get(0)
            .path("externalAssetId")
            .asText();
    JsonNode asset = fixture.call("GET", "/api/assets/" + assetId, null).json();
    assertThat(asset.path("asset").path("externalAssetId").asText()).isEqualTo(assetId);
    assertThat(asset.path("raw").path("id").asText()).isEqualTo(assetId);
    JsonNode its = fixture.call("GET", "/api/findings?externalAssetId=" + assetId, null).json();
    its.path("items")
        .forEach(f -> assertThat(f.path("externalAssetId").asText()).isEqualTo(assetId));
    if (its.path("total").asLong() > 0) {
      String findingId = its.path("items").get(0).path("externalFindingId").asText();
      JsonNode finding = fixture.call("GET", "/api/findings/" + findingId, null).json();
      assertThat(finding.path("raw").path("plugin").path("id").asLong())
          .isEqualTo(finding.path("finding").path("pluginId").asLong());
    }
    String q =
        java.net.URLEncoder.encode(
            "inventory:(source:\"Tenable\") finding.severity:>=4", StandardCharsets.UTF_8);
    JsonNode queried = fixture.call("GET", "/api/findings?limit=1000&q=" + q, null).json();
    assertThat(queried.path("total").asLong()).isPositive().isLessThan(total);
    queried
        .path("items")
        .forEach(f -> assertThat(f.path("findingSeverity").asInt()).isGreaterThanOrEqualTo(4));
    ServiceFixture.Response badQuery =
        fixture.call(
            "GET",
            "/api/findings?q="
                + java.net.URLEncoder.encode("finding.severty:>=4", StandardCharsets.UTF_8),
            null);
    assertThat(badQuery.status()).isEqualTo(400);
    assertThat(badQuery.json().path("details").get(0).asText())
        .isEqualTo("q: at 0: unknown field 'finding.severty'; did you mean 'finding.severity'?");
    JsonNode named = fixture.call("GET", "/api/assets?assetName=*&limit=1", null).json();
    assertThat(named.path("total").asLong()).isPositive();

    JsonNode bySeverity = fixture.call("GET", "/api/findings/counts", null).json();
    assertThat(bySeverity.path("by").asText()).isEqualTo("findingSeverity");
    assertThat(bySeverity.path("total").asLong()).isEqualTo(total);
    long fives = 0;
    for (JsonNode c : bySeverity.path("counts")) {
      if (c.path("value").asInt() == 5) {
        fives = c.path("count").asLong();
      }
    }
    assertThat(fives).isEqualTo(critical.path("total").asLong());
    JsonNode statuses =
        fixture.call("GET", "/api/findings/counts?by=findingStatus&q=" + q, null).json();
    assertThat(statuses.path("total").asLong()).isEqualTo(queried.path("total").asLong());
    assertThat(fixture.call("GET", "/api/findings/counts?by=colour", null).status()).isEqualTo(400);

    // downloads: the records matching q, streamed in the CLI's formats
    ServiceFixture.Response jsonl = fixture.call("GET", "/api/findings/export?q=" + q, null);
    assertThat(jsonl.status()).isEqualTo(200);
    assertThat(jsonl.body().lines().count()).isEqualTo(queried.path("total").asLong());
    jsonl
        .body()
        .lines()
        .limit(50)
        .forEach(
            line ->
                assertThat(json(line).path("findingSeverity").asInt()).isGreaterThanOrEqualTo(4));
    ServiceFixture.Response csv = fixture.call("GET", "/api/assets/export?format=csv", null);
    assertThat(csv.body().lines().count())
        .as("a header and every asset")
        .isEqualTo(
            fixture.call("GET", "/api/assets?limit=1", null).json().path("total").asLong() + 1);
    assertThat(csv.body().lines().findFirst().orElseThrow()).contains("externalAssetId");
    ServiceFixture.Response ocsf =
        fixture.call("GET", "/api/findings/export?format=ocsf&q=" + q, null);
    assertThat(ocsf.body().lines().count()).isEqualTo(queried.path("total").asLong());
    assertThat(json(ocsf.body().lines().findFirst().orElseThrow()).path("class_uid").asInt())
        .isEqualTo(2002);
    ServiceFixture.Response refused =
        fixture.call("GET", "/api/assets/export?format=ocsf&q=asset.nmae:x", null);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("details").toString())
        .contains("format: ocsf exports findings")
        .contains("q: at 0");
    assertThat(
            fixture
                .call("GET", "/api/findings/export?format=xml", null)
                .json()
                .path("details")
                .get(0)
                .asText())
        .isEqualTo("format: unknown format 'xml' (expected jsonl, csv or ocsf)");

    String metrics = fixture.call("GET", "/metrics", null).body();
    assertThat(metrics)
        .contains("tenable_connector_runs_total{connector=\"prod\",outcome=\"completed\"} 1.0")
        .contains("tenable_connector_last_success_timestamp_seconds{connector=\"prod\"}")
        .contains("tenable_connector_records_total")
        .contains("tenable_connector_rate_limited_total")
        .contains("tenable_connector_run_duration_seconds");
  }

  private static JsonNode json(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}

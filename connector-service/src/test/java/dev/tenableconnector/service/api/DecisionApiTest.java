package dev.tenableconnector.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.service.ServiceFixture;
import dev.tenableconnector.testsupport.ManualClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decisions over HTTP, each answer checked against the OpenAPI description: findings carry
 * their SLA, feed facts and priority and can be queried by them; a finding's history; the
 * remediation report; the policy read, refused with every problem, set and reset; the feeds.
 */
class DecisionApiTest {
  private static final String ACCESS = EmulatorConfig.DEFAULT_ACCESS_KEY;
  private static final String SECRET = EmulatorConfig.DEFAULT_SECRET_KEY;

  @TempDir Path dir;
  private TenableEmulator emulator;
  private ServiceFixture fixture;

  private String connector;

  @BeforeEach
  void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .keys(ACCESS, SECRET)
                .assets(150)
                .findingsPerAsset(5)
                .queuedFor(Duration.ofMillis(50))
                .chunkInterval(Duration.ofMillis(10))
                .build());
    fixture = new ServiceFixture(dir, new ManualClock(Instant.parse("2026-11-22T10:00:00Z")));
    String created =
        fixture
            .call(
                "POST",
                "/api/connectors",
                "{\"name\":\"prod\",\"tenableUrl\":\""
                    + emulator.baseUrl()
                    + "\",\"accessKey\":\""
                    + ACCESS
                    + "\",\"secretKey\":\""
                    + SECRET
                    + "\",\"schedule\":{\"type\":\"DAILY\",\"time\":\"02:30\",\"timezone\":\"UTC\"}}")
            .json()
            .path("id")
            .asText();
    fixture.call("POST", "/api/connectors/" + created + "/runs", null);
    fixture.awaitIdle(created);
    connector = created;
  }

  @Test
  void aPreviewEstimatesTheFirstSyncAndBadKeysAreTenablesRefusal() throws Exception {
    ServiceFixture.Response saved =
        fixture.call("POST", "/api/connectors/" + connector + "/preview", null);
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    long stored = fixture.call("GET", "/api/findings?limit=1", null).json().path("total").asLong();
    assertThat((double) saved.json().path("findings").asLong())
        .isCloseTo(stored, org.assertj.core.data.Percentage.withPercentage(15));
    assertThat(saved.json().path("how").asText()).contains("vulns export into", "assets in scope");
    ServiceFixture.Response refused =
        fixture.call(
            "POST",
            "/api/connectors/preview",
            "{\"tenableUrl\":\""
                + emulator.baseUrl()
                + "\",\"accessKey\":\""
                + "a".repeat(64)
                + "\",\"secretKey\":\""
                + "b".repeat(64)
                + "\"}");
    assertThat(refused.status()).isEqualTo(502);
    assertThat(refused.json().path("code").asText()).isEqualTo("TENABLE_FAILED");
    assertThat(refused.json().path("details").toString()).contains("AUTHENTICATION");
    ServiceFixture.Response assetsOnly =
        fixture.call(
            "POST",
            "/api/connectors/preview",
            "{\"tenableUrl\":\""
                + emulator.baseUrl()
                + "\",\"accessKey\":\""
                + ACCESS
                + "\",\"secretKey\":\""
                + SECRET
                + "\",\"dataToSync\":\"ASSETS\"}");
    assertThat(assetsOnly.status()).as(assetsOnly.body()).isEqualTo(400);
    assertThat(assetsOnly.body()).contains("scope 'assets' imports none");
  }

  @Test
  void reconcilingWithTenablesWorkbenchLeavesNothingUnexplained() throws Exception {
    ServiceFixture.Response r =
        fixture.call("POST", "/api/connectors/" + connector + "/reconcile?days=30", null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode report = r.json();
    assertThat(report.path("tenable").path("workbenchFindings").asLong()).isPositive();
    assertThat(report.path("expected").asLong())
        .isEqualTo(report.path("tenable").path("workbenchFindings").asLong());
    assertThat(report.path("unexplained").asLong()).isZero();
    assertThat(report.path("steps").get(0).path("step").asText()).isEqualTo("inventory");
    assertThat(
            fixture
                .call("POST", "/api/connectors/" + connector + "/reconcile?days=900", null)
                .status())
        .isEqualTo(400);
    assertThat(fixture.call("POST", "/api/connectors/nope/reconcile", null).status())
        .isEqualTo(404);
  }

  @AfterEach
  void stop() {
    fixture.close();
    emulator.close();
  }

  private JsonNode get(String path) throws Exception {
    ServiceFixture.Response r = fixture.call("GET", path, null);
    assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
    return r.json();
  }

  private static String q(String query) {
    return URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  @Test
  void findingsCarryTheirDecisionsAndAreQueriedByThem() throws Exception {
    JsonNode page = get("/api/findings?limit=20");
    assertThat(page.path("items")).isNotEmpty();
    for (JsonNode f : page.path("items")) {
      assertThat(f.path("priority").asText()).isIn("ACT", "ATTEND", "TRACK_STAR", "TRACK");
      assertThat(f.path("priorityReason").asText()).contains("SSVC CISA Coordinator 2.0.3");
      assertThat(f.has("slaDueAt") && f.has("slaStatus") && f.path("inKev").isBoolean()).isTrue();
    }
    JsonNode breached = get("/api/findings?limit=200&q=" + q("finding.slaStatus:BREACHED"));
    assertThat(breached.path("total").asLong()).isPositive();
    breached
        .path("items")
        .forEach(f -> assertThat(f.path("slaStatus").asText()).isEqualTo("BREACHED"));
    JsonNode act = get("/api/findings?limit=200&q=" + q("finding.priority:ATTEND"));
    act.path("items").forEach(f -> assertThat(f.path("priority").asText()).isEqualTo("ATTEND"));
    assertThat(get("/api/findings?q=" + q("finding.inKev:true")).path("total").asLong())
        .as("no KEV catalogue imported")
        .isZero();
    ServiceFixture.Response bad =
        fixture.call("GET", "/api/findings?q=" + q("finding.slaStatus:LATE"), null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("WITHIN, APPROACHING, BREACHED, CLOSED_IN_SLA or CLOSED_LATE");

    String id = page.path("items").get(0).path("externalFindingId").asText();
    JsonNode one = get("/api/findings/" + id);
    assertThat(one.path("finding").path("priority").asText()).isNotEmpty();
    JsonNode history = get("/api/findings/" + id + "/history");
    assertThat(history.path("transitions")).isNotEmpty();
    assertThat(history.path("transitions").get(0).path("from").isNull()).isTrue();
    assertThat(history.path("transitions").get(0).path("runId").asLong()).isPositive();
    assertThat(history.path("episodes")).isNotEmpty();
    assertThat(fixture.call("GET", "/api/findings/nope/history", null).status()).isEqualTo(404);
  }

  @Test
  void theReportThePolicyAndTheFeeds() throws Exception {
    JsonNode report = get("/api/reports/remediation");
    assertThat(report.path("open").path("critical").isNumber()).isTrue();
    assertThat(report.path("mttrDays").has("info")).isTrue();
    assertThat(get("/api/reports/remediation?since=30d").path("window").path("from").asText())
        .isNotEmpty();
    ServiceFixture.Response badSince =
        fixture.call("GET", "/api/reports/remediation?since=fortnight", null);
    assertThat(badSince.status()).isEqualTo(400);
    assertThat(badSince.body()).contains("since: must be a positive duration");

    JsonNode policy = get("/api/policy");
    assertThat(policy.path("default").asBoolean()).isTrue();
    assertThat(policy.at("/policy/sla/days/critical").asInt()).isEqualTo(7);

    ServiceFixture.Response refused =
        fixture.call(
            "PUT",
            "/api/policy",
            "{\"name\":\"strict\",\"sla\":{\"clockStart\":\"SOMETIME\",\"days\":{\"critical\":0}},"
                + "\"missionImpact\":{}}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("details").toString())
        .contains("sla.clockStart must be FIRST_FOUND", "sla.days.critical must be");

    String strict =
        "{\"name\":\"strict\",\"sla\":{\"clockStart\":\"FIRST_FOUND\",\"days\":{\"critical\":1,"
            + "\"high\":2,\"medium\":3,\"low\":4,\"info\":5},\"approachingAt\":0.5},"
            + "\"missionImpact\":{\"lowUpTo\":3,\"mediumUpTo\":7,\"withoutAcr\":\"medium\"}}";
    ServiceFixture.Response set = fixture.call("PUT", "/api/policy", strict);
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().path("default").asBoolean()).isFalse();
    assertThat(set.json().path("refreshed").asLong()).isPositive();
    JsonNode info = get("/api/findings?findingSeverity=1&limit=1").path("items").get(0);
    assertThat(info.path("slaDueAt").isNull()).as("info has an SLA now").isFalse();
    assertThat(get("/api/reports/remediation").path("policy").asText()).isEqualTo("strict");

    ServiceFixture.Response reset = fixture.call("DELETE", "/api/policy", null);
    assertThat(reset.status()).isEqualTo(200);
    assertThat(reset.json().path("default").asBoolean()).isTrue();
    info = get("/api/findings?findingSeverity=1&limit=1").path("items").get(0);
    assertThat(info.path("slaDueAt").isNull()).isTrue();

    assertThat(get("/api/feeds").path("feeds")).isEmpty();
  }
}

package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.emulator.data.EstateSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that turn the inventory into decisions ({@code history}, {@code report}), as
 * separate processes over an inventory two syncs built from the emulator, a day apart.
 */
class DecisionCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static TenableEmulator emulator;

  @BeforeAll
  static void syncTwice() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .estate(EstateSettings.of(23, 120, 6).withScanRate(0.7))
                .build());
    sync();
    HttpResponse<String> advanced =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/_emulator/advance"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(advanced.statusCode()).isEqualTo(200);
    sync();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static void sync() throws Exception {
    CliProcess.Result sync =
        CliProcess.run(
            dir,
            Map.of(
                "TENABLE_ACCESS_KEY",
                EmulatorConfig.DEFAULT_ACCESS_KEY,
                "TENABLE_SECRET_KEY",
                EmulatorConfig.DEFAULT_SECRET_KEY),
            "sync",
            "--tenable-url",
            emulator.baseUrl().toString(),
            "--db",
            "inv.db",
            "--no-progress");
    assertThat(sync.code()).as(sync.err()).isZero();
  }

  /** A finding the second sync saw change: FIXED now, after being open. */
  private static String aFixedFinding() throws Exception {
    CliProcess.Result fixed =
        CliProcess.run(
            dir,
            Map.of(),
            "export",
            "findings",
            "--db",
            "inv.db",
            "--query",
            "finding.status:FIXED");
    assertThat(fixed.code()).as(fixed.err()).isZero();
    for (String line : fixed.lines()) {
      String id = JSON.readTree(line).path("externalFindingId").asText();
      CliProcess.Result h =
          CliProcess.run(
              dir, Map.of(), "history", "--db", "inv.db", "--finding", id, "--format", "json");
      if (JSON.readTree(h.out()).size() == 2) {
        return id;
      }
    }
    throw new AssertionError("no finding was fixed between the two syncs");
  }

  @Test
  void historyPrintsAFindingsTransitionsOldestFirstAsJson() throws Exception {
    String id = aFixedFinding();
    CliProcess.Result h =
        CliProcess.run(
            dir, Map.of(), "history", "--db", "inv.db", "--finding", id, "--format", "json");
    assertThat(h.code()).as(h.err()).isZero();
    JsonNode transitions = JSON.readTree(h.out());
    assertThat(transitions.isArray()).isTrue();
    JsonNode first = transitions.get(0);
    JsonNode second = transitions.get(1);
    assertThat(first.path("from").isNull()).isTrue();
    assertThat(first.path("to").asText()).isIn("OPEN", "REOPENED");
    assertThat(first.path("runId").asLong()).isEqualTo(1);
    assertThat(second.path("from").asText()).isEqualTo(first.path("to").asText());
    assertThat(second.path("to").asText()).isEqualTo("FIXED");
    assertThat(second.path("runId").asLong()).isEqualTo(2);
    assertThat(Instant.parse(second.path("at").asText()))
        .isAfter(Instant.parse(first.path("at").asText()));

    CliProcess.Result text =
        CliProcess.run(dir, Map.of(), "history", "--db", "inv.db", "--finding", id);
    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("-> FIXED").contains("Episodes:").contains("(FIXED)");
  }

  @Test
  void historyOfAnUnknownFindingOrWithABadFormatSaysSoAndFails() throws Exception {
    CliProcess.Result unknown =
        CliProcess.run(dir, Map.of(), "history", "--db", "inv.db", "--finding", "no-such-finding");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no finding 'no-such-finding'");
    assertThat(unknown.out()).isEmpty();

    CliProcess.Result bad =
        CliProcess.run(
            dir, Map.of(), "history", "--db", "inv.db", "--finding", "x", "--format", "yaml");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--format must be text or json");
  }

  @Test
  void reportRemediationPrintsMttrOpenAndBreachedPerSeverityAsJson() throws Exception {
    CliProcess.Result r =
        CliProcess.run(
            dir, Map.of(), "report", "remediation", "--db", "inv.db", "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode report = JSON.readTree(r.out());
    for (String key : new String[] {"mttrDays", "open", "breached"}) {
      JsonNode bySeverity = report.path(key);
      assertThat(bySeverity.isObject()).as(key).isTrue();
      for (String severity : new String[] {"critical", "high", "medium", "low", "info"}) {
        JsonNode v = bySeverity.path(severity);
        assertThat(v.isNumber() || key.equals("mttrDays") && v.isNull())
            .as(key + "." + severity + " = " + v)
            .isTrue();
      }
    }
    long open = 0;
    for (JsonNode n : report.path("open")) {
      open += n.asLong();
    }
    assertThat(open).isPositive();
    // Info findings have no SLA by default: none is ever breached.
    assertThat(report.at("/breached/info").asLong()).isZero();

    CliProcess.Result text =
        CliProcess.run(dir, Map.of(), "report", "remediation", "--db", "inv.db");
    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("MTTR d", "critical", "Open findings by age");
  }

  @Test
  void exportedFindingsCarryTheirSlaFeedFactsAndPriority() throws Exception {
    CliProcess.Result jsonl = CliProcess.run(dir, Map.of(), "export", "findings", "--db", "inv.db");
    assertThat(jsonl.code()).as(jsonl.err()).isZero();
    int breached = 0;
    for (String line : jsonl.lines()) {
      JsonNode f = JSON.readTree(line);
      for (String field :
          new String[] {
            "slaDueAt",
            "slaStatus",
            "inKev",
            "kevDateAdded",
            "kevDueDate",
            "epss",
            "epssPercentile",
            "priority",
            "priorityReason"
          }) {
        assertThat(f.has(field)).as(field).isTrue();
      }
      assertThat(f.path("inKev").isBoolean()).isTrue();
      assertThat(f.path("priority").asText()).isIn("ACT", "ATTEND", "TRACK_STAR", "TRACK");
      assertThat(f.path("priorityReason").asText()).contains("SSVC CISA Coordinator 2.0.3 row");
      if (f.path("findingSeverity").asInt() == 1) {
        assertThat(f.path("slaDueAt").isNull()).isTrue();
        assertThat(f.path("slaStatus").isNull()).isTrue();
      } else {
        assertThat(f.path("slaStatus").asText())
            .isIn("WITHIN", "APPROACHING", "BREACHED", "CLOSED_IN_SLA", "CLOSED_LATE");
        Instant.parse(f.path("slaDueAt").asText());
      }
      breached += f.path("slaStatus").asText().equals("BREACHED") ? 1 : 0;
    }
    assertThat(breached).isPositive();

    CliProcess.Result csv =
        CliProcess.run(dir, Map.of(), "export", "findings", "--db", "inv.db", "--format", "csv");
    assertThat(csv.code()).isZero();
    assertThat(csv.lines().get(0))
        .endsWith(
            ",slaDueAt,slaStatus,inKev,kevDateAdded,kevDueDate,epss,epssPercentile,priority,"
                + "priorityReason");
  }

  @Test
  void reconcileExplainsTenablesWorkbenchCountStepByStep() throws Exception {
    CliProcess.Result r =
        CliProcess.run(
            dir,
            Map.of(
                "TENABLE_ACCESS_KEY",
                EmulatorConfig.DEFAULT_ACCESS_KEY,
                "TENABLE_SECRET_KEY",
                EmulatorConfig.DEFAULT_SECRET_KEY),
            "reconcile",
            "--db",
            "inv.db",
            "--tenable-url",
            emulator.baseUrl().toString(),
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode report = JSON.readTree(r.out());
    assertThat(report.path("unexplained").asLong()).isZero();
    assertThat(report.path("tenable").path("workbenchFindings").asLong()).isPositive();
    CliProcess.Result text =
        CliProcess.run(
            dir,
            Map.of(
                "TENABLE_ACCESS_KEY",
                EmulatorConfig.DEFAULT_ACCESS_KEY,
                "TENABLE_SECRET_KEY",
                EmulatorConfig.DEFAULT_SECRET_KEY),
            "reconcile",
            "--db",
            "inv.db",
            "--tenable-url",
            emulator.baseUrl().toString());
    assertThat(text.out())
        .contains("unlicensed", "unexplained", "what Tenable's workbench should count");
    CliProcess.Result noKeys =
        CliProcess.run(dir, Map.of(), "reconcile", "--db", "inv.db", "--days", "0");
    assertThat(noKeys.code()).isEqualTo(2);
    assertThat(noKeys.err()).contains("--days must be 1-450");
  }

  @Test
  void previewCountsASmallContainerWholeStoresNothingAndRefusesAnAssetsOnlyScope()
      throws Exception {
    Map<String, String> keys =
        Map.of(
            "TENABLE_ACCESS_KEY",
            EmulatorConfig.DEFAULT_ACCESS_KEY,
            "TENABLE_SECRET_KEY",
            EmulatorConfig.DEFAULT_SECRET_KEY);
    String url = emulator.baseUrl().toString();
    CliProcess.Result json =
        CliProcess.run(dir, keys, "preview", "--tenable-url", url, "--format", "json");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode e = JSON.readTree(json.out());
    assertThat(e.path("exact").asBoolean()).isTrue();
    // every finding a full export gives now is one the two syncs stored (they keep the findings
    // of removed assets too)
    CliProcess.Result stored =
        CliProcess.run(dir, Map.of(), "export", "findings", "--db", "inv.db", "--format", "jsonl");
    assertThat(e.path("findings").asLong()).isPositive();
    assertThat(e.path("findings").asLong()).isLessThanOrEqualTo(stored.out().lines().count());
    assertThat(e.path("sample").path("cancelled").asBoolean()).isFalse();
    assertThat(e.path("how").asText()).contains("counted, not estimated");

    CliProcess.Result text = CliProcess.run(dir, keys, "preview", "--tenable-url", url);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).startsWith("A first sync would import:").contains("assets in scope");
    assertThat(dir.resolve("data")).doesNotExist();

    CliProcess.Result assetsOnly =
        CliProcess.run(dir, keys, "preview", "--tenable-url", url, "--scope", "assets");
    assertThat(assetsOnly.code()).isEqualTo(2);
    assertThat(assetsOnly.err()).contains("scope 'assets' imports none");
    CliProcess.Result badFormat =
        CliProcess.run(dir, keys, "preview", "--tenable-url", url, "--format", "xml");
    assertThat(badFormat.code()).isEqualTo(2);
    assertThat(badFormat.err()).contains("--format must be text or json");
  }
}

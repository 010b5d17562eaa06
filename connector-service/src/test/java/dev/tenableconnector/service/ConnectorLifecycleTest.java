package dev.tenableconnector.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector's life through the API against the emulator: Registered, Scheduled by its clock,
 * Processing, Processed; Errored with cause and remedy when Tenable revokes its keys; key rotation
 * that keeps data and delta; Retain Delta; and what a service restart does.
 */
class ConnectorLifecycleTest {
  @TempDir java.nio.file.Path dir;

  private TenableEmulator emulator;
  private ServiceFixture fixture;
  // 2026-11-22 10:00 UTC; the connector runs daily at 02:30 Asia/Calcutta = 21:00 UTC
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(400)
                .findingsPerAsset(5)
                .queuedFor(Duration.ofMillis(100))
                .chunkInterval(Duration.ofMillis(20))
                .build());
    fixture = new ServiceFixture(dir, clock);
  }

  @AfterEach
  void stop() {
    fixture.close();
    emulator.close();
  }

  private String create(String schedule) throws Exception {
    ServiceFixture.Response r =
        fixture.call(
            "POST",
            "/api/connectors",
            "{\"name\":\"prod\",\"description\":\"Tenable prod\","
                + "\"tenableUrl\":\""
                + emulator.baseUrl()
                + "\",\"accessKey\":\""
                + EmulatorConfig.DEFAULT_ACCESS_KEY
                + "\",\"secretKey\":\""
                + EmulatorConfig.DEFAULT_SECRET_KEY
                + "\",\"schedule\":"
                + schedule
                + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private List<RunRecord> runs(String id) {
    return fixture.service.connectors().store().runs(id, 50);
  }

  @Test
  void scheduledRunGoesThroughTheStatesAndTheNextRunMovesOn() throws Exception {
    String id = create("{\"type\":\"DAILY\",\"time\":\"02:30\",\"timezone\":\"Asia/Calcutta\"}");
    JsonNode c = fixture.call("GET", "/api/connectors/" + id, null).json();
    assertThat(c.path("state").asText()).isEqualTo("REGISTERED");
    assertThat(c.path("nextRunAt").asText()).isEqualTo("2026-11-22T21:00:00Z");

    fixture.service.scheduler().tick();
    assertThat(runs(id)).as("not due yet").isEmpty();

    clock.set(Instant.parse("2026-11-22T21:00:00Z"));
    fixture.service.scheduler().tick();
    String state = fixture.call("GET", "/api/connectors/" + id, null).json().path("state").asText();
    assertThat(state).isIn("SCHEDULED", "PROCESSING", "PROCESSED");

    c = fixture.awaitIdle(id);
    assertThat(c.path("state").asText()).isEqualTo("PROCESSED");
    assertThat(c.path("nextRunAt").asText()).isEqualTo("2026-11-23T21:00:00Z");
    assertThat(c.path("lastRun").path("mode").asText()).isEqualTo("FULL");
    assertThat(c.path("lastRun").path("counts").path("assets").path("seen").asLong()).isPositive();
    assertThat(c.path("lastError").isNull()).isTrue();

    fixture.service.scheduler().tick();
    assertThat(runs(id)).as("one run per slot").hasSize(1);

    JsonNode history = fixture.call("GET", "/api/connectors/" + id + "/runs", null).json();
    assertThat(history.path("runs")).hasSize(1);
    assertThat(history.path("runs").get(0).path("exports").size()).isGreaterThanOrEqualTo(2);
    assertThat(
            fixture
                .call("GET", "/api/assets?connector=" + id + "&limit=1", null)
                .json()
                .path("total")
                .asLong())
        .isEqualTo(c.path("lastRun").path("counts").path("assets").path("inserted").asLong());
  }

  @Test
  void revokedKeysErrorTheConnectorAndRotationRecoversWithDataAndDeltaKept() throws Exception {
    String id = create("{\"type\":\"MANUAL\"}");
    assertThat(fixture.call("POST", "/api/connectors/" + id + "/runs", null).status())
        .isEqualTo(202);
    JsonNode first = fixture.awaitIdle(id);
    assertThat(first.path("state").asText()).isEqualTo("PROCESSED");
    long assets =
        fixture.service.connectors().store().count(dev.tenableconnector.core.model.Entity.ASSET);
    Instant watermark = fixture.service.connectors().store().watermark(id).orElseThrow();

    emulator.regenerateKeys("rotated-access-key", "rotated-secret-key");
    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    JsonNode errored = fixture.awaitIdle(id);
    assertThat(errored.path("state").asText()).isEqualTo("ERRORED");
    JsonNode error = errored.path("lastError");
    assertThat(error.path("code").asText()).isEqualTo("AUTHENTICATION");
    assertThat(error.path("tenableStatus").asInt()).isEqualTo(401);
    assertThat(error.path("cause").asText()).contains("regenerated");
    assertThat(error.path("remedy").asText()).isNotBlank();
    assertThat(fixture.service.connectors().store().watermark(id)).contains(watermark);

    // the old keys no longer pass Test Connection: an edit with wrong keys is refused with the
    // checks
    ServiceFixture.Response wrong =
        fixture.call(
            "PUT",
            "/api/connectors/" + id,
            "{\"accessKey\":\"still-wrong\",\"secretKey\":\"still-wrong-secret\"}");
    assertThat(wrong.status()).isEqualTo(422);
    assertThat(wrong.json().path("code").asText()).isEqualTo("TEST_CONNECTION_FAILED");
    assertThat(wrong.json().path("checks").get(2).path("status").asText()).isEqualTo("FAILED");

    ServiceFixture.Response rotated =
        fixture.call(
            "PUT",
            "/api/connectors/" + id,
            "{\"accessKey\":\"rotated-access-key\",\"secretKey\":\"rotated-secret-key\"}");
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    assertThat(rotated.json().path("name").asText()).isEqualTo("prod");
    assertThat(fixture.service.connectors().store().watermark(id))
        .as("rotation keeps the delta")
        .contains(watermark);

    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    JsonNode recovered = fixture.awaitIdle(id);
    assertThat(recovered.path("state").asText()).isEqualTo("PROCESSED");
    assertThat(recovered.path("lastRun").path("mode").asText()).isEqualTo("DELTA");
    assertThat(recovered.path("lastError").isNull()).isTrue();
    assertThat(
            fixture
                .service
                .connectors()
                .store()
                .count(dev.tenableconnector.core.model.Entity.ASSET))
        .as("rotation keeps the data")
        .isEqualTo(assets);
  }

  @Test
  void clearingRetainDeltaMakesTheNextRunFullAndThenDeltaAgain() throws Exception {
    String id = create("{\"type\":\"MANUAL\"}");
    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    fixture.awaitIdle(id);

    JsonNode edited =
        fixture.call("PUT", "/api/connectors/" + id, "{\"retainDelta\":false}").json();
    assertThat(edited.path("retainDelta").asBoolean()).isFalse();
    assertThat(fixture.service.connectors().store().watermark(id)).isEmpty();

    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    JsonNode full = fixture.awaitIdle(id);
    assertThat(full.path("lastRun").path("mode").asText()).isEqualTo("FULL");
    assertThat(full.path("retainDelta").asBoolean())
        .as("delta tracking is back on after the full run")
        .isTrue();

    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    assertThat(fixture.awaitIdle(id).path("lastRun").path("mode").asText()).isEqualTo("DELTA");
  }

  @Test
  void aRestartResumesAnInterruptedRunAndRunsAMissedScheduleOnce() throws Exception {
    String id = create("{\"type\":\"DAILY\",\"time\":\"02:30\",\"timezone\":\"Asia/Calcutta\"}");
    var registry = fixture.service.connectors().registry();

    // as a killed service leaves it: Processing
    registry.updateState(id, "PROCESSING", null, null, Instant.now());
    fixture.restart();
    fixture.service.scheduler().recover();
    JsonNode resumed = fixture.awaitIdle(id);
    assertThat(resumed.path("state").asText()).isEqualTo("PROCESSED");
    assertThat(runs(id)).hasSize(1);

    // down for three days: three daily slots missed, one run at start
    clock.set(Instant.parse("2026-11-26T08:00:00Z"));
    fixture.restart();
    fixture.service.scheduler().recover();
    fixture.awaitIdle(id);
    assertThat(runs(id)).hasSize(2);
    JsonNode after = fixture.call("GET", "/api/connectors/" + id, null).json();
    assertThat(after.path("nextRunAt").asText()).isEqualTo("2026-11-26T21:00:00Z");
    fixture.service.scheduler().tick();
    fixture.awaitIdle(id);
    assertThat(runs(id)).as("no catch-up runs for the other missed slots").hasSize(2);
  }

  @Test
  void runNowIsRefusedWhileARunIsInProgressAndADisabledConnectorIsNotScheduled() throws Exception {
    String id =
        create(
            "{\"type\":\"RECURRING\",\"startDate\":\"2026-11-22\",\"time\":\"11:00\",\"every\":1,\"unit\":\"HOURS\",\"timezone\":\"UTC\"}");
    assertThat(fixture.call("POST", "/api/connectors/" + id + "/runs", null).status())
        .isEqualTo(202);
    ServiceFixture.Response again = fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    if (again.status() != 202) { // the first run may already have ended on a fast machine
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.json().path("code").asText()).isEqualTo("RUN_IN_PROGRESS");
      ServiceFixture.Response delete = fixture.call("DELETE", "/api/connectors/" + id, null);
      assertThat(delete.status())
          .as("a run under way is cancelled, then the connector deleted")
          .isEqualTo(204);
      return;
    }
    fixture.awaitIdle(id);

    JsonNode disabled = fixture.call("PUT", "/api/connectors/" + id, "{\"enabled\":false}").json();
    assertThat(disabled.path("enabled").asBoolean()).isFalse();
    assertThat(disabled.path("nextRunAt").isNull()).isTrue();
    int before = runs(id).size();
    clock.advance(Duration.ofHours(5));
    fixture.service.scheduler().tick();
    Thread.sleep(300);
    assertThat(runs(id)).hasSize(before);

    JsonNode enabled = fixture.call("PUT", "/api/connectors/" + id, "{\"enabled\":true}").json();
    assertThat(enabled.path("nextRunAt").asText()).isEqualTo("2026-11-22T16:00:00Z");
  }

  /** Polls the connector until {@code until} holds for it (at most 30 s). */
  private JsonNode awaitConnector(String id, java.util.function.Predicate<JsonNode> until)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode c = fixture.call("GET", "/api/connectors/" + id, null).json();
      if (until.test(c)) {
        return c;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("connector " + id + " never reached the state awaited");
  }

  private long cancelRequests(String kind) {
    return emulator.requests().stream()
        .filter(
            r ->
                r.method().equals("POST")
                    && r.path().startsWith("/" + kind + "/export/")
                    && r.path().endsWith("/cancel"))
        .count();
  }

  @Test
  void cancelStopsTheRunAndItsTenableExportRetriesShowLiveAndDeleteCancelsARunUnderWay()
      throws Exception {
    String id = create("{\"type\":\"DAILY\",\"time\":\"02:30\",\"timezone\":\"UTC\"}");
    assertThat(
            fixture
                .call("POST", "/api/connectors/" + id + "/cancel", null)
                .json()
                .path("code")
                .asText())
        .isEqualTo("NOT_RUNNING");

    emulator
        .faults()
        .add(
            dev.tenableconnector.emulator.fault.FaultRule.parse(
                "job:slow:queued=60s:export=vulns:times=0"));
    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    awaitConnector(id, c -> c.path("progress").path("phase").asText().equals("vulns"));
    ServiceFixture.Response cancel =
        fixture.call("POST", "/api/connectors/" + id + "/cancel", null);
    assertThat(cancel.status()).isEqualTo(202);
    JsonNode cancelled = fixture.awaitIdle(id);
    assertThat(cancelled.path("state").asText()).isEqualTo("ERRORED");
    assertThat(cancelled.path("lastError").path("code").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.path("lastError").path("message").asText())
        .startsWith("the run was cancelled from the API during the vulns phase");
    assertThat(cancelled.path("lastRun").path("status").asText()).isEqualTo("FAILED");
    long cancelsAfterCancel = cancelRequests("vulns");
    assertThat(cancelsAfterCancel).as("the queued Tenable export is cancelled too").isPositive();
    assertThat(fixture.call("POST", "/api/connectors/" + id + "/cancel", null).status())
        .isEqualTo(409);

    // Tenable answering 503 to every status poll: the run shows what it is retrying, live.
    fixture.retryPolicy = ServiceFixture.patientRetries();
    fixture.restart();
    emulator.faults().clear();
    emulator
        .faults()
        .add(
            dev.tenableconnector.emulator.fault.FaultRule.parse("status:503:times=0:export=vulns"));
    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    JsonNode retrying =
        awaitConnector(
            id,
            c ->
                !c.path("progress").path("retrying").isMissingNode()
                    && !c.path("progress").path("retrying").isNull());
    assertThat(retrying.path("state").asText()).isEqualTo("PROCESSING");
    assertThat(retrying.path("progress").path("retrying").path("request").asText())
        .matches("GET /vulns/export/[0-9a-f-]+/status -> HTTP 503");
    assertThat(retrying.path("progress").path("retrying").path("attempt").asInt()).isPositive();
    assertThat(retrying.path("progress").path("retrying").path("since").asText()).isNotBlank();
    ServiceFixture.Response deleted = fixture.call("DELETE", "/api/connectors/" + id, null);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    assertThat(fixture.call("GET", "/api/connectors/" + id, null).status()).isEqualTo(404);
    assertThat(fixture.service.scheduler().busy(id)).isFalse();
    assertThat(cancelRequests("vulns"))
        .as("the export of the deleted connector's run is cancelled")
        .isGreaterThan(cancelsAfterCancel);
  }

  @Test
  void anUnreachableTenableErrorsTheConnectorWithTheNetworkCauseAndRemedy() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    ServiceFixture.Response created =
        fixture.call(
            "POST",
            "/api/connectors?skipTestConnection=true",
            "{\"name\":\"gone\",\"tenableUrl\":\"http://127.0.0.1:"
                + closed
                + "\",\"accessKey\":\"a\",\"secretKey\":\"b\"}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();
    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    JsonNode errored = fixture.awaitIdle(id);
    assertThat(errored.path("state").asText()).isEqualTo("ERRORED");
    JsonNode error = errored.path("lastError");
    assertThat(error.path("code").asText()).isEqualTo("NETWORK");
    assertThat(error.path("cause").asText()).contains("could not be reached");
    assertThat(error.path("troubleshooting").asText()).contains("Test Connection");
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(errored.path("lastRun").path("status").asText()).isEqualTo("FAILED");
  }
}

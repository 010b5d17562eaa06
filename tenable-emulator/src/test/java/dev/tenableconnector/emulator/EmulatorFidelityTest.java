package dev.tenableconnector.emulator;

import static dev.tenableconnector.emulator.Http.get;
import static dev.tenableconnector.emulator.Http.post;
import static dev.tenableconnector.emulator.Http.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The emulator's answers have the shapes recorded from the real API (see the spec). */
class EmulatorFidelityTest {

  static TenableEmulator emulator(Consumer<EmulatorConfig.Builder> tweak) {
    EmulatorConfig.Builder b = EmulatorConfig.builder().assets(150).findingsPerAsset(5);
    tweak.accept(b);
    try {
      return TenableEmulator.start(b.build());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Set<String> keys(JsonNode node) {
    Set<String> keys = new HashSet<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  static JsonNode spec(String name) throws IOException {
    try (InputStream in = EmulatorFidelityTest.class.getResourceAsStream("/" + name)) {
      return Http.JSON.readTree(in);
    }
  }

  @Test
  void assetChunksCarryEveryKeyOfTheRecordedShapeWithExplicitNulls() throws Exception {
    try (TenableEmulator e = emulator(b -> {})) {
      String uuid =
          start(
              e,
              "assets",
              "{'chunk_size': 100, 'include_open_ports': true, 'include_resource_tags': true}");
      Http.Reply chunk = get(e, "/assets/export/" + uuid + "/chunks/1");

      assertThat(chunk.status()).isEqualTo(200);
      assertThat(chunk.contentType()).isEqualTo("application/json;charset=utf-8");
      JsonNode records = chunk.json();
      assertThat(records.isArray()).isTrue();
      assertThat(records.size()).isEqualTo(100);
      Set<String> expected = keys(spec("asset-record.json"));
      for (JsonNode r : records) {
        assertThat(keys(r)).containsAll(expected);
        assertThat(r.has("mcafee_epo_guid") && r.get("mcafee_epo_guid").isNull()).isTrue();
        assertThat(r.path("network_interfaces").get(0).has("ipv4s")).isTrue();
      }
    }
  }

  @Test
  void vulnChunksOmitEmptyKeysCarryTheRecordedKeysAndAreServedAsOctetStream() throws Exception {
    try (TenableEmulator e = emulator(b -> b.assets(400).findingsPerAsset(12))) {
      String uuid =
          start(
              e,
              "vulns",
              "{'num_assets': 5000, 'include_unlicensed': true,"
                  + " 'filters': {'state': ['OPEN', 'REOPENED', 'FIXED']}}");
      Http.Reply chunk = get(e, "/vulns/export/" + uuid + "/chunks/1");

      assertThat(chunk.contentType()).isEqualTo("application/octet-stream");
      JsonNode spec = spec("vuln-record.json");
      Set<String> top = keys(spec);
      Set<String> asset = keys(spec.get("asset"));
      Set<String> plugin = keys(spec.get("plugin"));
      List<String> nulls = new ArrayList<>();
      Set<String> seenTop = new HashSet<>();
      Set<String> seenAsset = new HashSet<>();
      Set<String> seenPlugin = new HashSet<>();
      for (JsonNode r : chunk.json()) {
        seenTop.addAll(keys(r));
        seenAsset.addAll(keys(r.get("asset")));
        seenPlugin.addAll(keys(r.get("plugin")));
        // That every key is one Tenable documents is OpenApiConformanceTest's to check.
        collectNulls(r, "", nulls);
        assertThat(r.has("last_fixed")).isEqualTo(!r.path("state").asText().equals("OPEN"));
        assertThat(r.path("port").path("port").isInt()).isTrue();
      }
      assertThat(nulls).isEmpty();
      // Every key of the recorded example shows up somewhere in a chunk of this size.
      assertThat(seenTop).containsAll(top);
      assertThat(seenAsset).containsAll(asset);
      assertThat(seenPlugin).containsAll(plugin);
    }
  }

  private static void collectNulls(JsonNode node, String path, List<String> out) {
    if (node.isNull()) {
      out.add(path);
    }
    if (node.isObject()) {
      node.fields().forEachRemaining(f -> collectNulls(f.getValue(), path + "." + f.getKey(), out));
    }
    if (node.isArray()) {
      node.forEach(n -> collectNulls(n, path + "[]", out));
    }
  }

  @Test
  void assetStatusHasOnlyStatusAndAvailableChunksWhileVulnStatusHasTheFullRecordedShape()
      throws Exception {
    try (TenableEmulator e = emulator(b -> {})) {
      String assets = start(e, "assets", "{'chunk_size': 100}");
      String vulns = start(e, "vulns", "{'num_assets': 50}");

      JsonNode assetStatus = get(e, "/assets/export/" + assets + "/status").json();
      JsonNode vulnStatus = get(e, "/vulns/export/" + vulns + "/status").json();

      assertThat(keys(assetStatus)).isEqualTo(keys(spec("asset-export-status.json")));
      assertThat(keys(vulnStatus)).isEqualTo(keys(spec("vuln-export-status.json")));
      assertThat(vulnStatus.path("created").asLong()).isGreaterThan(1_000_000_000_000L);
      // Tenable's OpenAPI example echoes resurfaced_date too; the older recording did not.
      assertThat(keys(vulnStatus.path("filters")))
          .containsAll(keys(spec("vuln-export-status.json").path("filters")));
      assertThat(vulnStatus.path("filters").path("state").toString())
          .isEqualTo("[\"OPEN\",\"REOPENED\"]");
    }
  }

  @Test
  void shouldGzipOnlyWhenTheClientAsks() {
    try (TenableEmulator e = emulator(b -> {})) {
      Http.Reply plain = Http.send(e, "GET", "/session", null, Http.KEYS, false);
      Http.Reply gzip = Http.send(e, "GET", "/session", null, Http.KEYS, true);

      assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
      assertThat(gzip.headers().firstValue("content-encoding")).contains("gzip");
      assertThat(gzip.raw()[0] & 0xff).isEqualTo(0x1f);
      assertThat(gzip.json()).isEqualTo(plain.json());
      assertThat(plain.headers().firstValue("x-request-uuid").orElseThrow())
          .matches("[0-9a-f]{32}");
    }
  }

  @Test
  void shouldAcceptTheDocumentedSpellingsOfTheKeysHeaderAndRefuseOthers() {
    try (TenableEmulator e = emulator(b -> b.keys("ak", "sk"))) {
      for (String ok :
          List.of(
              "accessKey=ak; secretKey=sk;",
              "accessKey=ak;secretKey=sk",
              "accessKey=ak;  secretKey=sk;")) {
        assertThat(Http.send(e, "GET", "/session", null, ok, false).status()).as(ok).isEqualTo(200);
      }
      for (String bad :
          List.of("accessKey=ak; secretKey=wrong;", "secretKey=sk; accessKey=ak", "ak:sk")) {
        assertThat(Http.send(e, "GET", "/session", null, bad, false).status())
            .as(bad)
            .isEqualTo(401);
      }
      assertThat(Http.send(e, "GET", "/session", null, null, false).json().path("error").asText())
          .isEqualTo("Unauthorized");
    }
  }

  @Test
  void shouldReportTheRoleAndForbidExportsBelowBasic() {
    try (TenableEmulator e = emulator(b -> b.permissions(0))) {
      assertThat(get(e, "/session").json().path("permissions").asInt()).isZero();
      assertThat(post(e, "/vulns/export", "{}").status()).isEqualTo(403);
      assertThat(get(e, "/assets/export/status").status()).isEqualTo(403);
    }
    try (TenableEmulator e = emulator(b -> b.permissions(16).denyExports(true))) {
      assertThat(get(e, "/session").json().path("permissions").asInt()).isEqualTo(16);
      assertThat(post(e, "/assets/export", "{'chunk_size': 100}").status()).isEqualTo(403);
    }
  }

  @Test
  void shouldRefuseAssetChunkSizesOutsideTheLimitsAndClampNumAssets() {
    try (TenableEmulator e = emulator(b -> {})) {
      assertThat(post(e, "/assets/export", "{'chunk_size': 99}").status()).isEqualTo(400);
      assertThat(post(e, "/assets/export", "{'chunk_size': 10001}").status()).isEqualTo(400);
      assertThat(post(e, "/assets/export", "{}").json().path("message").asText())
          .contains("chunk_size");
      assertThat(
              post(e, "/assets/export", "{'chunk_size': 100, 'filters': {'since': 1}}")
                  .json()
                  .path("message")
                  .asText())
          .contains("only the v2 asset export");

      String small = start(e, "vulns", "{'num_assets': 10}");
      String text = start(e, "vulns", "{'num_assets': '9000', 'filters': {'severity': ['high']}}");
      assertThat(
              get(e, "/vulns/export/" + small + "/status")
                  .json()
                  .path("num_assets_per_chunk")
                  .asInt())
          .isEqualTo(50);
      assertThat(
              get(e, "/vulns/export/" + text + "/status")
                  .json()
                  .path("num_assets_per_chunk")
                  .asInt())
          .isEqualTo(5000);
    }
  }

  @Test
  void shouldNameEveryBadFilterInOne400() {
    try (TenableEmulator e = emulator(b -> {})) {
      Http.Reply r =
          post(
              e,
              "/vulns/export",
              "{'filters': {'since': 5, 'last_fixed': 6,"
                  + " 'state': ['closed'], 'severity': ['urgent'], 'bogus': true}}");

      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().path("message").asText())
          .contains("unknown filter 'bogus'")
          .contains("state must be")
          .contains("severity must be")
          .contains("since cannot be combined with last_fixed");
    }
  }

  @Test
  void shouldAnswer409WithTheActiveJobForADuplicateExport() {
    try (TenableEmulator e = emulator(b -> b.queuedFor(Duration.ofMinutes(1)))) {
      String first = start(e, "vulns", "{'num_assets': 50, 'filters': {'state': ['open']}}");
      Http.Reply again =
          post(e, "/vulns/export", "{'filters': {'state': ['OPEN']}, 'num_assets': 50}");
      Http.Reply other =
          post(e, "/vulns/export", "{'num_assets': 50, 'filters': {'state': ['fixed']}}");

      assertThat(again.status()).isEqualTo(409);
      assertThat(again.json().path("active_job_id").asText()).isEqualTo(first);
      assertThat(again.json().path("failure_reason").asText()).isNotBlank();
      assertThat(other.status()).isEqualTo(200);
    }
  }

  @Test
  void shouldAnswer429WithRetryAfterOverTheConcurrentExportLimit() {
    try (TenableEmulator e =
        emulator(
            b ->
                b.maxConcurrentExports(2)
                    .queuedFor(Duration.ofMinutes(1))
                    .concurrencyRetryAfterSeconds(30))) {
      start(e, "vulns", "{'filters': {'severity': ['low']}}");
      start(e, "assets", "{'chunk_size': 500}");
      Http.Reply third = post(e, "/vulns/export", "{'filters': {'severity': ['high']}}");

      assertThat(third.status()).isEqualTo(429);
      assertThat(third.headers().firstValue("retry-after")).contains("30");
    }
  }

  @Test
  void shouldMoveFromQueuedThroughProcessingToFinishedWithChunksOutOfOrder() throws Exception {
    try (TenableEmulator e =
        emulator(
            b ->
                b.assets(500)
                    .queuedFor(Duration.ofMillis(600))
                    .chunkInterval(Duration.ofMillis(150)))) {
      String uuid = start(e, "assets", "{'chunk_size': 100}");
      List<String> states = new ArrayList<>();
      JsonNode status;
      do {
        status = get(e, "/assets/export/" + uuid + "/status").json();
        if (states.isEmpty()
            || !states.get(states.size() - 1).equals(status.path("status").asText())) {
          states.add(status.path("status").asText());
        }
        Thread.sleep(20);
      } while (!status.path("status").asText().equals("FINISHED"));

      assertThat(states).containsExactly("QUEUED", "PROCESSING", "FINISHED");
      assertThat(status.path("chunks_available").toString()).isEqualTo("[2,1,4,3,5]");
      assertThat(get(e, "/assets/export/" + uuid + "/chunks/6").status()).isEqualTo(404);
    }
  }

  @Test
  void shouldCancelRunningExportsOnlyAndKnowNoStrangers() {
    try (TenableEmulator e = emulator(b -> b.queuedFor(Duration.ofMinutes(1)))) {
      String running = start(e, "vulns", "{}");
      Http.Reply cancel = post(e, "/vulns/export/" + running + "/cancel", null);

      assertThat(cancel.json().path("status").asText()).isEqualTo("CANCELLED");
      assertThat(get(e, "/vulns/export/" + running + "/status").json().path("status").asText())
          .isEqualTo("CANCELLED");
      assertThat(
              post(e, "/vulns/export/00000000-0000-0000-0000-000000000001/cancel", null).status())
          .isEqualTo(404);
      assertThat(get(e, "/assets/export/" + running + "/status").status()).isEqualTo(404);
    }
    try (TenableEmulator e = emulator(b -> {})) {
      String finished = start(e, "vulns", "{}");
      Http.Reply cancel = post(e, "/vulns/export/" + finished + "/cancel", null);
      assertThat(cancel.status()).isEqualTo(400);
      assertThat(cancel.json().path("message").asText()).isEqualTo("Cannot cancel a completed job");
    }
  }

  @Test
  void shouldForgetExportsAfterTheirRetention() {
    MutableTestClock clock = new MutableTestClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (TenableEmulator e = emulator(b -> b.clock(clock))) {
      String uuid = start(e, "vulns", "{'num_assets': 50}");
      assertThat(get(e, "/vulns/export/" + uuid + "/chunks/1").status()).isEqualTo(200);

      clock.now = clock.now.plus(Duration.ofHours(25));

      assertThat(get(e, "/vulns/export/" + uuid + "/chunks/1").status()).isEqualTo(404);
      assertThat(get(e, "/vulns/export/" + uuid + "/status").status()).isEqualTo(404);
      assertThat(get(e, "/vulns/export/status").json().path("exports").size()).isZero();
    }
  }

  @Test
  void shouldListJobsWithTheirFiltersAndCreationTime() {
    try (TenableEmulator e = emulator(b -> {})) {
      String vulns =
          start(
              e,
              "vulns",
              "{'num_assets': 100, 'filters': {'since': 1738368000,"
                  + " 'state': ['open', 'reopened', 'fixed']}}");
      String assets = start(e, "assets", "{'chunk_size': 1000}");

      JsonNode list = get(e, "/vulns/export/status").json().path("exports");
      assertThat(list.size()).isEqualTo(1);
      assertThat(list.get(0).path("uuid").asText()).isEqualTo(vulns);
      assertThat(list.get(0).path("filters").path("since").asLong()).isEqualTo(1738368000L);
      assertThat(list.get(0).path("num_assets_per_chunk").asInt()).isEqualTo(100);
      assertThat(
              get(e, "/assets/export/status").json().path("exports").get(0).path("uuid").asText())
          .isEqualTo(assets);
    }
  }

  @Test
  void shouldServeTheSameDataForTheSameSeedAndTime() {
    Clock fixed = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    byte[] a;
    byte[] b;
    byte[] c;
    try (TenableEmulator e = emulator(x -> x.seed(9).clock(fixed))) {
      a = get(e, "/vulns/export/" + start(e, "vulns", "{'num_assets': 50}") + "/chunks/1").body();
    }
    try (TenableEmulator e = emulator(x -> x.seed(9).clock(fixed))) {
      b = get(e, "/vulns/export/" + start(e, "vulns", "{'num_assets': 50}") + "/chunks/1").body();
    }
    try (TenableEmulator e = emulator(x -> x.seed(10).clock(fixed))) {
      c = get(e, "/vulns/export/" + start(e, "vulns", "{'num_assets': 50}") + "/chunks/1").body();
    }
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void shouldServeEachFindingOnceByPluginPortAndProtocolPerAsset() {
    try (TenableEmulator e = emulator(b -> b.findingsPerAsset(40))) {
      String uuid =
          start(
              e,
              "vulns",
              "{'num_assets': 5000, 'include_unlicensed': true,"
                  + " 'filters': {'state': ['OPEN', 'REOPENED', 'FIXED']}}");
      Set<String> keys = new HashSet<>();
      Set<String> findingIds = new HashSet<>();
      int count = 0;
      Set<Integer> cveCounts = new HashSet<>();
      Set<String> states = new HashSet<>();
      for (JsonNode r : get(e, "/vulns/export/" + uuid + "/chunks/1").json()) {
        count++;
        keys.add(
            r.path("asset").path("uuid").asText()
                + "|"
                + r.path("plugin").path("id")
                + "|"
                + r.path("port").path("port")
                + "|"
                + r.path("port").path("protocol"));
        findingIds.add(r.path("finding_id").asText());
        cveCounts.add(r.path("plugin").path("cve").size());
        states.add(r.path("state").asText() + "/" + r.path("severity_modification_type").asText());
      }
      assertThat(keys).hasSize(count);
      assertThat(findingIds).hasSize(count);
      assertThat(cveCounts).contains(0, 1, 2, 3);
      assertThat(states).contains("OPEN/NONE", "REOPENED/NONE", "FIXED/NONE", "OPEN/RECASTED");
    }
  }

  /** A clock the test moves. */
  static final class MutableTestClock extends Clock {
    volatile Instant now;

    MutableTestClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}

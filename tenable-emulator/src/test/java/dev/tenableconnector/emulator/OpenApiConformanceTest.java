package dev.tenableconnector.emulator;

import static dev.tenableconnector.emulator.Http.get;
import static dev.tenableconnector.emulator.Http.post;
import static dev.tenableconnector.emulator.Http.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The emulator against Tenable's own OpenAPI description of the export endpoints: every request
 * body it accepts is one the description documents, and every response it gives (status bodies, job
 * lists, v1 and v2 asset chunks, vuln chunks, error bodies) validates against the documented
 * schema, closed to undocumented fields, with only the deviations {@link TenableOpenApi} lists.
 */
class OpenApiConformanceTest {
  private static final String ASSET_CHUNK = "/assets/export/{export_uuid}/chunks/{chunk_id}";
  private static final String VULN_CHUNK = "/vulns/export/{export_uuid}/chunks/{chunk_id}";

  private static TenableEmulator emulator(Consumer<EmulatorConfig.Builder> tweak) {
    return EmulatorFidelityTest.emulator(
        b -> {
          b.assets(400).findingsPerAsset(12);
          tweak.accept(b);
        });
  }

  private static void assertValid(JsonSchema schema, JsonNode value, String what) {
    assertThat(TenableOpenApi.problems(schema, value)).as(what).isEmpty();
  }

  /** Each record on its own, so that a failure names the record. */
  private static void assertEachValid(JsonSchema arraySchema, JsonNode records, String what) {
    assertThat(records.isArray()).as(what + " is an array").isTrue();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < records.size() && problems.size() < 20; i++) {
      for (String p :
          TenableOpenApi.problems(arraySchema, Http.JSON.createArrayNode().add(records.get(i)))) {
        problems.add(what + " record " + i + ": " + p);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theShippedDescriptionIsTenablesAsInShared() throws IOException {
    Path shared =
        Path.of("..", "..", "shared", "docs", "tenable-openapi", "vm-exports-openapi.json");
    if (Files.exists(shared)) {
      assertThat(Http.JSON.readTree(shared.toFile())).isEqualTo(TenableOpenApi.DOC);
    }
    assertThat(TenableOpenApi.DOC.path("paths").has("/assets/v2/export")).isTrue();
  }

  @Test
  void tenablesOwnExamplesValidateWithTheListedDeviations() {
    List<String> problems = new ArrayList<>();
    record Response(String method, String path, String status, String type, String variant) {}
    List<Response> responses =
        List.of(
            new Response(
                "GET", "/assets/export/{export_uuid}/status", "200", "application/json", null),
            new Response(
                "GET", "/vulns/export/{export_uuid}/status", "200", "application/json", null),
            new Response("GET", "/assets/export/status", "200", "application/json", null),
            new Response("GET", "/vulns/export/status", "200", "application/json", null),
            new Response("GET", VULN_CHUNK, "200", "application/octet-stream", null),
            new Response("POST", "/vulns/export", "409", "application/json", null),
            new Response(
                "POST", "/assets/export/{export_uuid}/cancel", "200", "application/json", null),
            new Response("POST", "/assets/export", "401", "application/json", null));
    for (Response r : responses) {
      JsonSchema schema =
          TenableOpenApi.response(r.method(), r.path(), r.status(), r.type(), r.variant());
      List<Map.Entry<String, JsonNode>> examples =
          TenableOpenApi.examples(r.method(), r.path(), r.status(), r.type());
      assertThat(examples).as("examples of " + r).isNotEmpty();
      for (Map.Entry<String, JsonNode> e : examples) {
        TenableOpenApi.problems(schema, e.getValue()).forEach(p -> problems.add(r + ": " + p));
      }
    }
    JsonSchema v1 = TenableOpenApi.response("GET", ASSET_CHUNK, "200", "application/json", "v1");
    JsonSchema v2 = TenableOpenApi.response("GET", ASSET_CHUNK, "200", "application/json", "v2");
    for (Map.Entry<String, JsonNode> e :
        TenableOpenApi.examples("GET", ASSET_CHUNK, "200", "application/json")) {
      JsonSchema schema = e.getKey().contains("v1") ? v1 : v2;
      TenableOpenApi.problems(schema, e.getValue())
          .forEach(p -> problems.add(e.getKey() + ": " + p));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void v1AssetChunksValidate() {
    try (TenableEmulator e = emulator(b -> {})) {
      String uuid =
          start(
              e,
              "assets",
              "{'chunk_size': 1000, 'include_open_ports': true, 'include_resource_tags': true}");
      Http.Reply chunk = get(e, "/assets/export/" + uuid + "/chunks/1");

      assertThat(chunk.contentType()).startsWith("application/json");
      JsonSchema v1 = TenableOpenApi.response("GET", ASSET_CHUNK, "200", "application/json", "v1");
      assertEachValid(v1, chunk.json(), "v1 asset chunk");
      com.fasterxml.jackson.databind.node.ObjectNode undocumented =
          (com.fasterxml.jackson.databind.node.ObjectNode) chunk.json().get(0).deepCopy();
      undocumented.put("risk_score", 7);
      assertThat(TenableOpenApi.problems(v1, Http.JSON.createArrayNode().add(undocumented)))
          .as("a field Tenable does not document fails")
          .singleElement()
          .asString()
          .contains("risk_score");
    }
  }

  @Test
  void v2AssetChunksAreNestedAndValidate() {
    try (TenableEmulator e = emulator(b -> {})) {
      Http.Reply started =
          post(
              e,
              "/assets/v2/export",
              "{'chunk_size': 1000, 'include_open_ports': true, 'include_resource_tags': true,"
                  + " 'filters': {'since': 1000000000, 'types': ['host']}}");
      String uuid = started.json().path("export_uuid").asText();
      JsonNode records = get(e, "/assets/export/" + uuid + "/chunks/1").json();

      assertEachValid(
          TenableOpenApi.response("GET", ASSET_CHUNK, "200", "application/json", "v2"),
          records,
          "v2 asset chunk");
      assertThat(records)
          .allSatisfy(
              r -> {
                assertThat(r.has("timestamps") && r.has("network") && r.has("scan")).isTrue();
                assertThat(r.has("updated_at") || r.has("ipv4s"))
                    .as("no v1 top-level fields")
                    .isFalse();
                r.fields()
                    .forEachRemaining(
                        f ->
                            assertThat(
                                    f.getValue().isNull()
                                        || f.getValue().isContainerNode() && f.getValue().isEmpty())
                                .as(f.getKey())
                                .isFalse());
              });
      assertThat(records).anySatisfy(r -> assertThat(r.path("cloud").has("aws")).isTrue());
      assertThat(records).anySatisfy(r -> assertThat(r.path("is_public").asBoolean()).isTrue());
    }
  }

  @Test
  void vulnChunksValidateWithEveryStateAndTheNewerFields() {
    try (TenableEmulator e = emulator(b -> {})) {
      String uuid =
          start(
              e,
              "vulns",
              "{'num_assets': 5000, 'include_unlicensed': true,"
                  + " 'filters': {'since': 1000000000, 'state': ['OPEN', 'REOPENED', 'FIXED']}}");
      JsonNode records = get(e, "/vulns/export/" + uuid + "/chunks/1").json();

      assertEachValid(
          TenableOpenApi.response("GET", VULN_CHUNK, "200", "application/octet-stream", null),
          records,
          "vuln chunk");
      List<String> seen = new ArrayList<>();
      records.forEach(
          r -> {
            r.fieldNames().forEachRemaining(seen::add);
            r.path("plugin").fieldNames().forEachRemaining(k -> seen.add("plugin." + k));
            assertThat(r.path("scan").has("completed_at")).isFalse();
          });
      assertThat(seen)
          .contains(
              "resurfaced_date",
              "time_taken_to_fix",
              "plugin.epss_score",
              "plugin.vpr_v2",
              "plugin.cvss4_base_score",
              "plugin.cvss4_vector",
              "plugin.has_workaround",
              "plugin.workaround",
              "plugin.vuln_publication_date",
              "plugin.patch_publication_date");
    }
  }

  @Test
  void statusBodiesAndJobListsValidate() {
    try (TenableEmulator e = emulator(b -> b.chunkInterval(Duration.ZERO))) {
      String assets =
          start(e, "assets", "{'chunk_size': 100, 'filters': {'updated_at': 1700000000}}");
      String vulns =
          start(
              e,
              "vulns",
              "{'num_assets': 50, 'filters': {'since': 1700000000,"
                  + " 'severity': ['high'], 'tag.Location': ['Lisbon']}}");
      e.faults().add(FaultRule.parse("job:error"));
      String failed = start(e, "vulns", "{'num_assets': 100, 'filters': {'since': 1000000000}}");
      e.faults().add(FaultRule.parse("job:chunks-failed"));
      String partial = start(e, "vulns", "{'num_assets': 200, 'filters': {'since': 1000000000}}");

      JsonSchema assetStatus =
          TenableOpenApi.response(
              "GET", "/assets/export/{export_uuid}/status", "200", "application/json", null);
      JsonSchema vulnStatus =
          TenableOpenApi.response(
              "GET", "/vulns/export/{export_uuid}/status", "200", "application/json", null);
      assertValid(
          assetStatus, get(e, "/assets/export/" + assets + "/status").json(), "asset status");
      for (String uuid : List.of(vulns, failed, partial)) {
        assertValid(vulnStatus, get(e, "/vulns/export/" + uuid + "/status").json(), "vuln status");
      }
      JsonNode error = get(e, "/vulns/export/" + failed + "/status").json();
      assertThat(error.path("status").asText()).isEqualTo("ERROR");
      assertThat(error.path("reason").asText()).isNotEmpty();
      assertThat(error.path("chunks_cancelled")).isNotEmpty();
      JsonNode finishedWithFailures = get(e, "/vulns/export/" + partial + "/status").json();
      assertThat(finishedWithFailures.path("status").asText()).isEqualTo("FINISHED");
      assertThat(finishedWithFailures.path("reason").asText()).contains("chunks failed to process");
      assertValid(
          TenableOpenApi.response("GET", "/assets/export/status", "200", "application/json", null),
          get(e, "/assets/export/status").json(),
          "asset job list");
      assertValid(
          TenableOpenApi.response("GET", "/vulns/export/status", "200", "application/json", null),
          get(e, "/vulns/export/status").json(),
          "vuln job list");
      JsonNode assetJob = get(e, "/assets/export/status").json().path("exports").get(0);
      assertThat(assetJob.path("filters").isTextual()).isTrue();
      assertThat(assetJob.path("num_assets_per_chunk").asInt()).isEqualTo(100);
      JsonNode vulnJob = null;
      for (JsonNode job : get(e, "/vulns/export/status").json().path("exports")) {
        if (job.path("uuid").asText().equals(vulns)) {
          vulnJob = job;
        }
      }
      assertThat(vulnJob.path("filters").path("tags").has("tag.Location"))
          .as("tags by their full names")
          .isTrue();
      assertThat(vulnJob.path("filters").path("severity").toString()).isEqualTo("[\"HIGH\"]");
    }
  }

  @Test
  void workbenchCountsValidateAndCountWhatTheWorkbenchShows() {
    try (TenableEmulator e = emulator(b -> {})) {
      JsonSchema schema =
          TenableOpenApi.response(
              "GET", "/workbenches/vulnerabilities", "200", "application/json", null);
      JsonNode all = get(e, "/workbenches/vulnerabilities").json();
      JsonNode month = get(e, "/workbenches/vulnerabilities?date_range=30").json();
      assertValid(schema, all, "workbench, 450 days");
      assertValid(schema, month, "workbench, 30 days");
      long allCount = 0;
      long monthCount = 0;
      for (JsonNode v : all.path("vulnerabilities")) {
        allCount += v.path("count").asLong();
        assertThat(v.path("severity").asInt()).isBetween(0, 4);
      }
      for (JsonNode v : month.path("vulnerabilities")) {
        monthCount += v.path("count").asLong();
      }
      assertThat(monthCount).isPositive().isLessThan(allCount);
      assertThat(month.path("total_vulnerability_count").asInt())
          .as("one row per plugin, as Tenable's example counts")
          .isEqualTo(month.path("vulnerabilities").size());
      assertThat(get(e, "/workbenches/vulnerabilities?date_range=soon").status()).isEqualTo(400);
    }
  }

  @Test
  void documentedRequestBodiesAreAcceptedAndUndocumentedOnesRefused() {
    String v1 =
        "{'chunk_size': 1000, 'include_open_ports': true, 'include_resource_tags': true,"
            + " 'filters': {'created_at': 1700000000, 'updated_at': 1700000000, 'terminated_at':"
            + " 1700000000, 'is_terminated': true, 'deleted_at': 1700000000, 'is_deleted': true,"
            + " 'is_licensed': true, 'first_scan_time': 1700000000, 'last_authenticated_scan_time':"
            + " 1700000000, 'last_assessed': 1700000000, 'servicenow_sysid': true, 'sources':"
            + " ['NESSUS_AGENT'], 'has_plugin_results': true, 'tag.Location': ['Lisbon'],"
            + " 'network_id': '00000000-0000-0000-0000-000000000000', 'last_scan_id':"
            + " '5b1f0e8c-7a41-4f1e-9d9b-0c2b7e6a1d33'}}";
    String v2 =
        "{'chunk_size': 1000, 'filters': {'since': 1700000000, 'types': ['host'],"
            + " 'is_licensed': true}}";
    String vulns =
        "{'num_assets': 500, 'include_unlicensed': true, 'filters': {'since':"
            + " 1700000000, 'state': ['OPEN', 'REOPENED', 'FIXED'], 'severity': ['high', 'critical'],"
            + " 'severity_modification_type': ['NONE'], 'plugin_family': ['General'], 'plugin_id':"
            + " [19506], 'plugin_type': 'remote', 'vpr_score': {'gte': 7}, 'epss_score': {'gte': 10},"
            + " 'cvss4_base_score': {'gte': 7}, 'cve_id': ['CVE-2021-44228'], 'cidr_range':"
            + " '10.0.0.0/8', 'network_id': '00000000-0000-0000-0000-000000000000', 'source':"
            + " ['NESSUS'], 'tag.Location': ['Lisbon']}}";
    try (TenableEmulator e = emulator(b -> {})) {
      Map<String, String> accepted =
          Map.of("/assets/export", v1, "/assets/v2/export", v2, "/vulns/export", vulns);
      accepted.forEach(
          (path, body) -> {
            JsonNode json = read(body);
            assertValid(
                TenableOpenApi.request(path), withoutTagFilters(json), "request to " + path);
            assertThat(post(e, path, body).status()).as("POST " + path).isEqualTo(200);
          });
      Map<String, String> refused =
          Map.of(
              "/assets/export", "{'chunk_size': 1000, 'filters': {'since': 1700000000}}",
              "/assets/v2/export", "{'chunk_size': 1000, 'filters': {'tag.Location': ['Lisbon']}}",
              "/vulns/export",
                  "{'num_assets': 500, 'filters': {'since': 1700000000, 'last_seen': 1700000000}}");
      refused.forEach(
          (path, body) ->
              assertThat(post(e, path, body).status())
                  .as("POST " + path + " " + body)
                  .isEqualTo(400));
      assertThat(
              post(e, "/assets/export", "{'chunk_size': 5000, 'include_resource_tags': true}")
                  .status())
          .isEqualTo(400);
      assertThat(post(e, "/vulns/export", "{'filters': {'last_updated': 1700000000}}").status())
          .as("an undocumented filter")
          .isEqualTo(400);
      assertThat(
              TenableOpenApi.problems(
                  TenableOpenApi.request("/vulns/export"),
                  read("{'filters': {'last_updated': 1700000000}}")))
          .isNotEmpty();
    }
  }

  @Test
  void errorBodiesHaveTenablesShapes() {
    try (TenableEmulator e = emulator(b -> b.queuedFor(Duration.ofMinutes(5)))) {
      Http.Reply unauthorized =
          Http.send(
              e,
              "POST",
              "/assets/export",
              "{'chunk_size': 100}",
              "accessKey=nope; secretKey=nope;",
              false);
      assertThat(unauthorized.status()).isEqualTo(401);
      assertValid(
          TenableOpenApi.response("POST", "/assets/export", "401", "application/json", null),
          unauthorized.json(),
          "401 body");

      Http.Reply gone = get(e, "/vulns/export/5a56a9b1-447e-4aa1-aba1-deaacb38a9cf/status");
      assertThat(gone.status()).isEqualTo(404);
      assertThat(gone.json())
          .isEqualTo(read("{'status': 404, 'message': 'Export expired or not found'}"));

      Http.Reply noChunk = get(e, "/vulns/export/5a56a9b1-447e-4aa1-aba1-deaacb38a9cf/chunks/1");
      assertThat(noChunk.status()).isEqualTo(404);
      assertThat(noChunk.json()).isEqualTo(read("{'error': 'Chunk does not exist'}"));

      String queued = start(e, "vulns", "{'num_assets': 50, 'filters': {'since': 1000000000}}");
      assertThat(get(e, "/vulns/export/" + queued + "/chunks/1").status())
          .as("a chunk not ready for download")
          .isEqualTo(400);

      Http.Reply unknownCancel =
          post(e, "/assets/export/5a56a9b1-447e-4aa1-aba1-deaacb38a9cf/cancel", null);
      assertThat(unknownCancel.status()).isEqualTo(404);
      assertThat(unknownCancel.json().path("message").asText()).startsWith("Job with UUID: ");

      e.faults().add(FaultRule.parse("status:429"));
      Http.Reply limited = get(e, "/vulns/export/" + queued + "/status");
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.contentType()).startsWith("text/html");
      assertThat(new String(limited.body())).contains("429 Too Many Requests");
    }
  }

  @Test
  void cancellingAFinishedJobAnswers400AsTenablesExampleShows() {
    try (TenableEmulator e = emulator(b -> {})) {
      String uuid = start(e, "assets", "{'chunk_size': 100}");
      Http.Reply cancel = post(e, "/assets/export/" + uuid + "/cancel", null);

      assertThat(cancel.status()).isEqualTo(400);
      assertThat(cancel.json())
          .isEqualTo(
              TenableOpenApi.examples(
                      "POST", "/assets/export/{export_uuid}/cancel", "400", "application/json")
                  .get(0)
                  .getValue());
    }
  }

  /**
   * The request schema names the tag filter {@code tag.<category>}; real requests name a category.
   */
  private static JsonNode withoutTagFilters(JsonNode body) {
    JsonNode copy = body.deepCopy();
    JsonNode filters = copy.path("filters");
    if (filters.isObject()) {
      List<String> tags = new ArrayList<>();
      filters
          .fieldNames()
          .forEachRemaining(
              n -> {
                if (n.startsWith("tag.")) {
                  tags.add(n);
                }
              });
      tags.forEach(((com.fasterxml.jackson.databind.node.ObjectNode) filters)::remove);
    }
    return copy;
  }

  private static JsonNode read(String json) {
    try {
      return Http.JSON.readTree(json.replace('\'', '"'));
    } catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }
}

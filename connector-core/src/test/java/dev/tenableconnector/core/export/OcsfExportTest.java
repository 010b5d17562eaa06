package dev.tenableconnector.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.InventoryQuery;
import dev.tenableconnector.emulator.data.EstateSettings;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSF export: every event valid against the shipped OCSF 1.3.0 schema, and mapped as documented.
 */
class OcsfExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static JsonSchema schema() throws Exception {
    try (InputStream in =
        OcsfVulnerabilityFinding.class.getResourceAsStream(
            OcsfVulnerabilityFinding.SCHEMA_RESOURCE)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }

  @Test
  void everyFindingBecomesAValidVulnerabilityFindingEvent() throws Exception {
    try (SyncFixture f =
        new SyncFixture(
            dir,
            e ->
                e.estate(
                    EstateSettings.of(5, 120, 8)
                        .withScanRate(0.5)
                        .withChangeRates(0.05, 0.02, 0.02)))) {
      assertThat(f.sync().completed()).isTrue();
      f.step(Duration.ofHours(12));
      assertThat(f.sync().completed()).isTrue();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long n = InventoryExporter.export(f.store, Entity.FINDING, ExportFormat.OCSF, null, out);
      List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
      assertThat(lines).hasSize((int) n).hasSize((int) f.store.count(Entity.FINDING));

      Map<String, JsonNode> findings = new HashMap<>();
      f.store.forEach(
          Entity.FINDING,
          r -> {
            try {
              findings.put(r.key(), JSON.readTree(r.data()));
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
      JsonSchema schema = schema();
      int fixed = 0;
      int withCves = 0;
      int withEpss = 0;
      int withCvss4 = 0;
      for (String line : lines) {
        JsonNode event = JSON.readTree(line);
        Set<ValidationMessage> errors = schema.validate(event);
        assertThat(errors).as(line).isEmpty();
        JsonNode finding = findings.get(event.path("finding_info").path("uid").asText());
        assertThat(finding).isNotNull();
        assertThat(event.path("class_uid").asInt()).isEqualTo(2002);
        assertThat(event.path("type_uid").asLong())
            .isEqualTo(200200 + event.path("activity_id").asInt());
        assertThat(event.path("severity_id").asInt())
            .isEqualTo(finding.path("findingSeverity").asInt());
        assertThat(event.path("device").path("uid").asText())
            .isEqualTo(finding.path("externalAssetId").asText());
        assertThat(event.path("finding_info").path("title").asText())
            .isEqualTo(finding.path("findingName").asText());
        int cves = finding.path("cveId").size();
        assertThat(event.path("vulnerabilities").size()).isEqualTo(Math.max(1, cves));
        if (cves > 0) {
          withCves++;
          JsonNode cve = event.path("vulnerabilities").get(0).path("cve");
          assertThat(cve.path("uid").asText()).isEqualTo(finding.path("cveId").get(0).asText());
          if (finding.path("epssScore").isNumber()) {
            withEpss++;
            assertThat(Double.parseDouble(cve.path("epss").path("score").asText()) * 100)
                .isCloseTo(
                    finding.path("epssScore").asDouble(),
                    org.assertj.core.data.Offset.offset(1e-9));
          }
          if (finding.path("cvss4Base").isNumber()) {
            withCvss4++;
            assertThat(cve.path("cvss").get(0).path("version").asText()).isEqualTo("4.0");
            assertThat(cve.path("cvss").get(0).path("vector_string").asText())
                .startsWith("CVSS:4.0/AV:");
          }
        }
        if ("FIXED".equals(finding.path("findingStatus").asText())) {
          fixed++;
          assertThat(event.path("activity_id").asInt()).isEqualTo(3);
          assertThat(event.path("status_id").asInt()).isEqualTo(4);
        }
      }
      assertThat(fixed).as("the sample includes fixed findings").isPositive();
      assertThat(withCves).isPositive();
      assertThat(withEpss).as("EPSS as cve.epss").isPositive();
      assertThat(withCvss4).as("CVSS v4 on newer CVEs").isPositive().isLessThan(withCves);

      ByteArrayOutputStream critical = new ByteArrayOutputStream();
      long c =
          InventoryExporter.export(
              f.store,
              Entity.FINDING,
              ExportFormat.OCSF,
              InventoryQuery.parse("finding.severity:5"),
              critical);
      assertThat(c).isPositive().isLessThan(n);
      critical
          .toString(StandardCharsets.UTF_8)
          .lines()
          .forEach(l -> assertThat(l).contains("\"severity_id\":5"));
    }
  }

  @Test
  void theSchemaRejectsWhatOcsfForbids() throws Exception {
    JsonSchema schema = schema();
    JsonNode valid =
        JSON.readTree(
            "{\"class_uid\":2002,\"category_uid\":2,\"activity_id\":1,\"type_uid\":200201,"
                + "\"severity_id\":4,\"time\":1,\"metadata\":{\"version\":\"1.3.0\",\"product\":{\"vendor_name\":\"x\"}},"
                + "\"finding_info\":{\"uid\":\"f\"},\"vulnerabilities\":[{\"title\":\"t\"}]}");
    assertThat(schema.validate(valid)).isEmpty();
    for (String broken :
        List.of(
            "{\"class_uid\":2003}",
            "{\"finding_info\":{}}",
            "{\"vulnerabilities\":[]}",
            "{\"severity_id\":9}",
            "{\"time\":\"yesterday\"}",
            "{\"metadata\":{\"version\":\"1.3.0\"}}",
            "{\"colour\":\"red\"}",
            "{\"device\":{\"uid\":\"x\"}}",
            "{\"vulnerabilities\":[{\"cve\":{\"uid\":\"not-a-cve\"}}]}")) {
      JsonNode node = valid.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) node)
          .setAll((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(broken));
      assertThat(schema.validate(node)).as(broken).isNotEmpty();
    }
  }

  @Test
  void assetsHaveNoOcsfForm() throws Exception {
    try (SyncFixture f = new SyncFixture(dir, e -> {})) {
      assertThatThrownBy(
              () ->
                  InventoryExporter.export(
                      f.store, Entity.ASSET, ExportFormat.OCSF, null, new ByteArrayOutputStream()))
          .hasMessageContaining("exports findings");
    }
  }
}

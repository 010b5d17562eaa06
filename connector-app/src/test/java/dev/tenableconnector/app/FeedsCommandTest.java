package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code feeds import}, {@code feeds update} (from a server on loopback, never the network) and
 * {@code feeds status}, as separate processes, and what the feeds change in the export.
 */
class FeedsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TenableEmulator emulator;
  private HttpServer server;

  @BeforeEach
  void syncOnce() throws Exception {
    emulator =
        TenableEmulator.start(EmulatorConfig.builder().assets(60).findingsPerAsset(6).build());
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

  @AfterEach
  void stop() {
    emulator.close();
    if (server != null) {
      server.stop(0);
    }
  }

  private List<JsonNode> findings() throws Exception {
    CliProcess.Result export =
        CliProcess.run(dir, Map.of(), "export", "findings", "--db", "inv.db");
    assertThat(export.code()).as(export.err()).isZero();
    List<JsonNode> out = new ArrayList<>();
    for (String line : export.lines()) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private static String kev(String version, Set<String> cves) throws Exception {
    var root = JSON.createObjectNode();
    root.put("title", "CISA Catalog of Known Exploited Vulnerabilities");
    root.put("catalogVersion", version);
    root.put("dateReleased", "2026-12-01T12:00:00.000Z");
    root.put("count", cves.size());
    var list = root.putArray("vulnerabilities");
    for (String cve : cves) {
      list.addObject()
          .put("cveID", cve)
          .put("vendorProject", "Acme")
          .put("product", "Widget")
          .put("vulnerabilityName", "Acme Widget flaw")
          .put("dateAdded", "2026-11-20")
          .put("shortDescription", "A flaw.")
          .put("requiredAction", "Apply mitigations per vendor instructions.")
          .put("dueDate", "2026-12-11")
          .put("knownRansomwareCampaignUse", "Unknown")
          .put("notes", "")
          .putArray("cwes");
    }
    return JSON.writeValueAsString(root);
  }

  private static String epss(String date, Set<String> cves) {
    StringBuilder csv =
        new StringBuilder("#model_version:v2025.03.14,score_date:" + date + "T00:00:00+0000\n");
    csv.append("cve,epss,percentile\n");
    int i = 0;
    for (String cve : cves) {
      csv.append(cve).append(',').append(String.format("0.%05d", 90000 + i)).append(",0.99\n");
      i++;
    }
    return csv.toString();
  }

  @Test
  void importedFeedsMarkTheFindingsOfTheirCvesAndUpdateFetchesNewerOnes() throws Exception {
    Set<String> cves = new LinkedHashSet<>();
    for (JsonNode f : findings()) {
      for (JsonNode cve : f.path("cveId")) {
        if (cves.size() < 5) {
          cves.add(cve.asText());
        }
      }
      assertThat(f.path("inKev").asBoolean()).isFalse();
      assertThat(f.path("epss").isNull()).isTrue();
    }
    Files.writeString(dir.resolve("kev.json"), kev("2026.12.01", cves));
    Files.writeString(dir.resolve("epss.csv"), epss("2026-12-01", cves));

    CliProcess.Result imported =
        CliProcess.run(
            dir,
            Map.of(),
            "feeds",
            "import",
            "--db",
            "inv.db",
            "--kev",
            "kev.json",
            "--epss",
            "epss.csv");
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out())
        .contains("KEV 2026.12.01 of 2026-12-01: 5 records")
        .contains("EPSS v2025.03.14 of 2026-12-01: 5 records")
        .contains("priorities refreshed");

    int marked = 0;
    for (JsonNode f : findings()) {
      boolean listed = false;
      for (JsonNode cve : f.path("cveId")) {
        listed |= cves.contains(cve.asText());
      }
      assertThat(f.path("inKev").asBoolean()).as(f.toString()).isEqualTo(listed);
      if (listed) {
        marked++;
        assertThat(f.path("kevDateAdded").asText()).isEqualTo("2026-11-20");
        assertThat(f.path("kevDueDate").asText()).isEqualTo("2026-12-11");
        assertThat(f.path("epss").asDouble()).isBetween(0.9, 0.91);
        assertThat(f.path("epssPercentile").asDouble()).isEqualTo(0.99);
        assertThat(f.path("priorityReason").asText())
            .contains("is in CISA's KEV catalogue", "catalogue 2026.12.01 of 2026-12-01");
        assertThat(f.path("priority").asText()).isIn("ACT", "ATTEND", "TRACK_STAR", "TRACK");
      }
    }
    assertThat(marked).isPositive();
    CliProcess.Result inKev =
        CliProcess.run(
            dir, Map.of(), "export", "findings", "--db", "inv.db", "--query", "finding.inKev:true");
    assertThat(inKev.code()).as(inKev.err()).isZero();
    assertThat(inKev.lines()).hasSize(marked);

    // feeds update from a server on loopback: newer files replace the catalogue.
    byte[] gz;
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GZIPOutputStream zip = new GZIPOutputStream(bytes)) {
      zip.write(epss("2026-12-02", cves).getBytes(StandardCharsets.UTF_8));
      zip.finish();
      gz = bytes.toByteArray();
    }
    byte[] kev2 =
        kev("2026.12.02", Set.of(cves.iterator().next())).getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/kev.json",
        x -> {
          x.sendResponseHeaders(200, kev2.length);
          x.getResponseBody().write(kev2);
          x.close();
        });
    server.createContext(
        "/epss.csv.gz",
        x -> {
          x.sendResponseHeaders(200, gz.length);
          x.getResponseBody().write(gz);
          x.close();
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    CliProcess.Result updated =
        CliProcess.run(
            dir,
            Map.of(),
            "feeds",
            "update",
            "--db",
            "inv.db",
            "--kev-url",
            base + "/kev.json",
            "--epss-url",
            base + "/epss.csv.gz");
    assertThat(updated.code()).as(updated.err()).isZero();
    assertThat(updated.out()).contains("KEV 2026.12.02", "EPSS v2025.03.14 of 2026-12-02");
    CliProcess.Result status = CliProcess.run(dir, Map.of(), "feeds", "status", "--db", "inv.db");
    assertThat(status.out())
        .contains("KEV  2026.12.02 of 2026-12-01", "EPSS v2025.03.14 of 2026-12-02")
        .contains(base + "/kev.json");
    assertThat(findings().stream().filter(f -> f.path("inKev").asBoolean()).count())
        .isPositive()
        .isLessThanOrEqualTo(marked);

    // Unreachable: nothing changes, and it says so.
    CliProcess.Result down =
        CliProcess.run(
            dir,
            Map.of(),
            "feeds",
            "update",
            "--db",
            "inv.db",
            "--kev-url",
            base + "/missing",
            "--epss-url",
            base + "/epss.csv.gz");
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err()).contains("cannot fetch KEV", "HTTP 404", "nothing was imported");
    assertThat(CliProcess.run(dir, Map.of(), "feeds", "status", "--db", "inv.db").out())
        .contains("KEV  2026.12.02");
  }

  @Test
  void aFileThatIsNotTheFeedIsRefusedWholeAndBadRowsAreNamed() throws Exception {
    Files.writeString(dir.resolve("notkev.json"), "[1, 2, 3]");
    CliProcess.Result refused =
        CliProcess.run(dir, Map.of(), "feeds", "import", "--db", "inv.db", "--kev", "notkev.json");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("is not CISA's KEV catalogue", "nothing of it was imported");

    Files.writeString(
        dir.resolve("epss.csv"),
        "#model_version:v1,score_date:2026-12-01T00:00:00+0000\ncve,epss,percentile\n"
            + "CVE-2024-1111,0.5,0.5\nCVE-2024-2222,seven,0.5\n");
    CliProcess.Result partial =
        CliProcess.run(dir, Map.of(), "feeds", "import", "--db", "inv.db", "--epss", "epss.csv");
    assertThat(partial.code()).as(partial.err()).isZero();
    assertThat(partial.out()).contains("1 records, 1 set aside");
    assertThat(partial.err()).contains("line 4: CVE-2024-2222: 'seven' is not a number");

    CliProcess.Result none = CliProcess.run(dir, Map.of(), "feeds", "import", "--db", "inv.db");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("give --kev FILE, --epss FILE or both");
  }
}

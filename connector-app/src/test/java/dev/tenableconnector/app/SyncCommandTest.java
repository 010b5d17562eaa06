package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.TargetField;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI contract of the sync engine, driven as separate processes against the emulator: {@code
 * sync}, {@code export}, {@code runs}, keys from the environment, exit codes, resume after a
 * SIGKILL.
 */
class SyncCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "s3cr3t-0f-the-emulator-do-not-print";

  @TempDir Path dir;
  private TenableEmulator emulator;

  @BeforeEach
  void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(120)
                .findingsPerAsset(6)
                .keys("access-1234", SECRET)
                .build());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Map<String, String> keys() {
    return Map.of("TENABLE_ACCESS_KEY", "access-1234", "TENABLE_SECRET_KEY", SECRET);
  }

  private String url() {
    return emulator.baseUrl().toString();
  }

  @Test
  void syncThenExportGivesTheNormalizedModelAsJsonLines() throws Exception {
    CliProcess.Result sync =
        CliProcess.run(dir, keys(), "sync", "--tenable-url", url(), "--db", "inv.db");

    assertThat(sync.code()).as(sync.err()).isZero();
    assertThat(sync.out()).contains("FULL COMPLETED").contains("inventory: SQLite");

    CliProcess.Result assets =
        CliProcess.run(dir, Map.of(), "export", "assets", "--db", "inv.db", "--format", "jsonl");
    assertThat(assets.code()).as(assets.err()).isZero();
    List<String> lines = assets.lines();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      JsonNode a = JSON.readTree(line);
      assertThat(a.fieldNames())
          .toIterable()
          .containsExactlyElementsOf(
              FieldCatalog.of(Entity.ASSET).fields().stream().map(TargetField::name).toList());
      assertThat(a.get("source").asText()).isEqualTo("Tenable");
      assertThat(a.get("ipAddress").isArray()).isTrue();
      assertThat(a.get("externalAssetId").isTextual()).isTrue();
      assertThat(a.get("criticality").isNumber() || a.get("criticality").isNull()).isTrue();
    }

    CliProcess.Result findings =
        CliProcess.run(dir, Map.of(), "export", "findings", "--db", "inv.db", "--format", "jsonl");
    assertThat(findings.code()).isZero();
    JsonNode f = JSON.readTree(findings.lines().get(0));
    assertThat(f.get("findingSeverity").isInt()).isTrue();
    assertThat(f.get("findingSeverity").asInt()).isBetween(1, 5);
    assertThat(f.get("isPatchAvailable").isBoolean()).isTrue();
    assertThat(f.get("cveId").isArray()).isTrue();
    assertThat(f.get("findingPort").isInt()).isTrue();

    CliProcess.Result csv =
        CliProcess.run(dir, Map.of(), "export", "findings", "--db", "inv.db", "--format", "csv");
    assertThat(csv.lines().get(0))
        .startsWith("externalFindingId,externalAssetId,findingName,findingSeverity");
    assertThat(csv.lines()).hasSize(findings.lines().size() + 1);
  }

  @Test
  void v2AssetExportsFillAssetTypesAndPublicAndAreRefusedWithTagFilters() throws Exception {
    CliProcess.Result bad =
        CliProcess.run(
            dir,
            keys(),
            "sync",
            "--tenable-url",
            url(),
            "--db",
            "bad.db",
            "--asset-export",
            "v2",
            "--tag",
            "Location=Lisbon",
            "--parallel-chunks",
            "99");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--tag needs --asset-export v1").contains("--parallel-chunks");
    assertThat(dir.resolve("bad.db")).doesNotExist();

    CliProcess.Result sync =
        CliProcess.run(
            dir, keys(), "sync", "--tenable-url", url(), "--db", "v2.db", "--asset-export", "v2");
    assertThat(sync.code()).as(sync.err()).isZero();
    CliProcess.Result assets =
        CliProcess.run(
            dir,
            Map.of(),
            "export",
            "assets",
            "--db",
            "v2.db",
            "--format",
            "jsonl",
            "--query",
            "asset.type:host");
    assertThat(assets.code()).as(assets.err()).isZero();
    assertThat(assets.lines())
        .hasSize(
            CliProcess.run(dir, Map.of(), "export", "assets", "--db", "v2.db", "--format", "jsonl")
                .lines()
                .size())
        .allSatisfy(
            line -> {
              JsonNode a = JSON.readTree(line);
              assertThat(a.get("isPublic").isBoolean()).isTrue();
              assertThat(a.get("updatedAt").isTextual()).isTrue();
            });
  }

  @Test
  void aFullImportAsksForAllHistoryAndFindsWhatTenableLastSawLongAgo() throws Exception {
    CliProcess.Result sync =
        CliProcess.run(dir, keys(), "sync", "--tenable-url", url(), "--db", "inv.db");
    assertThat(sync.code()).as(sync.err()).isZero();
    String vulnsPost =
        emulator.requests().stream()
            .filter(r -> r.method().equals("POST") && r.path().equals("/vulns/export"))
            .map(r -> r.body())
            .findFirst()
            .orElseThrow();
    assertThat(JSON.readTree(vulnsPost).at("/filters/since").asLong()).isEqualTo(1_000_000_000L);

    CliProcess.Result old =
        CliProcess.run(
            dir,
            Map.of(),
            "export",
            "findings",
            "--db",
            "inv.db",
            "--format",
            "jsonl",
            "--query",
            "finding.lastFound:<now-30d");
    assertThat(old.code()).as(old.err()).isZero();
    assertThat(old.lines()).as("findings last seen more than 30 days ago").isNotEmpty();
  }

  @Test
  void aKeyWithAPastedInvisibleCharacterIsASetupErrorThatNeverShowsTheKey() throws Exception {
    CliProcess.Result sync =
        CliProcess.run(
            dir,
            Map.of("TENABLE_ACCESS_KEY", "access-1234", "TENABLE_SECRET_KEY", "\u200B" + SECRET),
            "sync",
            "--tenable-url",
            url(),
            "--db",
            "inv.db");

    assertThat(sync.code()).isEqualTo(2);
    assertThat(sync.err()).contains("secret key: character 1 is U+200B").doesNotContain(SECRET);
    assertThat(sync.out()).doesNotContain(SECRET);
    assertThat(emulator.requests()).as("nothing was sent to Tenable").isEmpty();
  }

  @Test
  void aUrlWhereNothingListensFailsAtOnceNamingTheHostAndPort() throws Exception {
    int closed;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    long started = System.nanoTime();
    CliProcess.Result sync =
        CliProcess.run(
            dir,
            keys(),
            "sync",
            "--tenable-url",
            "http://127.0.0.1:" + closed,
            "--db",
            "inv.db",
            "--no-progress");
    java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);

    assertThat(sync.code()).isEqualTo(1);
    assertThat(took).as("no retrying for minutes").isLessThan(java.time.Duration.ofSeconds(60));
    assertThat(sync.err())
        .contains("the connection was refused")
        .contains("127.0.0.1:" + closed)
        .contains("host and port");
    assertThat(sync.err().lines().filter(l -> l.contains("WARN"))).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void pyTenableVariablesAreAcceptedAndTheSecondRunIsADelta() throws Exception {
    Map<String, String> env =
        Map.of("TIO_ACCESS_KEY", "access-1234", "TIO_SECRET_KEY", SECRET, "TIO_URL", url());
    assertThat(CliProcess.run(dir, env, "sync", "--db", "inv.db").code()).isZero();

    CliProcess.Result second = CliProcess.run(dir, env, "sync", "--db", "inv.db");
    assertThat(second.code()).isZero();
    assertThat(second.out()).contains("DELTA COMPLETED");

    CliProcess.Result runs = CliProcess.run(dir, Map.of(), "runs", "--db", "inv.db");
    assertThat(runs.code()).isZero();
    assertThat(runs.out())
        .contains("Run 2 of connector 'default': DELTA COMPLETED")
        .contains("Run 1 of connector 'default': FULL COMPLETED");
    assertThat(runs.out().indexOf("Run 2")).isLessThan(runs.out().indexOf("Run 1"));
  }

  @Test
  void anEditedMapIsReappliedToTheStoredRecordsWithoutExporting() throws Exception {
    assertThat(CliProcess.run(dir, keys(), "sync", "--tenable-url", url(), "--db", "inv.db").code())
        .isZero();
    Path map = dir.resolve("map.json");
    String text =
        new String(
            TenableConnectorCli.class
                .getResourceAsStream("/transform/tenable-io-host-asset-map.json")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    java.nio.file.Files.writeString(
        map,
        text.replace(
            "\"label\": \"Source\", \"source\": \"'Tenable'\"",
            "\"label\": \"Source\", \"source\": \"'Tenable VM'\""));
    emulator.clearRequests();

    CliProcess.Result remap =
        CliProcess.run(dir, Map.of(), "remap", "--db", "inv.db", "--map", map.toString());

    assertThat(remap.code()).as(remap.err()).isZero();
    assertThat(remap.out()).contains("REMAP COMPLETED");
    assertThat(emulator.requests()).isEmpty();
    CliProcess.Result assets = CliProcess.run(dir, Map.of(), "export", "assets", "--db", "inv.db");
    assertThat(assets.lines())
        .allSatisfy(
            l -> assertThat(JSON.readTree(l).get("source").asText()).isEqualTo("Tenable VM"));

    java.nio.file.Files.writeString(
        map,
        "{\"name\": \"broken\", \"assets\": [{\"source\": \"id\", \"target\": \"assetId\"}], \"findings\": []}");
    CliProcess.Result bad =
        CliProcess.run(dir, Map.of(), "remap", "--db", "inv.db", "--map", map.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .contains("unknown target field 'assetId'")
        .contains("required target 'externalFindingId'");
  }

  @Test
  void wrongKeysEndWithOneLineOfCauseAndRemedyAndNoSecret() throws Exception {
    CliProcess.Result sync =
        CliProcess.run(
            dir,
            Map.of(
                "TENABLE_ACCESS_KEY",
                "access-1234",
                "TENABLE_SECRET_KEY",
                "wrong-" + SECRET,
                "TENABLE_CONNECTOR_LOG_LEVEL",
                "DEBUG"),
            "sync",
            "--tenable-url",
            url(),
            "--db",
            "inv.db");

    assertThat(sync.code()).isEqualTo(3);
    String line =
        sync.err().lines().filter(l -> l.startsWith("sync failed:")).findFirst().orElseThrow();
    assertThat(sync.err().lines().filter(l -> l.startsWith("sync failed:"))).hasSize(1);
    assertThat(line).contains("HTTP 401").contains("Remedy:").contains("revoked or regenerated");
    String cause = line.substring(0, line.indexOf(" Remedy:"));
    for (String sentence : cause.split(": ")) {
      if (sentence.length() > 12) {
        assertThat(cause.indexOf(sentence))
            .as("said once: " + sentence)
            .isEqualTo(cause.lastIndexOf(sentence));
      }
    }
    assertThat(sync.out() + sync.err()).doesNotContain(SECRET);
  }

  @Test
  void noKeysIsASetupErrorThatSaysWhereKeysComeFrom() throws Exception {
    CliProcess.Result sync =
        CliProcess.run(dir, Map.of(), "sync", "--tenable-url", url(), "--db", "inv.db");

    assertThat(sync.code()).isEqualTo(2);
    assertThat(sync.err()).contains("TENABLE_ACCESS_KEY").contains("TIO_ACCESS_KEY");
  }

  @Test
  void keysCanComeFromAConfigFile() throws Exception {
    Path config = dir.resolve("tenable.properties");
    java.nio.file.Files.writeString(
        config,
        "tenable.url="
            + url()
            + "\ntenable.access-key=access-1234\n"
            + "tenable.secret-key="
            + SECRET
            + "\n");
    java.nio.file.Files.setPosixFilePermissions(
        config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    CliProcess.Result sync =
        CliProcess.run(dir, Map.of(), "sync", "--config", config.toString(), "--db", "inv.db");

    assertThat(sync.code()).as(sync.err()).isZero();
    assertThat(sync.err()).doesNotContain("readable by other users");
  }

  /** A slow emulator and a `sync` process that has stored its first vuln chunk, still running. */
  private CliProcess aSyncWithAVulnChunkStored() throws Exception {
    emulator.close();
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(400)
                .findingsPerAsset(6)
                .keys("access-1234", SECRET)
                .chunkInterval(Duration.ofMillis(400))
                .build());
    CliProcess sync =
        CliProcess.start(
            dir,
            keys(),
            "sync",
            "--tenable-url",
            url(),
            "--db",
            "inv.db",
            "--no-progress",
            "--assets-per-vuln-chunk",
            "50");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (vulnChunksStored(dir.resolve("inv.db")) < 1) {
      assertThat(System.nanoTime())
          .as("a vuln chunk is stored: " + sync.stderr())
          .isLessThan(deadline);
      Thread.sleep(50);
    }
    return sync;
  }

  @Test
  void aSyncKilledMidRunResumesOnTheNextStart() throws Exception {
    CliProcess first = aSyncWithAVulnChunkStored();
    first.kill();

    CliProcess.Result second =
        CliProcess.run(
            dir,
            keys(),
            "sync",
            "--tenable-url",
            url(),
            "--db",
            "inv.db",
            "--assets-per-vuln-chunk",
            "50");

    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("Run 1 of connector 'default': FULL COMPLETED")
        .contains("resumed 1x after an interruption");
    long vulnPosts =
        emulator.requests().stream()
            .filter(r -> r.method().equals("POST") && r.path().equals("/vulns/export"))
            .count();
    assertThat(vulnPosts)
        .as("the export begun before the kill was resumed, not started again")
        .isEqualTo(1);
  }

  @Test
  void anInterruptedSyncSaysWhatHappensNextAndTheNextSyncDoesIt() throws Exception {
    CliProcess first = aSyncWithAVulnChunkStored();
    CliProcess.Result stopped = first.stop(); // SIGTERM, as Ctrl-C is handled

    assertThat(stopped.err())
        .contains("sync: interrupted during the vulns phase of run 1 (")
        .contains("the next `sync` with the same settings resumes run 1")
        .contains("the watermark has not moved")
        .doesNotContain("Exception");
    CliProcess.Result second =
        CliProcess.run(
            dir,
            keys(),
            "sync",
            "--tenable-url",
            url(),
            "--db",
            "inv.db",
            "--assets-per-vuln-chunk",
            "50");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("Run 1 of connector 'default': FULL COMPLETED")
        .contains("resumed 1x");
    assertThat(second.err()).doesNotContain("interrupted");
  }

  @Test
  void aChunkOfTensOfThousandsOfFindingsSyncsInASmallHeap() throws Exception {
    emulator.close();
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(1000)
                .findingsPerAsset(80)
                .keys("access-1234", SECRET)
                .build());

    CliProcess.Result sync =
        CliProcess.start(
                80,
                dir,
                keys(),
                "sync",
                "--tenable-url",
                url(),
                "--db",
                "inv.db",
                "--assets-per-vuln-chunk",
                "5000")
            .await();

    assertThat(sync.code()).as(sync.err()).isZero();
    assertThat(sync.out()).containsPattern("findings: seen [0-9]{2},[0-9]{3}, inserted");
    assertThat(sync.err()).doesNotContain("OutOfMemoryError");
  }

  private static int vulnChunksStored(Path db) {
    if (!java.nio.file.Files.exists(db)) {
      return 0;
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT COUNT(*) FROM run_chunks WHERE entity = 'FINDING'")) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (Exception e) {
      return 0;
    }
  }
}

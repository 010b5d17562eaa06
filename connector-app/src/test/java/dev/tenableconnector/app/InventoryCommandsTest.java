package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.EmbeddedPostgres;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sync` and `export` with --query, --format ocsf and a PostgreSQL --db, as separate processes. */
class InventoryCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TenableEmulator emulator;

  @BeforeEach
  void start() throws Exception {
    emulator =
        TenableEmulator.start(EmulatorConfig.builder().assets(100).findingsPerAsset(6).build());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "TENABLE_ACCESS_KEY",
                EmulatorConfig.DEFAULT_ACCESS_KEY,
                "TENABLE_SECRET_KEY",
                EmulatorConfig.DEFAULT_SECRET_KEY));
    env.putAll(extra);
    return env;
  }

  /** `sync` of the emulator into inv.db, with these variables and options added. */
  private CliProcess.Result sync(Map<String, String> extraEnv, String... extraArgs)
      throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "sync",
                "--tenable-url",
                emulator.baseUrl().toString(),
                "--db",
                "inv.db",
                "--no-progress"));
    args.addAll(List.of(extraArgs));
    return CliProcess.run(dir, env(extraEnv), args.toArray(String[]::new));
  }

  @Test
  void exportTakesAQueryAndWritesOcsfEvents() throws Exception {
    CliProcess.Result sync = sync(Map.of());
    assertThat(sync.code()).as(sync.err()).isZero();

    CliProcess.Result all = CliProcess.run(dir, Map.of(), "export", "findings", "--db", "inv.db");
    CliProcess.Result high =
        CliProcess.run(
            dir,
            Map.of(),
            "export",
            "findings",
            "--db",
            "inv.db",
            "--query",
            "inventory:(source:\"Tenable\") finding.severity:>=4");
    assertThat(high.code()).as(high.err()).isZero();
    List<String> highLines = high.lines();
    assertThat(highLines).isNotEmpty().hasSizeLessThan(all.lines().size());
    for (String line : highLines) {
      assertThat(JSON.readTree(line).path("findingSeverity").asInt()).isGreaterThanOrEqualTo(4);
    }

    CliProcess.Result ocsf =
        CliProcess.run(
            dir,
            Map.of(),
            "export",
            "findings",
            "--db",
            "inv.db",
            "--format",
            "ocsf",
            "--query",
            "finding.severity:>=4");
    assertThat(ocsf.code()).as(ocsf.err()).isZero();
    assertThat(ocsf.lines()).hasSameSizeAs(highLines);
    JsonNode event = JSON.readTree(ocsf.lines().get(0));
    assertThat(event.path("class_uid").asInt()).isEqualTo(2002);
    assertThat(event.path("metadata").path("version").asText()).isEqualTo("1.3.0");

    CliProcess.Result bad =
        CliProcess.run(
            dir,
            Map.of(),
            "export",
            "findings",
            "--db",
            "inv.db",
            "--query",
            "finding.severty:>=4");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .contains("at 0: unknown field 'finding.severty'; did you mean 'finding.severity'?")
        .contains("  finding.severty:>=4\n  ^");
    CliProcess.Result assetsOcsf =
        CliProcess.run(dir, Map.of(), "export", "assets", "--db", "inv.db", "--format", "ocsf");
    assertThat(assetsOcsf.code()).isEqualTo(2);
  }

  @Test
  void aQueryValueAFieldCannotTakeExitsTwoWithItsPositionAndWritesNoFile() throws Exception {
    CliProcess.Result sync = sync(Map.of());
    assertThat(sync.code()).as(sync.err()).isZero();

    for (String query : List.of("finding.severity:>=urgent", "finding.lastFound:>=yesterday")) {
      CliProcess.Result bad =
          CliProcess.run(
              dir,
              Map.of(),
              "export",
              "findings",
              "--db",
              "inv.db",
              "--format",
              "csv",
              "--query",
              query,
              "--output",
              "out.csv");

      assertThat(bad.code()).as(query).isEqualTo(2);
      assertThat(bad.err())
          .contains("--query at 0:")
          .contains("  " + query + "\n  ^")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
      assertThat(bad.out()).isEmpty();
      assertThat(dir.resolve("out.csv")).doesNotExist();
    }
  }

  @Test
  void aDamagedDatabaseFailsTheExportVisiblyAndLeavesTheOldFileWhole() throws Exception {
    CliProcess.Result sync = sync(Map.of());
    assertThat(sync.code()).as(sync.err()).isZero();
    CliProcess.Result good =
        CliProcess.run(
            dir,
            Map.of(),
            "export",
            "findings",
            "--db",
            "inv.db",
            "--format",
            "csv",
            "--output",
            "findings.csv");
    assertThat(good.code()).as(good.err()).isZero();
    byte[] before = java.nio.file.Files.readAllBytes(dir.resolve("findings.csv"));
    // Damage the pages the findings live in: zeros over the second half of the file.
    try (var file = new java.io.RandomAccessFile(dir.resolve("inv.db").toFile(), "rw")) {
      long length = file.length();
      file.seek(length / 2);
      file.write(new byte[(int) Math.min(length / 3, 8 << 20)]);
    }

    CliProcess.Result broken =
        CliProcess.run(
            dir,
            Map.of(),
            "export",
            "findings",
            "--db",
            "inv.db",
            "--format",
            "csv",
            "--output",
            "findings.csv");

    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.err())
        .contains("export failed:")
        .contains("findings.csv was not written")
        .doesNotContain("\tat ");
    assertThat(java.nio.file.Files.readAllBytes(dir.resolve("findings.csv"))).isEqualTo(before);
    try (var files = java.nio.file.Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
    }

    // Damage the schema too: every command says so in one line, none prints a stack trace.
    try (var file = new java.io.RandomAccessFile(dir.resolve("inv.db").toFile(), "rw")) {
      file.seek(100);
      file.write(new byte[4000]);
    }
    for (String[] args :
        new String[][] {
          {"runs", "--db", "inv.db"},
          {"export", "assets", "--db", "inv.db"},
          {"remap", "--db", "inv.db"}
        }) {
      CliProcess.Result r = CliProcess.run(dir, Map.of(), args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(r.err())
          .as(String.join(" ", args))
          .contains("The file is damaged")
          .doesNotContain("\tat ")
          .doesNotContain("-----");
    }
  }

  @Test
  void anotherProcesssNativeLibraryVanishingPrintsNoStackTrace() throws Exception {
    // Each process unpacks SQLite's native library into the temp folder and, on start, deletes
    // the copies of processes that have ended. A copy that vanishes (or cannot go) under that
    // cleanup made the driver log an ERROR with a stack trace: CI saw it when one command ended
    // while another started. A non-empty folder by that name makes the failure certain here.
    Path tmp = java.nio.file.Files.createDirectories(dir.resolve("tmp"));
    Path leftover =
        tmp.resolve(
            "sqlite-" + org.sqlite.SQLiteJDBCLoader.getVersion() + "-ended-libsqlitejdbc.so");
    java.nio.file.Files.createDirectories(leftover.resolve("inside"));

    CliProcess.Result sync = sync(Map.of("JAVA_TOOL_OPTIONS", "-Dorg.sqlite.tmpdir=" + tmp));

    assertThat(sync.code()).as(sync.err()).isZero();
    assertThat(sync.err()).doesNotContain("\tat ").doesNotContain("native lib");
    assertThat(leftover).isDirectory();
  }

  @Test
  void csvCellsThatASpreadsheetWouldRunAreNeutralisedUnlessAsked() throws Exception {
    java.nio.file.Path map = dir.resolve("map.json");
    String defaults =
        new String(
            getClass()
                .getResourceAsStream("/transform/tenable-io-host-asset-map.json")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    // Every asset named by a formula, as a hostile scanned host could name itself.
    java.nio.file.Files.writeString(
        map,
        defaults.replace(
            "\"source\": \"hostnames[0] | fqdns[0] | netbios_names[0] | ipv4s[0] | ipv6s[0]\", \"target\": \"assetName\"",
            "\"source\": \"'=HYPERLINK(\\\"http://evil.example/\\\",\\\"Click\\\")'\", \"target\": \"assetName\""));
    CliProcess.Result sync = sync(Map.of(), "--scope", "assets", "--map", map.toString());
    assertThat(sync.code()).as(sync.err()).isZero();

    CliProcess.Result csv =
        CliProcess.run(dir, Map.of(), "export", "assets", "--db", "inv.db", "--format", "csv");
    CliProcess.Result kept =
        CliProcess.run(
            dir,
            Map.of(),
            "export",
            "assets",
            "--db",
            "inv.db",
            "--format",
            "csv",
            "--keep-formulas");

    assertThat(csv.lines().get(1)).contains(",\"'=HYPERLINK(").doesNotContain(",\"=HYPERLINK(");
    assertThat(kept.lines().get(1)).contains(",\"=HYPERLINK(");
  }

  @Test
  void syncAndExportWorkAgainstPostgresql() throws Exception {
    Assumptions.assumeTrue(
        EmbeddedPostgres.available(), "PostgreSQL binaries exist for Linux x86-64 only");
    String url = EmbeddedPostgres.get().newDatabase();
    CliProcess.Result sync =
        CliProcess.run(
            dir,
            env(Map.of("PGUSER", "postgres")),
            "sync",
            "--tenable-url",
            emulator.baseUrl().toString(),
            "--db",
            url,
            "--no-progress");
    assertThat(sync.code()).as(sync.err()).isZero();
    assertThat(sync.out()).contains("inventory: PostgreSQL jdbc:postgresql://");
    CliProcess.Result again =
        CliProcess.run(
            dir,
            env(Map.of("TENABLE_CONNECTOR_DB_USER", "postgres")),
            "sync",
            "--tenable-url",
            emulator.baseUrl().toString(),
            "--db",
            url,
            "--no-progress");
    assertThat(again.out()).contains("DELTA COMPLETED");
    CliProcess.Result export =
        CliProcess.run(
            dir, Map.of("PGUSER", "postgres"), "export", "assets", "--db", url, "--format", "csv");
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.lines()).hasSizeGreaterThan(50);
    CliProcess.Result runs = CliProcess.run(dir, Map.of("PGUSER", "postgres"), "runs", "--db", url);
    assertThat(runs.out()).contains("FULL").contains("DELTA");
  }
}

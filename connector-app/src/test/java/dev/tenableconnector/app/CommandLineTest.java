package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user types it. */
class CommandLineTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @TempDir Path dir;

  @Test
  void everyHelpPrintsCleanly() {
    for (String[] args :
        new String[][] {
          {"--help"},
          {"serve", "--help"},
          {"test-connection", "--help"},
          {"sync", "--help"},
          {"export", "--help"},
          {"runs", "--help"},
          {"remap", "--help"},
          {"demo", "--help"},
          {"bench", "--help"},
          {"emulator", "--help"}
        }) {
      out.reset();
      err.reset();

      assertThat(TenableConnectorCli.run(args)).as(String.join(" ", args)).isZero();
      assertThat(out()).as(String.join(" ", args)).contains("Usage: tenable-connector");
      assertThat(err.toString(StandardCharsets.UTF_8))
          .as(String.join(" ", args))
          .doesNotContain("picocli WARN")
          .doesNotContain("Could not format");
    }
  }

  /** The benchmark's figures, with the emulator in a JVM of its own, and its last line's shape. */
  @Test
  void benchSyncsFromAnEmulatorProcessAndEndsWithItsFiguresOnOneLine() {
    Path db = dir.resolve("bench.db");
    int code =
        TenableConnectorCli.run(
            "bench", "--assets", "200", "--findings-per-asset", "5", "--db", db.toString());

    assertThat(code).isZero();
    String[] lines = out().strip().split("\n");
    assertThat(out())
        .contains("emulator in its own JVM (pid ")
        .containsPattern("full sync COMPLETED in [\\d.]+ s")
        .containsPattern("CPU during the full sync: connector [\\d.]+ s .*; emulator [\\d.]+ s")
        .containsPattern("delta sync COMPLETED");
    assertThat(lines[lines.length - 1])
        .matches("bench: \\d+ findings/s, peak heap \\d+ MB, [\\d.]+ cpu-s/M, \\d+ bytes/finding");
    long bytesPerFinding =
        Long.parseLong(lines[lines.length - 1].replaceAll(".*, (\\d+) bytes/finding", "$1"));
    assertThat(bytesPerFinding).as("after the checkpoint, a real figure").isBetween(500L, 50_000L);
  }

  @Test
  void demoSyncsTheBundledEmulatorIntoAFreshInventoryFullThenDelta() {
    Path db = dir.resolve("demo.db");
    int code =
        TenableConnectorCli.run(
            "demo", "--assets", "300", "--findings-per-asset", "5", "--db", db.toString());

    assertThat(code).isZero();
    assertThat(out())
        .contains("Connector 'Demo (bundled emulator)'")
        .contains("Test Connection passed")
        .containsPattern("Run 1 of connector '[0-9a-f-]{36}': FULL COMPLETED")
        .containsPattern("Run 2 of connector '[0-9a-f-]{36}': DELTA COMPLETED")
        .containsPattern("Inventory: SQLite .*demo.db with [\\d,]+ assets and [\\d,]+ findings")
        .contains("bin/tenable-connector export assets --db " + db);
    assertThat(db).exists();
    // `serve --db` finds the demo's connector, and the master key its keys are sealed with.
    assertThat(dir.resolve("demo.master-key")).exists();
    try (var store = dev.tenableconnector.core.store.SqliteInventoryStore.open(db)) {
      var registry = dev.tenableconnector.service.registry.ConnectorRegistry.in(store);
      assertThat(registry.list())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Demo (bundled emulator)");
                assertThat(c.state()).isEqualTo("PROCESSED");
              });
    }
  }

  @Test
  void emulatorRefusesToServeOtherMachinesUnlessTold() {
    int code = TenableConnectorCli.run("emulator", "--host", "0.0.0.0", "--port", "0");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--allow-remote");
  }

  @Test
  void emulatorNamesABadFaultBeforeStarting() {
    int code = TenableConnectorCli.run("emulator", "--port", "0", "--fault", "chunk:explode");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown kind 'explode'");
  }

  @Test
  void helpListsTheCommands() {
    int code = TenableConnectorCli.run("--help");

    assertThat(code).isZero();
    assertThat(out())
        .contains("demo")
        .contains("sync")
        .contains("export")
        .contains("runs")
        .contains("emulator");
  }
}

package dev.tenableconnector.app;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.client.export.ExportOptions;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.core.sync.SyncEngine;
import dev.tenableconnector.core.sync.SyncReport;
import dev.tenableconnector.core.sync.SyncSettings;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job on embedded defaults: starts the bundled Tenable emulator with a realistic estate,
 * syncs it into a fresh SQLite inventory (a full import), lets a day of scans happen, syncs again
 * (a delta), and prints both runs and where the data is.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description =
        "Runs the bundled Tenable emulator and syncs it into a fresh inventory: a full"
            + " import, then a delta after the estate changes. No Tenable account needed.")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--db",
      paramLabel = "PATH",
      defaultValue = "data/demo.db",
      description =
          "Inventory file to create, replacing an earlier demo (default: ${DEFAULT-VALUE}).")
  Path db;

  @Option(
      names = "--assets",
      defaultValue = "2000",
      description = "Assets in the demo estate (default: ${DEFAULT-VALUE}).")
  int assets;

  @Option(
      names = "--findings-per-asset",
      defaultValue = "20",
      description = "Mean findings per asset (default: ${DEFAULT-VALUE}).")
  int findingsPerAsset;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-progress", description = "No progress line, even on a terminal.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EmulatorConfig emulatorConfig =
        EmulatorConfig.builder()
            .seed(seed)
            .assets(assets)
            .findingsPerAsset(findingsPerAsset)
            .queuedFor(Duration.ofMillis(200))
            .chunkInterval(Duration.ofMillis(10))
            .build();
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(Path.of(db + suffix));
    }
    ProgressDisplay progress =
        new ProgressDisplay(err, !noProgress && ProgressDisplay.onTerminal());
    try (TenableEmulator emulator = TenableEmulator.start(emulatorConfig);
        TenableClient client =
            new TenableClient(
                TenableClientConfig.builder()
                    .baseUrl(emulator.baseUrl())
                    .keys(new ApiKeys(emulatorConfig.accessKey(), emulatorConfig.secretKey()))
                    .exportOptions(
                        ExportOptions.defaults()
                            .withPolling(Duration.ofMillis(100), Duration.ofSeconds(1)))
                    .build());
        SqliteInventoryStore store = SqliteInventoryStore.open(db)) {
      out.println(
          "Tenable emulator at "
              + emulator.baseUrl()
              + " ("
              + assets
              + " assets x ~"
              + findingsPerAsset
              + " findings, seed "
              + seed
              + "); no Tenable account needed.");
      SyncSettings settings =
          SyncSettings.defaults(emulator.baseUrl().toString()).withConnector("demo");
      TransformMap map = TransformMap.defaults();
      SeverityMapping severity = SeverityMapping.defaults();

      SyncEngine engine =
          new SyncEngine(client, store, map, severity, settings, progress, Clock.systemUTC());
      if (!runAndPrint(engine, progress, "1. First sync: a full import.")) {
        return ExitCodes.FAILED;
      }
      emulator.advance();
      if (!runAndPrint(
          engine,
          progress,
          "2. A day of scans later (the emulator scanned, fixed,"
              + " reopened, deleted and added): a delta sync.")) {
        return ExitCodes.FAILED;
      }

      out.println();
      out.printf(
          "Inventory: %s with %,d assets and %,d findings.%n",
          store.describe(), store.count(Entity.ASSET), store.count(Entity.FINDING));
      out.println("Next:");
      out.println(
          "  bin/tenable-connector export assets --db " + db + " --format jsonl | head -n 1");
      out.println(
          "  bin/tenable-connector export findings --db "
              + db
              + " --format csv --output findings.csv");
      out.println(
          "  bin/tenable-connector export findings --db "
              + db
              + " --format ocsf --query 'inventory:(source:\"Tenable\") finding.severity:>=high' | head -n 1");
      out.println("  bin/tenable-connector runs --db " + db);
      out.println(
          "  bin/tenable-connector serve --db "
              + db
              + "   # then browse http://127.0.0.1:8080/ui/#/findings");
      return ExitCodes.OK;
    }
  }

  private boolean runAndPrint(SyncEngine engine, ProgressDisplay progress, String title) {
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.println(title);
    SyncReport report = engine.run();
    progress.finish();
    RunSummary.print(out, report.run());
    if (!report.completed()) {
      spec.commandLine().getErr().println(RunSummary.failureLine(report.failure()));
    }
    return report.completed();
  }
}

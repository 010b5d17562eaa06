package dev.tenableconnector.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.export.ExportOptions;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStores;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.RunStatus;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.service.check.ConnectionTester;
import dev.tenableconnector.service.connector.Connector;
import dev.tenableconnector.service.connector.ConnectorRequest;
import dev.tenableconnector.service.connector.Connectors;
import dev.tenableconnector.service.metrics.ServiceMetrics;
import dev.tenableconnector.service.schedule.ConnectorRunner;
import dev.tenableconnector.service.schedule.LiveRuns;
import dev.tenableconnector.service.schedule.TenableClients;
import dev.tenableconnector.service.secrets.MasterKey;
import dev.tenableconnector.service.secrets.SecretBox;
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

  @Option(
      names = "--no-progress",
      description = "Accepted for compatibility: the demo prints each run when it ends.")
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
    // The key `serve --db` looks for beside the inventory; a new demo starts a new one.
    Path keyFile = InventoryStores.siblingOf(db.toString(), ".master-key");
    Files.deleteIfExists(keyFile);
    Clock clock = Clock.systemUTC();
    try (TenableEmulator emulator = TenableEmulator.start(emulatorConfig);
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
      // A managed connector, as the service keeps them (keys sealed with the master key that
      // `serve --db` finds beside the inventory), so that `serve` shows it and its runs.
      MasterKey masterKey = MasterKey.resolve(System.getenv(), keyFile, false);
      Connectors connectors =
          new Connectors(
              store,
              new SecretBox(masterKey),
              new ConnectionTester(ConnectionTester.Options.defaults()),
              clock);
      Connector connector =
          connectors.create(
              ConnectorRequest.parse(
                  new ObjectMapper()
                      .createObjectNode()
                      .put("name", "Demo (bundled emulator)")
                      .put(
                          "description",
                          "Made by `demo`; its emulator stopped with it. To sync again, run"
                              + " `bin/tenable-connector emulator` and Edit the URL.")
                      .put("tenableUrl", emulator.baseUrl().toString())
                      .put("accessKey", emulatorConfig.accessKey())
                      .put("secretKey", emulatorConfig.secretKey())
                      .set("schedule", new ObjectMapper().createObjectNode().put("type", "MANUAL")),
                  true),
              false);
      out.println(
          "Connector '" + connector.name() + "' (" + connector.id() + "): Test Connection passed.");
      TenableClients quick =
          (url, keys, settings) ->
              new TenableClient(
                  settings
                      .client(url, keys)
                      .exportOptions(
                          ExportOptions.defaults()
                              .withPolling(Duration.ofMillis(100), Duration.ofSeconds(1)))
                      .build());
      ConnectorRunner runner =
          new ConnectorRunner(connectors, quick, new ServiceMetrics(), new LiveRuns(clock), clock);
      if (!runAndPrint(runner, store, connector.id(), "1. First sync: a full import.")) {
        return ExitCodes.FAILED;
      }
      emulator.advance();
      if (!runAndPrint(
          runner,
          store,
          connector.id(),
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

  /** Runs the connector as the service does, then prints the run. */
  private boolean runAndPrint(
      ConnectorRunner runner, SqliteInventoryStore store, String connector, String title) {
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.println(title);
    out.flush();
    runner.run(connector);
    RunRecord run = store.runs(connector, 1).get(0);
    RunSummary.print(out, run);
    if (run.status() != RunStatus.COMPLETED) {
      spec.commandLine()
          .getErr()
          .println(
              "demo: the run ended "
                  + run.status()
                  + (run.errorMessage() == null ? "" : ": " + run.errorMessage()));
      return false;
    }
    return true;
  }
}

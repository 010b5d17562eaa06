package dev.tenableconnector.app;

import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.core.errors.ErrorCode;
import dev.tenableconnector.core.spec.ConnectorSpec;
import dev.tenableconnector.core.spec.Setting;
import dev.tenableconnector.core.spec.SpecValues;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import dev.tenableconnector.core.store.RunLockedException;
import dev.tenableconnector.core.store.StoreException;
import dev.tenableconnector.core.sync.SyncEngine;
import dev.tenableconnector.core.sync.SyncReport;
import dev.tenableconnector.core.sync.SyncSettings;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.core.transform.TransformMapException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Syncs Tenable into the inventory once: full the first time, delta after. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {
      "Pulls assets and findings from Tenable into the inventory database: a full import"
          + " the first time, then only what changed since the last completed run.",
      "Keys come from TENABLE_ACCESS_KEY/TENABLE_SECRET_KEY (or TIO_ACCESS_KEY/TIO_SECRET_KEY),"
          + " or --config FILE; never from options.",
      "Exit codes: 0 completed (rejected records are reported, not fatal), 1 run failed,"
          + " 2 bad options or setup, 3 Tenable refused the keys or permission, 4 already running."
    })
final class SyncCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TenableAccessOptions tenable = new TenableAccessOptions();

  @Mixin InventoryOption inventory;

  @Option(
      names = "--connector",
      defaultValue = SyncSettings.DEFAULT_CONNECTOR,
      description =
          "Connector name: keeps its own watermark and run history (default: ${DEFAULT-VALUE}).")
  String connector;

  @Option(names = "--full", description = "Import everything, ignoring the delta watermark.")
  boolean full;

  @Mixin MapOptions maps;

  @Option(names = "--no-progress", description = "No progress line, even on a terminal.")
  boolean noProgress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TenableAccess access;
    SyncSettings settings;
    SpecValues values;
    TransformMap map;
    SeverityMapping severity;
    ConnectorSpec.Result checked =
        ConnectorSpec.validate(SpecOptions.given(spec), Setting.Surface.CLI);
    if (!checked.valid()) {
      checked.problems().forEach(p -> err.println("sync: " + p));
      return ExitCodes.USAGE;
    }
    checked.warnings().forEach(w -> err.println("sync: warning: " + w));
    values = checked.values();
    try {
      access = tenable.resolve();
      settings = values.syncSettings(connector, access.url(), full);
      map = maps.map();
      severity = maps.severity();
    } catch (TenableAccess.Problem | IllegalArgumentException | TransformMapException e) {
      err.println("sync: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (access.warning() != null) {
      err.println(access.warning());
    }
    TenableClientConfig clientConfig;
    try {
      clientConfig = values.client(access.url(), access.keys()).build();
    } catch (IllegalArgumentException e) {
      err.println("sync: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    ProgressDisplay progress =
        new ProgressDisplay(err, !noProgress && ProgressDisplay.onTerminal());
    // Ctrl-C or SIGTERM mid-run: the process ends like a crash would (the run resumes next time),
    // and says so instead of stopping silently.
    Thread interrupted =
        new Thread(
            () -> {
              err.println();
              err.println(progress.interruptedNote());
              err.flush();
            },
            "sync-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    try (TenableClient client = new TenableClient(clientConfig);
        InventoryStore store = InventoryStores.open(inventory.db, System.getenv())) {
      SyncReport report =
          new SyncEngine(client, store, map, severity, settings, progress, Clock.systemUTC()).run();
      removeHook(interrupted);
      progress.finish();
      RunSummary.print(out, report.run());
      out.println("  inventory: " + store.describe());
      out.flush();
      if (report.completed()) {
        long rejected =
            report.run().counts(dev.tenableconnector.core.model.Entity.ASSET).rejected
                + report.run().counts(dev.tenableconnector.core.model.Entity.FINDING).rejected;
        if (rejected > 0) {
          err.printf(
              "sync: %,d records were set aside; see `bin/tenable-connector runs --db %s --rejected %d`%n",
              rejected, inventory.db, report.run().runId());
        }
        return ExitCodes.OK;
      }
      err.println(RunSummary.failureLine(report.failure()));
      return ErrorCode.parse(report.failure().errorCode()).exitCode();
    } catch (RunLockedException e) {
      removeHook(interrupted);
      progress.finish();
      err.println("sync: " + e.getMessage());
      return ExitCodes.LOCKED;
    } catch (StoreException e) {
      removeHook(interrupted);
      progress.finish();
      err.println(
          "sync failed: "
              + e.getMessage()
              + " Remedy: "
              + e.remedy().orElse("check the --db path is writable and the disk has space."));
      return ExitCodes.FAILED;
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyStopping) {
      // the JVM is shutting down: the hook runs and says what happens next
    }
  }
}

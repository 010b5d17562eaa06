package dev.tenableconnector.app;

import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import dev.tenableconnector.core.store.RunLockedException;
import dev.tenableconnector.core.sync.Remapper;
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

/** Re-applies a transform map and severity mapping to the stored raw records. */
@Command(
    name = "remap",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description =
        "Re-applies a (changed) transform map and risk severity mapping to the raw Tenable"
            + " records in the inventory, without exporting again. The delta watermark does not move.")
final class RemapCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin InventoryOption inventory;

  @Option(
      names = "--connector",
      defaultValue = SyncSettings.DEFAULT_CONNECTOR,
      description = "Whose records to remap (default: ${DEFAULT-VALUE}).")
  String connector;

  @Mixin MapOptions maps;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!inventory.exists("remap", err)) {
      return ExitCodes.USAGE;
    }
    TransformMap map;
    SeverityMapping severity;
    try {
      map = maps.map();
      severity = maps.severity();
    } catch (TransformMapException e) {
      err.println("remap: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    try (InventoryStore store = InventoryStores.open(inventory.db, System.getenv())) {
      SyncReport report = new Remapper(store, map, severity, connector, Clock.systemUTC()).run();
      RunSummary.print(out, report.run());
      if (!report.completed()) {
        err.println(
            "remap failed: "
                + report.failure().message()
                + " Remedy: "
                + report.failure().remedy());
        return ExitCodes.FAILED;
      }
      return ExitCodes.OK;
    } catch (RunLockedException e) {
      err.println("remap: " + e.getMessage());
      return ExitCodes.LOCKED;
    }
  }
}

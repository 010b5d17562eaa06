package dev.tenableconnector.app;

import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import dev.tenableconnector.core.store.RejectedRecord;
import dev.tenableconnector.core.store.RunRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shows the run history, newest first, and the records a run set aside. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description =
        "Shows the sync run history (newest first): mode, status, counts, exports, watermarks, errors.")
final class RunsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin InventoryOption inventory;

  @Option(names = "--connector", description = "Only this connector's runs.")
  String connector;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--rejected",
      paramLabel = "RUN_ID",
      description = "List the records this run set aside, with reason and excerpt.")
  Long rejectedRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!inventory.exists("runs", err)) {
      return ExitCodes.USAGE;
    }
    try (InventoryStore store = InventoryStores.open(inventory.db, System.getenv())) {
      if (rejectedRun != null) {
        List<RejectedRecord> rejected = store.rejected(rejectedRun, limit <= 20 ? 1000 : limit);
        out.printf("Run %d set aside %d records%n", rejectedRun, rejected.size());
        for (RejectedRecord r : rejected) {
          out.printf(
              "- %s, export %s chunk %d record %d: %s%n    %s%n",
              r.entity().plural(),
              r.exportUuid(),
              r.chunkId(),
              r.position(),
              r.reason(),
              r.excerpt());
        }
        return ExitCodes.OK;
      }
      List<RunRecord> runs = store.runs(connector, limit);
      if (runs.isEmpty()) {
        out.println("No runs yet.");
      }
      for (RunRecord run : runs) {
        RunSummary.print(out, run);
        out.println();
      }
      return ExitCodes.OK;
    }
  }
}

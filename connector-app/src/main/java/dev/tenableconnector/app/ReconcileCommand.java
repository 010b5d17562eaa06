package dev.tenableconnector.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.client.model.WorkbenchCounts;
import dev.tenableconnector.core.errors.ErrorCode;
import dev.tenableconnector.core.insight.Reconciliation;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Explains, step by step, the distance from Tenable's own count to the inventory's. */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {
      "Asks Tenable for its vulnerability workbench count (the figure its screens show) and"
          + " explains, step by step, how the inventory's open findings of the connector get to it:"
          + " removed assets, unlicensed assets, the date range, accepted risks, the connector's"
          + " filters and records set aside; the unexplained remainder is always shown"
          + " (docs/priority.md).",
      "Keys as for sync. Exit 0 whatever the remainder; 1 when Tenable cannot be asked."
    })
final class ReconcileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin InventoryOption inventory;

  @Mixin TenableAccessOptions tenable = new TenableAccessOptions();

  @Option(
      names = "--connector",
      defaultValue = "default",
      description = "The connector whose findings to reconcile (default: ${DEFAULT-VALUE}).")
  String connector;

  @Option(
      names = "--days",
      defaultValue = "30",
      description = "The workbench's date range, days (1-450; default: ${DEFAULT-VALUE}).")
  int days;

  @Mixin TextOrJsonOption output = new TextOrJsonOption();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    java.util.List<String> problems = new java.util.ArrayList<>();
    output.problem().ifPresent(problems::add);
    if (days < 1 || days > 450) {
      problems.add("--days must be 1-450 (the workbench keeps 450 days)");
    }
    TenableAccess access = null;
    try {
      access = tenable.resolve();
    } catch (TenableAccess.Problem e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println("reconcile: " + p));
      return ExitCodes.USAGE;
    }
    if (!inventory.exists("reconcile", err)) {
      return ExitCodes.USAGE;
    }
    WorkbenchCounts counts;
    try (TenableClient client =
        new TenableClient(
            TenableClientConfig.builder()
                .baseUrl(java.net.URI.create(access.url()))
                .keys(access.keys())
                .build())) {
      counts = client.workbenchVulnerabilities(days);
    } catch (TenableApiException e) {
      ErrorCode code = ErrorCode.of(e.error());
      err.println(
          "reconcile: Tenable's workbench could not be read: "
              + e.getMessage()
              + " Remedy: "
              + code.remedy());
      return code.exitCode();
    }
    Reconciliation.Report report;
    try (InventoryStore store = InventoryStores.open(inventory.db, System.getenv())) {
      report = Reconciliation.of(store, connector, counts, Instant.now());
    }
    if (output.json()) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(report.toJson()));
    } else {
      out.printf(
          "Reconciling connector '%s' with Tenable's workbench (last %d days)%n", connector, days);
      for (Reconciliation.Step s : report.steps()) {
        out.printf("  %+,10d  %s%n", s.count(), s.label());
      }
      out.printf("  %,11d  what Tenable's workbench should count%n", report.expected());
      out.printf(
          "  %,11d  what it counts (%,d plugins on %,d assets)%n",
          counts.findings(), counts.totalVulnerabilityCount(), counts.totalAssetCount());
      out.printf("  %+,10d  unexplained%n", report.unexplained());
      for (String note : report.notes()) {
        out.println("  note: " + note);
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}

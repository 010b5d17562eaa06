package dev.tenableconnector.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tenableconnector.core.insight.InsightRefresh;
import dev.tenableconnector.core.insight.RemediationReport;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Reports over the inventory's history and insights. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = "Reports over the inventory: `report remediation`, `report posture`.",
    subcommands = {ReportCommand.Remediation.class, ReportCommand.PostureReport.class})
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** MTTR, open, breached and approaching findings per severity, and how old the open ones are. */
  @Command(
      name = "remediation",
      mixinStandardHelpOptions = true,
      versionProvider = TenableConnectorCli.VersionProvider.class,
      description = {
        "Per severity: mean, median and 90th percentile days to remediate over the episodes"
            + " Tenable reported fixed (beside the mean of Tenable's own time_taken_to_fix), the"
            + " open findings, those past their SLA and those approaching it, and the open ones by"
            + " age (see docs/history.md).",
        "--format json prints an object with mttrDays, open and breached, each keyed by critical,"
            + " high, medium, low, info, and the rest of the report."
      })
  static final class Remediation implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin InventoryOption inventory;

    @Mixin TextOrJsonOption output = new TextOrJsonOption();

    @Option(
        names = "--since",
        paramLabel = "DURATION",
        description =
            "MTTR over the episodes fixed in this last span only (30d, 12w); default: all.")
    Duration since;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (output.problem().isPresent()) {
        err.println("report remediation: " + output.problem().get());
        return ExitCodes.USAGE;
      }
      if (since != null && (since.isNegative() || since.isZero())) {
        err.println("report remediation: --since must be a positive duration");
        return ExitCodes.USAGE;
      }
      if (!inventory.exists("report remediation", err)) {
        return ExitCodes.USAGE;
      }
      Instant now = Instant.now();
      RemediationReport.Report report;
      try (InventoryStore store = InventoryStores.open(inventory.db, System.getenv())) {
        InsightRefresh.refresh(store);
        report =
            RemediationReport.of(store.sql(), now, since == null ? null : now.minus(since), now);
      }
      if (output.json()) {
        out.println(json(report));
      } else {
        text(out, report);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** Open, new, reopened, fixed and breached findings per day and severity. */
  @Command(
      name = "posture",
      mixinStandardHelpOptions = true,
      versionProvider = TenableConnectorCli.VersionProvider.class,
      description = {
        "Per UTC day and severity: findings open at the end of the day, found new, found again,"
            + " fixed, and open past their SLA (see docs/history.md). A past day never changes.",
        "--format json prints [{day, critical: {open, new, reopened, fixed, breached}, …}]."
      })
  static final class PostureReport implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin InventoryOption inventory;

    @Option(
        names = "--days",
        defaultValue = "30",
        description = "How many days back, today included (1-365; default: ${DEFAULT-VALUE}).")
    int days;

    @Mixin TextOrJsonOption output = new TextOrJsonOption();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      java.util.List<String> problems = new java.util.ArrayList<>();
      output.problem().ifPresent(problems::add);
      if (days < 1 || days > dev.tenableconnector.core.insight.Posture.DAYS_KEPT) {
        problems.add("--days must be 1-" + dev.tenableconnector.core.insight.Posture.DAYS_KEPT);
      }
      if (!problems.isEmpty()) {
        problems.forEach(p -> err.println("report posture: " + p));
        return ExitCodes.USAGE;
      }
      if (!inventory.exists("report posture", err)) {
        return ExitCodes.USAGE;
      }
      java.util.List<dev.tenableconnector.core.insight.Posture.Day> rows;
      try (InventoryStore store = InventoryStores.open(inventory.db, System.getenv())) {
        InsightRefresh.refresh(store);
        rows =
            dev.tenableconnector.core.insight.Posture.days(
                store.sql(),
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(days - 1L));
      }
      if (output.json()) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        out.println(
            mapper.writeValueAsString(dev.tenableconnector.core.insight.Posture.byDay(rows)));
      } else {
        out.printf(
            "%-10s %-9s %8s %6s %9s %6s %9s%n",
            "day", "severity", "open", "new", "reopened", "fixed", "breached");
        for (var d : rows) {
          out.printf(
              "%-10s %-9s %8d %6d %9d %6d %9d%n",
              d.day(), d.severity(), d.open(), d.created(), d.reopened(), d.fixed(), d.breached());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** The report as the JSON the contract names, with the rest of it beside. */
  static String json(RemediationReport.Report r) throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    return mapper.writeValueAsString(r.toJson(mapper));
  }

  private static void text(PrintWriter out, RemediationReport.Report r) {
    out.printf(
        "Remediation%s (policy %s)%n", r.from() == null ? "" : " since " + r.from(), r.policy());
    out.printf(
        "%-9s %8s %8s %8s %8s %10s %8s %9s %12s%n",
        "severity",
        "MTTR d",
        "p50 d",
        "p90 d",
        "fixed",
        "Tenable d",
        "open",
        "breached",
        "approaching");
    for (Map.Entry<String, RemediationReport.Mttr> e : r.mttr().entrySet()) {
      RemediationReport.Mttr m = e.getValue();
      out.printf(
          "%-9s %8s %8s %8s %8d %10s %8d %9d %12d%n",
          e.getKey(),
          days(m.meanDays()),
          days(m.p50Days()),
          days(m.p90Days()),
          m.episodes(),
          days(m.tenableMeanDays()),
          r.open().get(e.getKey()),
          r.breached().get(e.getKey()),
          r.approaching().get(e.getKey()));
    }
    out.println("Open findings by age (days since first found):");
    for (Map.Entry<String, Map<String, Long>> b : r.ageing().entrySet()) {
      long total = b.getValue().values().stream().mapToLong(Long::longValue).sum();
      out.printf("  %-7s %8d  %s%n", b.getKey(), total, b.getValue());
    }
  }

  private static String days(Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.1f", d);
  }
}

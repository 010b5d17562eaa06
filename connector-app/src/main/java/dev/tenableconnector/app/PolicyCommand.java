package dev.tenableconnector.app;

import dev.tenableconnector.core.decision.PolicyException;
import dev.tenableconnector.core.decision.RemediationPolicy;
import dev.tenableconnector.core.insight.DecisionTables;
import dev.tenableconnector.core.insight.InsightRefresh;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The remediation policy: SLA days per severity, when the clock starts, ACR to mission impact. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description =
        "The remediation policy (SLA windows, clock start, mission impact from ACR): `policy show`,"
            + " `policy set --file FILE`, `policy reset` (see docs/history.md).",
    subcommands = {PolicyCommand.Show.class, PolicyCommand.Set.class, PolicyCommand.Reset.class})
final class PolicyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      versionProvider = TenableConnectorCli.VersionProvider.class,
      description = "Prints the policy in force (the default when none was set).")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin InventoryOption inventory;

    @Override
    public Integer call() {
      if (!inventory.exists("policy show", spec.commandLine().getErr())) {
        return ExitCodes.USAGE;
      }
      try (InventoryStore store = InventoryStores.open(inventory.db, System.getenv())) {
        spec.commandLine().getOut().println(DecisionTables.policy(store.sql()).json());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      versionProvider = TenableConnectorCli.VersionProvider.class,
      description = "Checks a policy file whole, sets it, and refreshes every finding's SLA.")
  static final class Set implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin InventoryOption inventory;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The policy.")
    Path file;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      RemediationPolicy policy;
      try {
        policy = RemediationPolicy.parse(Files.readString(file), file.toString());
      } catch (IOException e) {
        err.println("policy set: " + file + " cannot be read: " + e.getMessage());
        return ExitCodes.USAGE;
      } catch (PolicyException e) {
        for (String p : e.problems()) {
          err.println("policy set: " + file + ": " + p);
        }
        return ExitCodes.USAGE;
      }
      if (!inventory.exists("policy set", err)) {
        return ExitCodes.USAGE;
      }
      return apply(spec, inventory.db, policy);
    }
  }

  @Command(
      name = "reset",
      mixinStandardHelpOptions = true,
      versionProvider = TenableConnectorCli.VersionProvider.class,
      description = "Goes back to the default policy and refreshes every finding's SLA.")
  static final class Reset implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin InventoryOption inventory;

    @Override
    public Integer call() {
      if (!inventory.exists("policy reset", spec.commandLine().getErr())) {
        return ExitCodes.USAGE;
      }
      return apply(spec, inventory.db, null);
    }
  }

  private static int apply(CommandSpec spec, String db, RemediationPolicy policy) {
    try (InventoryStore store = InventoryStores.open(db, System.getenv())) {
      DecisionTables.setPolicy(store.sql(), policy, Instant.now());
      InsightRefresh.Result r = InsightRefresh.refresh(store);
      spec.commandLine()
          .getOut()
          .printf(
              "policy %s in force; SLA and priority refreshed for %,d findings%n",
              policy == null ? RemediationPolicy.defaults().name() : policy.name(), r.findings());
    }
    return ExitCodes.OK;
  }
}

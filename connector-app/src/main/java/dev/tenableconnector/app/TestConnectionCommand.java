package dev.tenableconnector.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.service.check.CheckResult;
import dev.tenableconnector.service.check.ConnectionTestResult;
import dev.tenableconnector.service.check.ConnectionTester;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the five Test Connection checks against a Tenable URL with the keys from the environment.
 */
@Command(
    name = "test-connection",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {
      "Checks, in order: network reachability, TLS handshake, authentication (GET /session),"
          + " authorization (role and export permissions) and a data fetch (a small asset export, read up to"
          + " its first chunk, then cancelled). A check that fails skips the rest.",
      "Keys come from TENABLE_ACCESS_KEY/TENABLE_SECRET_KEY (or TIO_ACCESS_KEY/TIO_SECRET_KEY), or --config FILE.",
      "Exit codes: 0 all five passed, 1 a check failed, 2 bad options or no keys."
    })
final class TestConnectionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TenableAccessOptions tenable = new TenableAccessOptions();

  @Option(
      names = "--assets-only",
      description =
          "The connector will sync assets only: do not require vulnerability export permission.")
  boolean assetsOnly;

  @Option(
      names = "--data-fetch-timeout",
      defaultValue = "60s",
      description =
          "How long the data fetch waits for Tenable's first chunk (default: ${DEFAULT-VALUE}).")
  Duration dataFetchTimeout;

  @Option(
      names = "--connect-timeout",
      defaultValue = "5s",
      description = "DNS and TCP connect timeout (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--json",
      description = "Print the result as JSON ({\"checks\": [...]}) instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TenableAccess access;
    try {
      access = tenable.resolve();
    } catch (TenableAccess.Problem e) {
      err.println("test-connection: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (access.warning() != null) {
      err.println(access.warning());
    }
    ConnectionTester tester =
        new ConnectionTester(
            ConnectionTester.Options.defaults()
                .withDataFetchBudget(dataFetchTimeout)
                .withConnectTimeout(connectTimeout));
    ConnectionTestResult result = tester.test(access.url(), access.keys(), !assetsOnly);
    if (json) {
      out.println(
          new ObjectMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(java.util.Map.of("checks", result.checks())));
    } else {
      print(out, access.url(), result);
    }
    out.flush();
    return result.passed() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  static void print(PrintWriter out, String url, ConnectionTestResult result) {
    out.println("Test Connection to " + url);
    int i = 1;
    for (CheckResult check : result.checks()) {
      out.printf(
          "  %d. %-33s %-7s %6d ms  %s%n",
          i++, check.name(), check.status(), check.durationMs(), check.message());
      if (check.remedy() != null) {
        out.println("     Remedy: " + check.remedy());
      }
    }
    out.println(
        result.passed()
            ? "All five checks passed."
            : "Test Connection failed: " + result.firstFailure().name() + ".");
  }
}

package dev.tenableconnector.app;

import dev.tenableconnector.client.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tenable-connector} command line: the one place that prints and exits. */
@Command(
    name = "tenable-connector",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = "Pulls host assets and findings from Tenable Vulnerability Management.",
    subcommands = {
      DemoCommand.class,
      SyncCommand.class,
      ExportCommand.class,
      RunsCommand.class,
      HistoryCommand.class,
      ReportCommand.class,
      FeedsCommand.class,
      PolicyCommand.class,
      ReconcileCommand.class,
      PreviewCommand.class,
      RemapCommand.class,
      TestConnectionCommand.class,
      ServeCommand.class,
      UsersCommand.class,
      DoctorCommand.class,
      BackupCommand.class,
      EmulatorCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TenableConnectorCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new TenableConnectorCli());
    cli.registerConverter(java.time.Duration.class, DurationConverter::parse);
    SpecOptions.addTo(cli.getSubcommands().get("sync").getCommandSpec());
    SpecOptions.addTo(cli.getSubcommands().get("preview").getCommandSpec());
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          // Whatever a command did not handle ends in one line, never a stack trace.
          command.getErr().println(command.getCommandName() + " failed: " + oneLine(e) + remedy(e));
          command.getErr().flush();
          org.slf4j.LoggerFactory.getLogger(TenableConnectorCli.class)
              .debug("unhandled failure", e);
          return ExitCodes.FAILED;
        });
    return cli.execute(args);
  }

  /** " Remedy: …" when the failure is the inventory's and it knows what to do, else "". */
  static String remedy(Throwable e) {
    return e instanceof dev.tenableconnector.core.store.StoreException store
        ? store.remedy().map(r -> " Remedy: " + r).orElse("")
        : "";
  }

  /** An exception's own first line, with its innermost cause when that says more. */
  static String oneLine(Throwable e) {
    String message =
        e.getMessage() == null
            ? e.getClass().getSimpleName()
            : e.getMessage().lines().findFirst().orElse(e.getClass().getSimpleName()).strip();
    return message.isEmpty() ? e.getClass().getSimpleName() : message;
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tenable-connector " + Version.current()};
    }
  }
}

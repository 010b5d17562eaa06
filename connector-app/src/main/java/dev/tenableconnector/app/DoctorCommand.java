package dev.tenableconnector.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.RunStatus;
import dev.tenableconnector.core.sync.Scope;
import dev.tenableconnector.service.check.CheckResult;
import dev.tenableconnector.service.check.ConnectionTestResult;
import dev.tenableconnector.service.check.ConnectionTester;
import dev.tenableconnector.service.connector.Connector;
import dev.tenableconnector.service.connector.Connectors;
import dev.tenableconnector.service.registry.ConnectorRegistry;
import dev.tenableconnector.service.secrets.MasterKey;
import dev.tenableconnector.service.secrets.SecretBox;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks a deployment (database, master key, runs, Tenable) and says what to fix. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {
      "Checks a deployment and says what to fix: the Java runtime; the inventory (it opens, its"
          + " schema is current, SQLite's quick check, who may read the file, free disk space);"
          + " the master key (where it comes from, who may read its file, that it opens every"
          + " connector's keys); each connector's last run; with --tenable, Test Connection's"
          + " five checks for every connector.",
      "Exit codes: 0 nothing to fix (warnings allowed), 1 something must be fixed, 2 bad options."
    })
final class DoctorCommand implements Callable<Integer> {
  private static final long LOW_DISK = 1L << 30;

  @Spec CommandSpec spec;

  @Mixin InventoryOption inventory = new InventoryOption();

  @Option(
      names = "--master-key-file",
      paramLabel = "FILE",
      description = "The master key file serve uses (default: beside the SQLite inventory).")
  Path masterKeyFile;

  @Option(names = "--tenable", description = "Also run Test Connection for every connector.")
  boolean tenable;

  @Option(names = "--json", description = "Print the checks as JSON ({\"checks\": [...]}).")
  boolean json;

  /** One finding of the doctor: OK, WARN (worth a look) or FAIL (must be fixed). */
  record Check(String area, String status, String message, String fix) {}

  private final List<Check> checks = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!inventory.exists("doctor", err)) {
      return ExitCodes.USAGE;
    }
    Runtime.Version java = Runtime.version();
    add("java", java.feature() >= 17 ? "OK" : "FAIL", "Java " + java, "install Java 17 or later");
    try (InventoryStore store = InventoryStores.open(inventory.db, System.getenv())) {
      add("database", "OK", "opens, schema current: " + store.describe(), null);
      store.damage().ifPresent(d -> add("database", "FAIL", d, "restore the last backup"));
      if (!inventory.db.startsWith("jdbc:")) {
        sqliteFile(store, Path.of(inventory.db));
      }
      masterKey(store);
      runs(store);
    } catch (RuntimeException e) {
      add(
          "database",
          "FAIL",
          "cannot open " + inventory.db + ": " + e.getMessage(),
          "check the path or URL, its permissions and the database server");
    }
    print(out);
    return checks.stream().anyMatch(c -> c.status().equals("FAIL"))
        ? ExitCodes.FAILED
        : ExitCodes.OK;
  }

  private void sqliteFile(InventoryStore store, Path db) throws Exception {
    String quick =
        store
            .sql()
            .write(
                c -> {
                  try (var s = c.createStatement();
                      var rs = s.executeQuery("PRAGMA quick_check")) {
                    return rs.next() ? rs.getString(1) : "no answer";
                  }
                });
    add(
        "database",
        "ok".equals(quick) ? "OK" : "FAIL",
        "SQLite quick check: " + quick,
        "restore the last backup (bin/tenable-connector backup --restore FILE)");
    othersMayRead(db, "the inventory");
    long free = Files.getFileStore(db.toAbsolutePath()).getUsableSpace();
    add(
        "disk",
        free < LOW_DISK ? "WARN" : "OK",
        String.format(
            "%,d MB free beside the inventory (it is %,d MB)", free >> 20, Files.size(db) >> 20),
        "make room: a full sync writes about 1.5 kB per finding, and a run fails when the disk"
            + " fills (the inventory stays as it was)");
  }

  private void masterKey(InventoryStore store) {
    ConnectorRegistry registry = ConnectorRegistry.in(store);
    boolean sealed = Connectors.holdsSealedSecrets(registry);
    Path file =
        masterKeyFile != null
            ? masterKeyFile
            : InventoryStores.siblingOf(inventory.db, ".master-key");
    boolean fromEnv = System.getenv(MasterKey.ENV) != null;
    if (!fromEnv && (file == null || !Files.exists(file))) {
      add(
          "master key",
          sealed ? "FAIL" : "OK",
          sealed
              ? "the inventory holds connector keys sealed with a master key, and there is no key"
                  + (file == null ? "" : " at " + file)
              : "no master key yet: serve makes one at its first start",
          "restore the key file from your backup, or set $" + MasterKey.ENV);
      return;
    }
    if (!fromEnv) {
      othersMayRead(file, "the master key file");
    }
    if (!sealed) {
      add("master key", "OK", "present; no connector keys sealed yet", null);
      return;
    }
    try {
      MasterKey key = MasterKey.resolve(System.getenv(), file, true);
      Connectors connectors =
          new Connectors(
              store,
              new SecretBox(key),
              new ConnectionTester(ConnectionTester.Options.defaults()),
              Clock.systemUTC());
      int opened = 0;
      for (Connector c : connectors.list()) {
        ApiKeys keys = connectors.keys(c);
        opened++;
        if (tenable) {
          tenable(c, keys);
        }
      }
      add(
          "master key",
          "OK",
          "from " + key.origin() + "; opens the keys of " + opened + " connector(s)",
          null);
    } catch (SecretBox.WrongMasterKeyException e) {
      add(
          "master key",
          "FAIL",
          "the master key does not open the connector keys in this inventory",
          "use the key file (or $" + MasterKey.ENV + ") this inventory was set up with");
    } catch (RuntimeException e) {
      add("master key", "FAIL", e.getMessage(), "restore the key file from your backup");
    }
  }

  private void tenable(Connector c, ApiKeys keys) {
    ConnectionTester tester =
        new ConnectionTester(
            ConnectionTester.Options.defaults().withDataFetchBudget(Duration.ofSeconds(30)));
    ConnectionTestResult r =
        tester.test(
            c.row().tenableUrl(), keys, c.config().dataToSync() == Scope.ASSETS_AND_FINDINGS);
    if (r.passed()) {
      add("tenable", "OK", "connector '" + c.name() + "': all five checks passed", null);
    } else {
      CheckResult f = r.firstFailure();
      add(
          "tenable",
          "FAIL",
          "connector '" + c.name() + "': " + f.name() + ": " + f.message(),
          f.remedy());
    }
  }

  private void runs(InventoryStore store) {
    ConnectorRegistry registry = ConnectorRegistry.in(store);
    for (String connector :
        store.runs(null, 200).stream().map(RunRecord::connector).distinct().toList()) {
      RunRecord last = store.runs(connector, 1).get(0);
      // The service's connectors run under their id; the CLI's under their name.
      String name = registry.get(connector).map(r -> r.name()).orElse(connector);
      String what = "connector '" + name + "': run " + last.runId() + " " + last.status();
      if (last.status() == RunStatus.FAILED) {
        add(
            "runs",
            "WARN",
            what + " (" + last.errorCode() + ": " + last.errorMessage() + ")",
            last.remedy());
      } else if (last.status() == RunStatus.RUNNING) {
        add("runs", "OK", what + ": in progress, or interrupted (the next sync resumes it)", null);
      } else {
        add("runs", "OK", what, null);
      }
    }
  }

  private void othersMayRead(Path file, String what) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      boolean open =
          p.contains(PosixFilePermission.OTHERS_READ) || p.contains(PosixFilePermission.GROUP_READ);
      add(
          "permissions",
          open ? "WARN" : "OK",
          what
              + " "
              + file
              + (open ? " can be read by other users" : " is readable by its owner only"),
          "chmod 600 " + file);
    } catch (UnsupportedOperationException | java.io.IOException e) {
      add("permissions", "WARN", "cannot read the permissions of " + file, null);
    }
  }

  private void add(String area, String status, String message, String fix) {
    checks.add(new Check(area, status, message, status.equals("OK") ? null : fix));
  }

  private void print(PrintWriter out) {
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode();
      ArrayNode list = root.putArray("checks");
      checks.forEach(c -> list.add(mapper.valueToTree(c)));
      out.println(root);
      return;
    }
    for (Check c : checks) {
      out.printf("%-4s  %-11s %s%n", c.status(), c.area(), c.message());
      if (c.fix() != null) {
        out.printf("      %-11s fix: %s%n", "", c.fix());
      }
    }
    long failed = checks.stream().filter(c -> c.status().equals("FAIL")).count();
    long warned = checks.stream().filter(c -> c.status().equals("WARN")).count();
    out.printf("doctor: %d checks, %d to fix, %d warnings%n", checks.size(), failed, warned);
  }
}

package dev.tenableconnector.app;

import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.export.ExportOptions;
import dev.tenableconnector.client.export.Severity;
import dev.tenableconnector.client.export.VulnState;
import dev.tenableconnector.client.http.RetryPolicy;
import dev.tenableconnector.core.store.RunLockedException;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import dev.tenableconnector.core.store.StoreException;
import dev.tenableconnector.core.sync.Preset;
import dev.tenableconnector.core.sync.Scope;
import dev.tenableconnector.core.sync.SyncEngine;
import dev.tenableconnector.core.sync.SyncFilters;
import dev.tenableconnector.core.sync.SyncReport;
import dev.tenableconnector.core.sync.SyncSettings;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.core.transform.TransformMapException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Syncs Tenable into the inventory once: full the first time, delta after. */
@Command(name = "sync", mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {"Pulls assets and findings from Tenable into the inventory database: a full import"
        + " the first time, then only what changed since the last completed run.",
        "Keys come from TENABLE_ACCESS_KEY/TENABLE_SECRET_KEY (or TIO_ACCESS_KEY/TIO_SECRET_KEY),"
            + " or --config FILE; never from options.",
        "Exit codes: 0 completed (rejected records are reported, not fatal), 1 run failed,"
            + " 2 bad options or setup, 3 Tenable refused the keys or permission, 4 already running."})
final class SyncCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TenableAccessOptions tenable = new TenableAccessOptions();

  @Option(names = "--db", paramLabel = "PATH|URL", defaultValue = "data/tenable-connector.db",
      description = "Inventory: a SQLite file (created when missing) or jdbc:postgresql://host:port/db"
          + " (credentials from TENABLE_CONNECTOR_DB_USER/_PASSWORD or PGUSER/PGPASSWORD; default: ${DEFAULT-VALUE}).")
  String db;

  @Option(names = "--connector", defaultValue = SyncSettings.DEFAULT_CONNECTOR,
      description = "Connector name: keeps its own watermark and run history (default: ${DEFAULT-VALUE}).")
  String connector;

  @Option(names = "--scope", defaultValue = "assets-and-findings",
      description = "assets-and-findings or assets (default: ${DEFAULT-VALUE}).")
  String scope;

  @Option(names = "--preset", defaultValue = "all",
      description = "all, or exposure-management: assets updated in the last 90 days and findings with a CVE (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--full", description = "Import everything, ignoring the delta watermark.")
  boolean full;

  @Option(names = "--severity", split = ",", paramLabel = "LEVEL",
      description = "Only findings of these severities: info, low, medium, high, critical.")
  List<String> severities = new ArrayList<>();

  @Option(names = "--state", split = ",", paramLabel = "STATE",
      description = "Only findings in these states: OPEN, REOPENED, FIXED (default all; delta runs always include FIXED).")
  List<String> states = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "CATEGORY=VALUE",
      description = "Only assets (and their findings) with this tag; repeat for more values or categories.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--network-id", paramLabel = "UUID", description = "Only this Tenable scanner network.")
  String networkId;

  @Option(names = "--cidr", paramLabel = "CIDR", description = "Only findings on assets in this IP range.")
  String cidr;

  @Option(names = "--overlap", defaultValue = "15m",
      description = "Subtracted from the watermark on delta runs, against clock skew (default: ${DEFAULT-VALUE}).")
  Duration overlap;

  @Option(names = "--map", paramLabel = "FILE", description = "Transform map file (default: the built-in map).")
  Path mapFile;

  @Option(names = "--severity-map", paramLabel = "FILE",
      description = "Risk severity mapping file (default: the built-in mapping).")
  Path severityMapFile;

  @Option(names = "--parallel-chunks", defaultValue = "2",
      description = "Chunks downloaded and transformed at once (default: ${DEFAULT-VALUE}).")
  int parallelChunks;

  @Option(names = "--assets-per-chunk", defaultValue = "1000",
      description = "Asset export chunk_size, 100-10000 (default: ${DEFAULT-VALUE}).")
  int assetsPerChunk;

  @Option(names = "--assets-per-vuln-chunk", defaultValue = "500",
      description = "Vuln export num_assets, 50-5000 (default: ${DEFAULT-VALUE}).")
  int assetsPerVulnChunk;

  @Option(names = "--asset-export", defaultValue = "v1", paramLabel = "v1|v2",
      description = "Tenable asset export to read: v1 (POST /assets/export) or v2 (POST"
          + " /assets/v2/export: nested records with asset types and is_public, one export per delta"
          + " for updated, deleted and terminated assets; no --tag) (default: ${DEFAULT-VALUE}).")
  String assetExport;

  @Option(names = "--retry-for", defaultValue = "10m",
      description = "How long one request may keep failing (network errors, 5xx, 429) before the run"
          + " fails (default: ${DEFAULT-VALUE}).")
  Duration retryFor;

  @Option(names = "--no-progress", description = "No progress line, even on a terminal.")
  boolean noProgress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TenableAccess access;
    SyncSettings settings;
    TransformMap map;
    SeverityMapping severity;
    try {
      access = tenable.resolve();
      settings = settings(access.url());
      map = mapFile == null ? TransformMap.defaults() : TransformMap.load(mapFile);
      severity = severityMapFile == null ? SeverityMapping.defaults() : SeverityMapping.load(severityMapFile);
    } catch (TenableAccess.Problem | IllegalArgumentException | TransformMapException e) {
      err.println("sync: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (access.warning() != null) {
      err.println(access.warning());
    }
    TenableClientConfig clientConfig;
    try {
      clientConfig = TenableClientConfig.builder().baseUrl(access.url()).keys(access.keys())
          .retryPolicy(RetryPolicy.defaults().withDeadline(retryFor))
          .exportOptions(ExportOptions.defaults().withParallelChunks(parallelChunks)).build();
    } catch (IllegalArgumentException e) {
      err.println("sync: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    ProgressDisplay progress = new ProgressDisplay(err, !noProgress && ProgressDisplay.onTerminal());
    // Ctrl-C or SIGTERM mid-run: the process ends like a crash would (the run resumes next time),
    // and says so instead of stopping silently.
    Thread interrupted = new Thread(() -> {
      err.println();
      err.println(progress.interruptedNote());
      err.flush();
    }, "sync-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    try (TenableClient client = new TenableClient(clientConfig);
        InventoryStore store = InventoryStores.open(db, System.getenv())) {
      SyncReport report = new SyncEngine(client, store, map, severity, settings, progress,
          Clock.systemUTC()).run();
      removeHook(interrupted);
      progress.finish();
      RunSummary.print(out, report.run());
      out.println("  inventory: " + store.describe());
      out.flush();
      if (report.completed()) {
        long rejected = report.run().counts(dev.tenableconnector.core.model.Entity.ASSET).rejected
            + report.run().counts(dev.tenableconnector.core.model.Entity.FINDING).rejected;
        if (rejected > 0) {
          err.printf("sync: %,d records were set aside; see `bin/tenable-connector runs --db %s --rejected %d`%n",
              rejected, db, report.run().runId());
        }
        return ExitCodes.OK;
      }
      err.println(RunSummary.failureLine(report.failure()));
      String code = report.failure().errorCode();
      return code.equals(TenableError.AUTHENTICATION.name()) || code.equals(TenableError.PERMISSION.name())
          ? ExitCodes.ACCESS_DENIED : ExitCodes.FAILED;
    } catch (RunLockedException e) {
      removeHook(interrupted);
      progress.finish();
      err.println("sync: " + e.getMessage());
      return ExitCodes.LOCKED;
    } catch (StoreException e) {
      removeHook(interrupted);
      progress.finish();
      err.println("sync failed: " + e.getMessage() + " Remedy: check the --db path is writable and the disk has space.");
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

  private SyncSettings settings(String url) {
    List<String> problems = new ArrayList<>();
    if (assetsPerChunk < 100 || assetsPerChunk > 10_000) {
      problems.add("--assets-per-chunk must be 100-10000 (Tenable's limits), not " + assetsPerChunk);
    }
    if (assetsPerVulnChunk < 50 || assetsPerVulnChunk > 5_000) {
      problems.add("--assets-per-vuln-chunk must be 50-5000 (Tenable's limits), not " + assetsPerVulnChunk);
    }
    if (parallelChunks < 1 || parallelChunks > 8) {
      problems.add("--parallel-chunks must be 1-8, not " + parallelChunks);
    }
    boolean v2 = assetExport.equalsIgnoreCase("v2");
    if (!v2 && !assetExport.equalsIgnoreCase("v1")) {
      problems.add("--asset-export must be v1 or v2, not '" + assetExport + "'");
    }
    if (v2 && !tags.isEmpty()) {
      problems.add("--tag needs --asset-export v1: Tenable's v2 asset export has no tag filter");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    Set<Severity> severitySet = EnumSet.noneOf(Severity.class);
    for (String s : severities) {
      try {
        severitySet.add(Severity.valueOf(s.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown --severity '" + s + "' (expected info, low, medium, high, critical)");
      }
    }
    Set<VulnState> stateSet = EnumSet.noneOf(VulnState.class);
    for (String s : states) {
      try {
        stateSet.add(VulnState.valueOf(s.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown --state '" + s + "' (expected OPEN, REOPENED, FIXED)");
      }
    }
    Map<String, List<String>> tagMap = new LinkedHashMap<>();
    for (String t : tags) {
      int eq = t.indexOf('=');
      if (eq <= 0 || eq == t.length() - 1) {
        throw new IllegalArgumentException("--tag '" + t + "' must be CATEGORY=VALUE");
      }
      tagMap.computeIfAbsent(t.substring(0, eq).strip(), k -> new ArrayList<>()).add(t.substring(eq + 1).strip());
    }
    return SyncSettings.defaults(url)
        .withConnector(connector)
        .withScope(Scope.parse(scope))
        .withPreset(Preset.parse(preset))
        .withFilters(new SyncFilters(severitySet, stateSet, tagMap, networkId, cidr))
        .withFull(full)
        .withOverlap(overlap)
        .withExportSizes(assetsPerChunk, assetsPerVulnChunk)
        .withV2Assets(v2);
  }
}

package dev.tenableconnector.app;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.client.export.ExportListener;
import dev.tenableconnector.client.export.ExportOptions;
import dev.tenableconnector.client.export.ExportResult;
import dev.tenableconnector.client.export.VulnExportRequest;
import dev.tenableconnector.client.export.VulnState;
import dev.tenableconnector.client.model.TenableFinding;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.RunStatus;
import dev.tenableconnector.core.sync.SyncEngine;
import dev.tenableconnector.core.sync.SyncProgress;
import dev.tenableconnector.core.sync.SyncSettings;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.emulator.EmulatorConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures a sync end to end: the emulator serves N assets x M findings over loopback HTTP, the
 * engine transforms and stores them in a fresh SQLite inventory (full sync), then syncs again after
 * a step in which about 1% changes (delta). With {@code --source-only}, only the client's streaming
 * parse of a vuln export. The emulator runs in a JVM of its own unless {@code --emulator
 * in-process}. Prints findings per second, CPU-seconds per million findings (the connector's and
 * the emulator's), bytes stored per finding, peak heap and RSS; the last line is machine-readable.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description =
        "Measures sync throughput end to end (emulator -> HTTP -> transform -> SQLite), full"
            + " and a 1%% delta. Last line: bench: <N> findings/s, peak heap <M> MB, <C> cpu-s/M,"
            + " <B> bytes/finding")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--assets",
      defaultValue = "20000",
      description = "Assets (default: ${DEFAULT-VALUE}).")
  int assets;

  @Option(
      names = "--findings-per-asset",
      defaultValue = "50",
      description = "Mean findings per asset (default: ${DEFAULT-VALUE}).")
  int findingsPerAsset;

  @Option(
      names = "--num-assets",
      defaultValue = "500",
      description = "Assets per vuln chunk (default: ${DEFAULT-VALUE}).")
  int numAssets;

  @Option(
      names = "--parallel-chunks",
      defaultValue = "2",
      description = "Chunks downloaded at once (default: ${DEFAULT-VALUE}).")
  int parallelChunks;

  @Option(
      names = "--no-gzip",
      description = "Ask for plain bodies (shows what gzip costs on loopback).")
  boolean noGzip;

  @Option(
      names = "--runs",
      defaultValue = "2",
      description = "Measured runs after one warm-up run (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--trace",
      description = "Print when each export starts and each chunk is stored.")
  boolean trace;

  @Option(
      names = "--source-only",
      description = "Measure only emulator -> HTTP -> parse, no transform or store.")
  boolean sourceOnly;

  /** Where the emulator runs. */
  enum EmulatorPlace {
    process,
    in_process
  }

  @Option(
      names = "--emulator",
      defaultValue = "process",
      converter = PlaceConverter.class,
      description =
          "process (default): the emulator in a JVM of its own, so the figures are the"
              + " connector's; in-process: in the benchmark's JVM, sharing its heap and CPU figures.")
  EmulatorPlace emulatorPlace;

  static final class PlaceConverter implements picocli.CommandLine.ITypeConverter<EmulatorPlace> {
    @Override
    public EmulatorPlace convert(String value) {
      return switch (value) {
        case "process" -> EmulatorPlace.process;
        case "in-process" -> EmulatorPlace.in_process;
        default ->
            throw new picocli.CommandLine.TypeConversionException(
                "expected process or in-process, not '" + value + "'");
      };
    }
  }

  @Option(
      names = "--db",
      paramLabel = "PATH|URL",
      description =
          "Inventory for the run: a SQLite file, or an empty PostgreSQL database as"
              + " jdbc:postgresql://host:port/db (default: a temporary SQLite file, deleted after).")
  String db;

  @Option(
      names = "--reads",
      description =
          "Measure the read side of the inventory --db names (already stored, e.g. by a bench"
              + " run): pages of 50 with queries, counts by severity, a JSONL export of every"
              + " finding.")
  boolean reads;

  @Override
  public Integer call() throws Exception {
    if (reads) {
      if (db == null) {
        spec.commandLine().getErr().println("error: --reads needs --db, the inventory to read");
        return 2;
      }
      try (InventoryStore store = InventoryStores.open(db, System.getenv())) {
        ReadBench.run(store, spec.commandLine().getOut());
      }
      return 0;
    }
    return sourceOnly ? sourceOnly() : endToEnd();
  }

  /** Full sync into a fresh SQLite inventory, then a delta after a step in which ~1% changes. */
  private int endToEnd() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    EmulatorConfig config =
        EmulatorConfig.builder()
            .assets(assets)
            .findingsPerAsset(findingsPerAsset)
            .chunkCache(BenchEmulator.CHUNK_CACHE_MB << 20)
            .build();
    boolean temporary = db == null;
    String target =
        temporary ? Files.createTempFile("tenable-connector-bench", ".db").toString() : db;
    if (!target.startsWith("jdbc:")) {
      Files.deleteIfExists(Path.of(target));
    }
    try (BenchEmulator emulator = emulator(config);
        MemoryWatch memory = new MemoryWatch();
        TenableClient client = client(emulator, config);
        InventoryStore store = InventoryStores.open(target, System.getenv())) {
      out.printf(
          "bench: end to end into %s, %s: %,d assets x ~%d findings, %d assets per vuln chunk,"
              + " %d parallel chunks, %s, %d CPUs, max heap %,d MB%n",
          store.describe(),
          emulator.describe(),
          assets,
          findingsPerAsset,
          numAssets,
          parallelChunks,
          noGzip ? "plain bodies" : "gzip",
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20);
      SyncSettings settings =
          SyncSettings.defaults(emulator.baseUrl().toString())
              .withConnector("bench")
              .withExportSizes(1000, numAssets);
      TransformMap map = TransformMap.defaults();
      SeverityMapping severity = SeverityMapping.defaults();

      long t0 = System.nanoTime();
      SyncProgress timing =
          !trace
              ? SyncProgress.NONE
              : new SyncProgress() {
                @Override
                public void exportStarted(String phase, String exportUuid, boolean adopted) {
                  System.err.printf(
                      "%6d ms %s started%n", (System.nanoTime() - t0) / 1_000_000, phase);
                }

                @Override
                public void chunkStored(
                    String phase,
                    Entity entity,
                    dev.tenableconnector.core.store.ChunkCounts counts) {
                  System.err.printf(
                      "%6d ms %s chunk stored %d%n",
                      (System.nanoTime() - t0) / 1_000_000, phase, counts.seen);
                }
              };
      Duration cpuBefore = ProcessCpu.ours();
      Duration emulatorBefore = emulator.cpu();
      long fullStart = System.nanoTime();
      RunRecord full =
          new SyncEngine(client, store, map, severity, settings, timing, Clock.systemUTC())
              .run()
              .run();
      long fullNanos = System.nanoTime() - fullStart;
      Duration cpu = ProcessCpu.ours().minus(cpuBefore);
      Duration emulatorCpu = emulatorBefore == null ? null : emulator.cpu().minus(emulatorBefore);
      double fullRate = report(out, "full", full);
      afterRun(out, "full", full, fullNanos);
      long fullHeap = memory.peakHeapMb();
      long findings = full.counts(Entity.FINDING).seen;
      double cpuPerMillion = perMillion(cpu, findings);
      out.printf(
          "bench: CPU during the full sync: connector %.1f s (%.1f cpu-s per million findings"
              + ", user + system%s); emulator %s%n",
          cpu.toMillis() / 1000.0,
          cpuPerMillion,
          emulatorCpu == null ? ", emulator included" : "",
          emulatorCpu == null
              ? "in the same process"
              : String.format(
                  "%.1f s (%.1f cpu-s per million findings)",
                  emulatorCpu.toMillis() / 1000.0, perMillion(emulatorCpu, findings)));

      emulator.advance();
      long deltaStart = System.nanoTime();
      RunRecord delta =
          new SyncEngine(
                  client, store, map, severity, settings, SyncProgress.NONE, Clock.systemUTC())
              .run()
              .run();
      long deltaNanos = System.nanoTime() - deltaStart;
      report(out, "delta", delta);
      afterRun(out, "delta", delta, deltaNanos);
      double ratio = delta.elapsed().toNanos() / (double) full.elapsed().toNanos();
      out.printf(
          "bench: delta changed %.2f%% of the findings and took %.1f%% of the full sync's time%n",
          100.0
              * (delta.counts(Entity.FINDING).inserted + delta.counts(Entity.FINDING).updated)
              / Math.max(1, store.count(Entity.FINDING)),
          100 * ratio);
      if (!target.startsWith("jdbc:")) {
        checkpoint(target); // what is stored, not what the write-ahead log holds meanwhile
      }
      long bytesPerFinding = store.sizeBytes() / Math.max(1, store.count(Entity.FINDING));
      out.printf(
          "bench: database %,d MB (%,d bytes per finding stored, assets and run log included);"
              + " peak heap during the full sync %d MB; peak RSS %,d MB%n",
          store.sizeBytes() >> 20, bytesPerFinding, fullHeap, MemoryWatch.peakRssMb());
      out.printf(
          "bench: %.0f findings/s, peak heap %d MB, %.1f cpu-s/M, %d bytes/finding%n",
          fullRate, memory.peakHeapMb(), cpuPerMillion, bytesPerFinding);
      return full.status().equals(RunStatus.COMPLETED) && delta.status().equals(RunStatus.COMPLETED)
          ? 0
          : 1;
    } finally {
      if (temporary) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
          Files.deleteIfExists(Path.of(target + suffix));
        }
      }
    }
  }

  /** What the run's own time leaves out: the insights refreshed after the run is recorded. */
  private static void afterRun(PrintWriter out, String label, RunRecord run, long nanos) {
    out.printf(
        "bench: %s sync's insight refresh after the run: %.1f s (%.1f s with it)%n",
        label, Math.max(0, nanos - run.elapsed().toNanos()) / 1e9, nanos / 1e9);
  }

  private static double report(PrintWriter out, String label, RunRecord run) {
    double seconds = run.elapsed().toNanos() / 1e9;
    double rate = run.counts(Entity.FINDING).seen / seconds;
    out.printf(
        "bench: %s sync %s in %.1f s: %,d assets and %,d findings seen (%,d inserted, %,d updated,"
            + " %,d unchanged), %,.0f findings/s end to end%n",
        label,
        run.status(),
        seconds,
        run.counts(Entity.ASSET).seen,
        run.counts(Entity.FINDING).seen,
        run.counts(Entity.FINDING).inserted,
        run.counts(Entity.FINDING).updated,
        run.counts(Entity.FINDING).unchanged,
        rate);
    return rate;
  }

  private BenchEmulator emulator(EmulatorConfig config) throws java.io.IOException {
    return emulatorPlace == EmulatorPlace.process
        ? BenchEmulator.process(assets, findingsPerAsset)
        : BenchEmulator.inProcess(config);
  }

  /** Moves the write-ahead log into the database file and empties it. */
  private static void checkpoint(String file) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  private static double perMillion(Duration cpu, long findings) {
    return cpu.toMillis() / 1000.0 * 1_000_000 / Math.max(1, findings);
  }

  private TenableClient client(BenchEmulator emulator, EmulatorConfig config) {
    return new TenableClient(
        TenableClientConfig.builder()
            .baseUrl(emulator.baseUrl())
            .keys(new ApiKeys(config.accessKey(), config.secretKey()))
            .gzip(!noGzip)
            .exportOptions(
                ExportOptions.defaults()
                    .withParallelChunks(parallelChunks)
                    .withPolling(Duration.ofMillis(20), Duration.ofMillis(200)))
            .build());
  }

  private int sourceOnly() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    EmulatorConfig config =
        EmulatorConfig.builder()
            .assets(assets)
            .findingsPerAsset(findingsPerAsset)
            .chunkCache(BenchEmulator.CHUNK_CACHE_MB << 20)
            .build();
    try (BenchEmulator emulator = emulator(config);
        MemoryWatch memory = new MemoryWatch();
        TenableClient client = client(emulator, config)) {
      out.printf(
          "bench: %s, %,d assets x ~%d findings, %d assets per chunk, %d parallel downloads,"
              + " %s, %d CPUs, max heap %,d MB%n",
          emulator.describe(),
          assets,
          findingsPerAsset,
          numAssets,
          parallelChunks,
          noGzip ? "plain bodies" : "gzip",
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20);
      double best = 0;
      for (int run = 0; run <= runs; run++) {
        LongAdder cves = new LongAdder();
        ExportResult result =
            client.export(
                VulnExportRequest.builder()
                    .numAssets(numAssets)
                    .includeUnlicensed(true)
                    .state(EnumSet.allOf(VulnState.class))
                    .allHistory()
                    .build(),
                chunk -> chunk.read((TenableFinding f) -> cves.add(f.plugin().cve().size())),
                ExportListener.NONE);
        if (!result.outcome().complete()) {
          out.println("bench: export ended " + result.outcome() + ": " + result.message());
          return 1;
        }
        double seconds = result.elapsed().toNanos() / 1e9;
        out.printf(
            "bench: %s %,d findings, %,d MB of JSON in %.1f s: %,.0f findings/s," + " %,.0f MB/s%n",
            run == 0 ? "warm-up" : "run " + run,
            result.records(),
            result.bytes() >> 20,
            seconds,
            result.recordsPerSecond(),
            (result.bytes() >> 20) / seconds);
        if (run > 0) {
          best = Math.max(best, result.recordsPerSecond());
        }
      }
      out.printf("bench: peak RSS %,d MB%n", MemoryWatch.peakRssMb());
      out.printf("bench: %.0f findings/s, peak heap %d MB%n", best, memory.peakHeapMb());
      return 0;
    }
  }
}

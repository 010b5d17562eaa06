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
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the source side: the emulator serves a vuln export of N assets x M findings over
 * loopback HTTP (gzip, as the client asks) and the client streams and parses every record. Prints
 * findings per second, peak heap and peak RSS; the last line is machine-readable.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = "Measures export throughput: emulator -> HTTP -> client parse (no store yet).")
final class BenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--assets", defaultValue = "20000", description = "Assets (default: ${DEFAULT-VALUE}).")
  int assets;

  @Option(names = "--findings-per-asset", defaultValue = "50", description = "Mean findings per asset (default: ${DEFAULT-VALUE}).")
  int findingsPerAsset;

  @Option(names = "--num-assets", defaultValue = "500", description = "Assets per vuln chunk (default: ${DEFAULT-VALUE}).")
  int numAssets;

  @Option(names = "--parallel-chunks", defaultValue = "2", description = "Chunks downloaded at once (default: ${DEFAULT-VALUE}).")
  int parallelChunks;

  @Option(names = "--no-gzip", description = "Ask for plain bodies (shows what gzip costs on loopback).")
  boolean noGzip;

  @Option(names = "--runs", defaultValue = "2", description = "Measured runs after one warm-up run (default: ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    EmulatorConfig config = EmulatorConfig.builder().assets(assets)
        .findingsPerAsset(findingsPerAsset).build();
    try (TenableEmulator emulator = TenableEmulator.start(config);
        MemoryWatch memory = new MemoryWatch();
        TenableClient client = new TenableClient(TenableClientConfig.builder()
            .baseUrl(emulator.baseUrl())
            .keys(new ApiKeys(config.accessKey(), config.secretKey()))
            .gzip(!noGzip)
            .exportOptions(ExportOptions.defaults().withParallelChunks(parallelChunks)
                .withPolling(Duration.ofMillis(20), Duration.ofMillis(200)))
            .build())) {
      out.printf("bench: %,d assets x ~%d findings, %d assets per chunk, %d parallel downloads,"
          + " %s, %d CPUs, max heap %,d MB%n", assets, findingsPerAsset, numAssets, parallelChunks,
          noGzip ? "plain bodies" : "gzip",
          Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
      double best = 0;
      for (int run = 0; run <= runs; run++) {
        LongAdder cves = new LongAdder();
        ExportResult result = client.export(VulnExportRequest.builder().numAssets(numAssets)
                .includeUnlicensed(true).state(EnumSet.allOf(VulnState.class)).build(),
            chunk -> chunk.read((TenableFinding f) -> cves.add(f.plugin().cve().size())),
            ExportListener.NONE);
        if (!result.outcome().complete()) {
          out.println("bench: export ended " + result.outcome() + ": " + result.message());
          return 1;
        }
        double seconds = result.elapsed().toNanos() / 1e9;
        out.printf("bench: %s %,d findings, %,d MB of JSON in %.1f s: %,.0f findings/s,"
                + " %,.0f MB/s%n", run == 0 ? "warm-up" : "run " + run, result.records(),
            result.bytes() >> 20, seconds, result.recordsPerSecond(),
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

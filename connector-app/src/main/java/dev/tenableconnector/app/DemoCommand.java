package dev.tenableconnector.app;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.client.export.AssetExportRequest;
import dev.tenableconnector.client.export.ExportListener;
import dev.tenableconnector.client.export.ExportOptions;
import dev.tenableconnector.client.export.ExportResult;
import dev.tenableconnector.client.export.RecordConsumer;
import dev.tenableconnector.client.export.RecordIssue;
import dev.tenableconnector.client.export.VulnExportRequest;
import dev.tenableconnector.client.export.VulnState;
import dev.tenableconnector.client.model.TenableAsset;
import dev.tenableconnector.client.model.TenableFinding;
import dev.tenableconnector.client.model.TenableSession;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts the emulator in-process with a realistic estate and pulls every asset and finding through
 * the Tenable client, printing what came and how fast: the whole source side, end to end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = "Runs the bundled Tenable emulator and exports its assets and findings through"
        + " the client, printing a summary.")
final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--assets", defaultValue = "2000", description = "Assets in the demo estate (default: ${DEFAULT-VALUE}).")
  int assets;

  @Option(names = "--findings-per-asset", defaultValue = "20", description = "Mean findings per asset (default: ${DEFAULT-VALUE}).")
  int findingsPerAsset;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--parallel-chunks", defaultValue = "2", description = "Chunks downloaded at once (default: ${DEFAULT-VALUE}).")
  int parallelChunks;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EmulatorConfig emulatorConfig = EmulatorConfig.builder().seed(seed).assets(assets)
        .findingsPerAsset(findingsPerAsset).queuedFor(Duration.ofMillis(300))
        .chunkInterval(Duration.ofMillis(20)).build();
    try (TenableEmulator emulator = TenableEmulator.start(emulatorConfig);
        TenableClient client = new TenableClient(TenableClientConfig.builder()
            .baseUrl(emulator.baseUrl())
            .keys(new ApiKeys(emulatorConfig.accessKey(), emulatorConfig.secretKey()))
            .exportOptions(ExportOptions.defaults().withParallelChunks(parallelChunks)
                .withPolling(Duration.ofMillis(100), Duration.ofSeconds(2)))
            .build())) {
      out.println("Tenable emulator at " + emulator.baseUrl() + " (" + assets + " assets x ~"
          + findingsPerAsset + " findings, seed " + seed + ")");
      TenableSession session = client.session();
      out.println("Signed in as " + session.username() + " (" + session.role().label() + ", "
          + session.permissions() + ")");

      Tally<TenableAsset> assetTally = new Tally<>(a -> a.cloud().awsEc2InstanceId() != null
          ? "AWS" : a.cloud().azureVmId() != null ? "Azure"
          : a.cloud().gcpInstanceId() != null ? "GCP" : "on-prem");
      ExportResult assetResult = client.export(
          AssetExportRequest.builder().chunkSize(1000).build(),
          chunk -> chunk.read(assetTally), ExportListener.NONE);
      print(out, "Assets", assetResult, assetTally);

      Tally<TenableFinding> findingTally = new Tally<>(f -> f.severity() + "/" + f.state());
      ExportResult vulnResult = client.export(
          VulnExportRequest.builder().numAssets(500).includeUnlicensed(true)
              .state(EnumSet.allOf(VulnState.class)).build(),
          chunk -> chunk.read(findingTally), ExportListener.NONE);
      print(out, "Findings", vulnResult, findingTally);
      out.println("Requests sent: " + client.stats().requests() + ", retries: "
          + client.stats().retries());
      out.println("Next: `bin/tenable-connector emulator` runs the emulator on its own; see README.md.");
      return assetResult.outcome().complete() && vulnResult.outcome().complete() ? 0 : 1;
    } catch (TenableApiException e) {
      err.println("error: " + e.getMessage());
      err.println("remedy: " + e.remedy());
      return 3;
    }
  }

  private static void print(PrintWriter out, String what, ExportResult result, Tally<?> tally) {
    out.printf("%s: %,d records (%,d set aside) in %d chunks of export %s, %.1f s, %,.0f records/s"
            + " [%s]%n", what, result.records(), result.rejected(), result.chunksDone().size(),
        result.exportUuid(), result.elapsed().toMillis() / 1000.0, result.recordsPerSecond(),
        result.outcome());
    tally.counts.forEach((k, v) -> out.printf("  %-16s %,d%n", k, v.get()));
  }

  /** Counts records by a key; thread-safe since chunks arrive in parallel. */
  private static final class Tally<T> implements RecordConsumer<T> {
    private final java.util.function.Function<T, String> key;
    private final Map<String, AtomicLong> counts = new TreeMap<>();

    Tally(java.util.function.Function<T, String> key) {
      this.key = key;
    }

    @Override
    public void record(T record) {
      synchronized (counts) {
        counts.computeIfAbsent(String.valueOf(key.apply(record)), k -> new AtomicLong())
            .incrementAndGet();
      }
    }

    @Override
    public void rejected(RecordIssue issue) {
      synchronized (counts) {
        counts.computeIfAbsent("(set aside)", k -> new AtomicLong()).incrementAndGet();
      }
    }
  }
}

package dev.tenableconnector.app;

import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the Tenable VM API emulator in the foreground until interrupted. */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = "Runs a local emulator of the Tenable VM export API (synthetic data, faults).")
final class EmulatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8000",
      description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--allow-remote", description = "Allow binding a non-loopback address.")
  boolean allowRemote;

  @Option(
      names = "--access-key",
      defaultValue = EmulatorConfig.DEFAULT_ACCESS_KEY,
      description = "Access key to accept (default: ${DEFAULT-VALUE}).")
  String accessKey;

  @Option(
      names = "--secret-key",
      defaultValue = EmulatorConfig.DEFAULT_SECRET_KEY,
      description = "Secret key to accept (default: the emulator's built-in test key).",
      showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
  String secretKey;

  @Option(
      names = "--permissions",
      defaultValue = "64",
      description =
          "permissions of the API user: 0 read-only, 16 basic, 24, 32, 40, 64 administrator (default: ${DEFAULT-VALUE}).")
  int permissions;

  @Option(
      names = "--deny-exports",
      description = "Answer 403 on every export endpoint (a custom role without export rights).")
  boolean denyExports;

  @Option(
      names = "--custom-role",
      description =
          "The user holds a custom role with the export privilege: exports are allowed whatever --permissions says.")
  boolean customRole;

  @Option(
      names = "--replace-duplicate-asset-exports",
      description =
          "Answer an asset export identical to a running one by cancelling the old one and starting the new (the other reading of Tenable's description) instead of 409.")
  boolean replaceDuplicateAssetExports;

  @Option(
      names = "--assets",
      defaultValue = "1000",
      description = "Assets in the synthetic estate (default: ${DEFAULT-VALUE}).")
  int assets;

  @Option(
      names = "--findings-per-asset",
      defaultValue = "10",
      description = "Mean findings per asset (default: ${DEFAULT-VALUE}).")
  int findingsPerAsset;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--queued-for",
      defaultValue = "1s",
      description = "How long a new export stays QUEUED (default: ${DEFAULT-VALUE}).")
  Duration queuedFor;

  @Option(
      names = "--chunk-interval",
      defaultValue = "200ms",
      description = "Time between chunks becoming ready (default: ${DEFAULT-VALUE}).")
  Duration chunkInterval;

  @Option(
      names = "--export-ttl",
      defaultValue = "24h",
      description = "How long exports and chunks can be downloaded (default: ${DEFAULT-VALUE}).")
  Duration exportTtl;

  @Option(
      names = "--max-concurrent-exports",
      defaultValue = "10",
      description = "Active exports before 429 (default: ${DEFAULT-VALUE}).")
  int maxConcurrentExports;

  @Option(
      names = "--chunk-cache",
      defaultValue = "1024",
      paramLabel = "MB",
      description =
          "Render each export's chunks while it is PROCESSING, as Tenable does, into gzip files of"
              + " at most this many MB in all, deleted with their export (0: generate each chunk"
              + " as it is downloaded; default: ${DEFAULT-VALUE}).")
  long chunkCacheMb;

  @Option(
      names = "--fault",
      description =
          "A fault to inject, repeatable, e.g. chunk:503:times=2, start:429:retry-after=5, chunk:truncate, job:chunks-failed, records:missing-keys:every=50 (see docs/emulator.md).")
  List<String> faults = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!allowRemote && !InetAddress.getByName(host).isLoopbackAddress()) {
      err.println(
          "error: --host "
              + host
              + " is not a loopback address; add --allow-remote to"
              + " serve other machines.");
      return 2;
    }
    EmulatorConfig.Builder builder =
        EmulatorConfig.builder()
            .host(host)
            .port(port)
            .keys(accessKey, secretKey)
            .permissions(permissions)
            .denyExports(denyExports)
            .customRole(customRole)
            .replaceDuplicateAssetExports(replaceDuplicateAssetExports)
            .seed(seed)
            .assets(assets)
            .findingsPerAsset(findingsPerAsset)
            .queuedFor(queuedFor)
            .chunkInterval(chunkInterval)
            .exportTtl(exportTtl)
            .maxConcurrentExports(maxConcurrentExports)
            .chunkCache(chunkCacheMb << 20);
    try {
      faults.forEach(builder::fault);
      builder.build();
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (TenableEmulator emulator = TenableEmulator.start(builder.build())) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      out.println("Tenable emulator listening on " + emulator.baseUrl());
      out.println("  access key: " + accessKey + " (secret key as configured)");
      out.println(
          "  estate: " + assets + " assets x ~" + findingsPerAsset + " findings, seed " + seed);
      if (!faults.isEmpty()) {
        out.println("  faults: " + String.join(", ", faults));
      }
      out.println("Press Ctrl-C to stop.");
      out.flush();
      stopped.await();
    }
    return 0;
  }
}

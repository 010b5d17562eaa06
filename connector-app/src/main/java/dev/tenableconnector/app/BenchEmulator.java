package dev.tenableconnector.app;

import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulator a benchmark syncs from: in a JVM of its own by default, so that the connector's
 * figures (CPU, heap) are the connector's alone, or in the benchmark's JVM as before.
 */
abstract class BenchEmulator implements AutoCloseable {
  abstract URI baseUrl();

  /** Moves the estate one time step (scans, fixes, new and deleted assets), as a delta needs. */
  abstract void advance() throws IOException, InterruptedException;

  /** CPU the emulator has used so far, or null when it shares the benchmark's process. */
  abstract Duration cpu();

  abstract String describe();

  @Override
  public abstract void close();

  static BenchEmulator inProcess(EmulatorConfig config) throws IOException {
    TenableEmulator emulator = TenableEmulator.start(config);
    return new BenchEmulator() {
      @Override
      URI baseUrl() {
        return emulator.baseUrl();
      }

      @Override
      void advance() {
        emulator.advance();
      }

      @Override
      Duration cpu() {
        return null;
      }

      @Override
      String describe() {
        return "emulator in this JVM";
      }

      @Override
      public void close() {
        emulator.close();
      }
    };
  }

  /**
   * The emulator renders chunks ahead of their download into at most this much disk: a full
   * 20,000-asset export takes about 0.5 GB.
   */
  static final long CHUNK_CACHE_MB = 8192;

  /** Starts {@code tenable-connector emulator} in a child JVM and waits for its URL. */
  static BenchEmulator process(int assets, int findingsPerAsset) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-XX:+UseParallelGC");
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TenableConnectorCli.class.getName());
    command.addAll(
        List.of(
            "emulator",
            "--port",
            "0",
            "--assets",
            Integer.toString(assets),
            "--findings-per-asset",
            Integer.toString(findingsPerAsset),
            "--queued-for",
            "0s",
            "--chunk-interval",
            "0ms",
            "--chunk-cache",
            Long.toString(CHUNK_CACHE_MB)));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    URI url = null;
    String prefix = "Tenable emulator listening on ";
    List<String> said = new ArrayList<>();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      said.add(line);
      int at = line.indexOf(prefix);
      if (at >= 0) {
        // The URL alone: with debug logging on, the emulator's log line says more after it.
        try {
          url = URI.create(line.substring(at + prefix.length()).strip().split("\\s+", 2)[0]);
        } catch (IllegalArgumentException e) {
          said.add("(its address could not be read: " + e.getMessage() + ")");
        }
        break;
      }
    }
    if (url == null) {
      child.destroyForcibly();
      throw new IOException("the emulator process did not start: " + String.join(" / ", said));
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (lines.readLine() != null) {
                  // its log is not the benchmark's output
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "emulator-output");
    drain.setDaemon(true);
    drain.start();
    URI base = url;
    HttpClient http = HttpClient.newHttpClient();
    return new BenchEmulator() {
      @Override
      URI baseUrl() {
        return base;
      }

      @Override
      void advance() throws IOException, InterruptedException {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(base.resolve("/_emulator/advance"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IOException("advancing the emulator failed: HTTP " + r.statusCode());
        }
      }

      @Override
      Duration cpu() {
        return child.toHandle().info().totalCpuDuration().orElse(null);
      }

      @Override
      String describe() {
        return "emulator in its own JVM (pid " + child.pid() + ")";
      }

      @Override
      public void close() {
        child.destroy();
        try {
          if (!child.waitFor(10, TimeUnit.SECONDS)) {
            child.destroyForcibly();
          }
        } catch (InterruptedException e) {
          child.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    };
  }
}

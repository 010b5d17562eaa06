package dev.tenableconnector.kafka.demo;

import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator in a JVM of its own, so that a benchmark's CPU figures are the connector's: started
 * with its estate size, it prints its URL and serves until its standard input closes.
 */
final class EmulatorProcess implements AutoCloseable {
  private static final String READY = "Tenable emulator listening on ";

  /** Chunks rendered ahead into at most this much disk, as Tenable prepares an export. */
  private static final long CHUNK_CACHE_BYTES = 8192L << 20;

  private final Process child;
  private final URI url;

  private EmulatorProcess(Process child, URI url) {
    this.child = child;
    this.url = url;
  }

  /** The child's entry point: {@code <assets> <findings per asset>}. */
  public static void main(String[] args) throws Exception {
    try (TenableEmulator emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(Integer.parseInt(args[0]))
                .findingsPerAsset(Integer.parseInt(args[1]))
                .queuedFor(Duration.ZERO)
                .chunkInterval(Duration.ZERO)
                .chunkCache(CHUNK_CACHE_BYTES)
                .build())) {
      System.out.println(READY + emulator.baseUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the parent closes the pipe (or dies)
      }
    }
  }

  static EmulatorProcess start(int assets, int findingsPerAsset) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.addAll(List.of(java, "-XX:+UseParallelGC", "-Xmx1g"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(EmulatorProcess.class.getName());
    command.addAll(List.of(Integer.toString(assets), Integer.toString(findingsPerAsset)));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    List<String> said = new ArrayList<>();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.startsWith(READY)) {
        Thread drain = new Thread(() -> lines.lines().forEach(l -> {}), "emulator-output");
        drain.setDaemon(true);
        drain.start();
        return new EmulatorProcess(child, URI.create(line.substring(READY.length()).strip()));
      }
      said.add(line);
    }
    child.destroyForcibly();
    throw new IOException("the emulator process did not start: " + String.join(" / ", said));
  }

  URI url() {
    return url;
  }

  /** CPU the child has used so far. */
  Duration cpu() {
    return child.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  @Override
  public void close() {
    try {
      child.getOutputStream().close();
      if (!child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      child.destroyForcibly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package dev.tenableconnector.client;

import dev.tenableconnector.client.export.ExportOptions;
import dev.tenableconnector.client.http.RetryPolicy;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.RecordedRequest;
import dev.tenableconnector.emulator.TenableEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** An emulator on a free loopback port and a client pointed at it, with recorded waits. */
public final class EmulatorFixture implements AutoCloseable {
  public final TenableEmulator emulator;
  public final RecordingSleeper sleeper = new RecordingSleeper();
  public final TenableClient client;

  private EmulatorFixture(EmulatorConfig config, Consumer<TenableClientConfig.Builder> tweak) {
    try {
      this.emulator = TenableEmulator.start(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TenableClientConfig.Builder builder =
        TenableClientConfig.builder()
            .baseUrl(emulator.baseUrl())
            .keys(new ApiKeys(config.accessKey(), config.secretKey()))
            .sleeper(sleeper)
            .retryPolicy(RetryPolicy.defaults().withMaxAttempts(5))
            .exportOptions(
                ExportOptions.defaults()
                    .withPolling(Duration.ofMillis(20), Duration.ofMillis(200)));
    tweak.accept(builder);
    this.client = new TenableClient(builder.build());
  }

  public static EmulatorFixture start(Consumer<EmulatorConfig.Builder> emulator) {
    return start(emulator, b -> {});
  }

  public static EmulatorFixture start(
      Consumer<EmulatorConfig.Builder> emulator, Consumer<TenableClientConfig.Builder> client) {
    EmulatorConfig.Builder builder = EmulatorConfig.builder().assets(120).findingsPerAsset(6);
    emulator.accept(builder);
    return new EmulatorFixture(builder.build(), client);
  }

  public List<RecordedRequest> requests(String method, String pathPrefix) {
    return emulator.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
        .toList();
  }

  @Override
  public void close() {
    client.close();
    emulator.close();
  }
}

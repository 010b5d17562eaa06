package dev.tenableconnector.core;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.client.export.ExportOptions;
import dev.tenableconnector.client.http.RetryPolicy;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.core.sync.SyncEngine;
import dev.tenableconnector.core.sync.SyncProgress;
import dev.tenableconnector.core.sync.SyncReport;
import dev.tenableconnector.core.sync.SyncSettings;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.testsupport.RunningClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An emulator, a client on a shared emulator clock, and a SQLite inventory file, for sync tests.
 */
public final class SyncFixture implements AutoCloseable {
  public static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  public final RunningClock clock = new RunningClock(T0);
  public final TenableEmulator emulator;
  public final Path db;
  public TenableClient client;
  public SqliteInventoryStore store;
  public TransformMap map = TransformMap.defaults();
  public SeverityMapping severity = SeverityMapping.defaults();

  public SyncFixture(Path dir, Consumer<EmulatorConfig.Builder> emulatorConfig) {
    EmulatorConfig.Builder builder =
        EmulatorConfig.builder().assets(150).findingsPerAsset(8).clock(clock);
    emulatorConfig.accept(builder);
    try {
      emulator = TenableEmulator.start(builder.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    db = dir.resolve("inventory.db");
    client = newClient(EmulatorConfig.DEFAULT_ACCESS_KEY, EmulatorConfig.DEFAULT_SECRET_KEY);
    store = SqliteInventoryStore.open(db);
  }

  public TenableClient newClient(String access, String secret) {
    return newClient(
        access,
        secret,
        RetryPolicy.defaults()
            .withMaxAttempts(4)
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)));
  }

  /** A client that retries a failing Tenable for as long as the test runs. */
  public TenableClient patientClient() {
    return newClient(
        EmulatorConfig.DEFAULT_ACCESS_KEY,
        EmulatorConfig.DEFAULT_SECRET_KEY,
        RetryPolicy.defaults()
            .withMaxAttempts(1_000_000)
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
            .withDeadline(Duration.ofDays(1)));
  }

  private TenableClient newClient(String access, String secret, RetryPolicy retries) {
    return new TenableClient(
        TenableClientConfig.builder()
            .baseUrl(emulator.baseUrl())
            .keys(new ApiKeys(access, secret))
            .clock(clock)
            .sleeper(d -> Thread.sleep(Math.min(20, Math.max(1, d.toMillis()))))
            .retryPolicy(retries)
            .exportOptions(
                ExportOptions.defaults().withPolling(Duration.ofMillis(10), Duration.ofMillis(50)))
            .build());
  }

  public SyncSettings settings() {
    return SyncSettings.defaults(emulator.baseUrl().toString()).withExportSizes(100, 50);
  }

  public SyncReport sync() {
    return sync(s -> s);
  }

  public SyncReport sync(UnaryOperator<SyncSettings> tweak) {
    return syncInto(store, tweak);
  }

  /** Syncs the same emulator into another store (a fresh full import to compare with, say). */
  public SyncReport syncInto(
      dev.tenableconnector.core.store.InventoryStore target, UnaryOperator<SyncSettings> tweak) {
    return new SyncEngine(
            client, target, map, severity, tweak.apply(settings()), SyncProgress.NONE, clock)
        .run();
  }

  /** Moves emulator time on and lets the estate change (scans, fixes, deletions, new assets). */
  public void step(Duration by) {
    clock.jump(by);
    emulator.advance();
  }

  /** Closes and reopens the store, as a new process would. */
  public void reopenStore() {
    store.close();
    store = SqliteInventoryStore.open(db);
  }

  @Override
  public void close() {
    client.close();
    store.close();
    emulator.close();
  }
}

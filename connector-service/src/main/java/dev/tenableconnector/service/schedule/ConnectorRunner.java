package dev.tenableconnector.service.schedule;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.core.errors.ErrorCode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.RunFailure;
import dev.tenableconnector.core.store.RunLockedException;
import dev.tenableconnector.core.store.RunMode;
import dev.tenableconnector.core.sync.SyncEngine;
import dev.tenableconnector.core.sync.SyncReport;
import dev.tenableconnector.core.sync.SyncSettings;
import dev.tenableconnector.service.connector.Connector;
import dev.tenableconnector.service.connector.ConnectorState;
import dev.tenableconnector.service.connector.Connectors;
import dev.tenableconnector.service.connector.Troubleshooting;
import dev.tenableconnector.service.metrics.ServiceMetrics;
import dev.tenableconnector.service.secrets.SecretBox;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connector once: Processing, the sync engine with the connector's keys, scope, maps and
 * Retain Delta, then Processed or Errored with the cause and remedy of the seeds' troubleshooting
 * tables; metrics recorded either way.
 */
public final class ConnectorRunner {
  private static final Logger log = LoggerFactory.getLogger(ConnectorRunner.class);

  private final Connectors connectors;
  private final TenableClients clients;
  private final ServiceMetrics metrics;
  private final LiveRuns live;
  private final Clock clock;

  /** The engines of the runs under way, by connector id, so that a run can be cancelled. */
  private final java.util.Map<String, SyncEngine> engines =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Cancellations asked for, by connector id, with who asked: a queued run never starts. */
  private final java.util.Map<String, String> cancels =
      new java.util.concurrent.ConcurrentHashMap<>();

  public ConnectorRunner(
      Connectors connectors,
      TenableClients clients,
      ServiceMetrics metrics,
      LiveRuns live,
      Clock clock) {
    this.connectors = connectors;
    this.clients = clients;
    this.metrics = metrics;
    this.live = live;
    this.clock = clock;
  }

  /**
   * Cancels the connector's run: one under way stops after the chunks being stored (its Tenable
   * export cancelled), one queued never starts. {@code by} says who, e.g. "from the API".
   */
  public void cancel(String id, String by) {
    cancels.putIfAbsent(id, by);
    SyncEngine engine = engines.get(id);
    if (engine != null) {
      engine.cancel(by);
    }
  }

  /** A new run is queued: a cancellation asked for before belonged to the previous one. */
  void queued(String id) {
    cancels.remove(id);
  }

  public void run(String id) {
    Connector c;
    try {
      c = connectors.get(id);
    } catch (RuntimeException e) {
      log.info("connector {} was deleted before its run started", id);
      return;
    }
    var registry = connectors.registry();
    String cancelledEarly = cancels.remove(id);
    if (cancelledEarly != null) {
      log.info(
          "connector '{}': the queued run was cancelled {} before it started",
          c.name(),
          cancelledEarly);
      errored(
          id,
          new RunFailure(
              ErrorCode.CANCELLED.name(),
              null,
              "the run was cancelled " + cancelledEarly + " before it started",
              "Run now when you want the data."));
      return;
    }
    registry.updateState(
        id, ConnectorState.PROCESSING.name(), null, c.row().lastError(), clock.instant());
    LiveRuns.Progress progress = live.start(id);
    long rateLimited = 0;
    SyncReport report = null;
    ApiKeys keys;
    try {
      keys = connectors.keys(c);
    } catch (ApiKeys.InvalidKeys e) {
      errored(
          id,
          new RunFailure(
              ErrorCode.KEYS.name(),
              null,
              "the stored keys cannot be used: " + e.getMessage(),
              "Enter the connector's keys again (Edit, then both keys), as Tenable shows them."));
      live.end(id);
      return;
    } catch (SecretBox.WrongMasterKeyException e) {
      errored(id, new RunFailure(ErrorCode.KEYS.name(), null, e.getMessage(), null));
      live.end(id);
      return;
    }
    try (TenableClient client = clients.open(c.row().tenableUrl(), keys, c.config().sync())) {
      SyncSettings settings =
          c.config().sync().syncSettings(id, c.row().tenableUrl(), !c.row().retainDelta());
      progress.watch(client::stats);
      SyncEngine engine =
          new SyncEngine(
              client,
              connectors.store(),
              c.config().map(),
              c.config().severity(),
              settings,
              progress,
              clock);
      engines.put(id, engine);
      String cancelledBy = cancels.get(id); // asked for while the engine was being made
      if (cancelledBy != null) {
        engine.cancel(cancelledBy);
      }
      report = engine.run();
      rateLimited = client.stats().rateLimited();
      long runId = report.run().runId();
      if (report.completed()) {
        registry.updateState(id, ConnectorState.PROCESSED.name(), runId, null, clock.instant());
        if (!c.row().retainDelta() && report.run().mode() == RunMode.FULL) {
          connectors.deltaRetained(id);
        }
        log.info(
            "connector '{}' run {} processed: {} assets, {} findings",
            c.name(),
            runId,
            report.run().counts(Entity.ASSET).seen,
            report.run().counts(Entity.FINDING).seen);
      } else {
        registry.updateState(
            id,
            ConnectorState.ERRORED.name(),
            runId,
            Troubleshooting.lastError(report.failure(), runId, clock.instant()),
            clock.instant());
      }
    } catch (RunLockedException e) {
      // Another instance (or a `sync` command) is running it: not a failure of this connector.
      log.info("connector '{}' not run here: {}", c.name(), e.getMessage());
      registry.updateState(id, c.row().state(), null, c.row().lastError(), clock.instant());
    } catch (RuntimeException e) {
      String what = keys.redact(e.toString());
      log.error("connector '{}' run failed unexpectedly: {}", c.name(), what);
      errored(
          id, new RunFailure(ErrorCode.INTERNAL.name(), null, what, ErrorCode.INTERNAL.remedy()));
    } finally {
      engines.remove(id);
      cancels.remove(id);
      live.end(id);
      metrics.runEnded(
          c.name(),
          report == null ? null : report.run(),
          report != null && report.completed(),
          rateLimited);
    }
  }

  private void errored(String id, RunFailure failure) {
    connectors
        .registry()
        .updateState(
            id,
            ConnectorState.ERRORED.name(),
            null,
            Troubleshooting.lastError(failure, 0, clock.instant()),
            clock.instant());
  }
}

package dev.tenableconnector.core.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.export.ChunkHandler;
import dev.tenableconnector.client.export.ChunkHandlerException;
import dev.tenableconnector.client.export.ChunkStats;
import dev.tenableconnector.client.export.ExportApi;
import dev.tenableconnector.client.export.ExportKind;
import dev.tenableconnector.client.export.ExportListener;
import dev.tenableconnector.client.export.ExportOutcome;
import dev.tenableconnector.client.export.ExportResult;
import dev.tenableconnector.client.export.ExportStatus;
import dev.tenableconnector.core.errors.ErrorCode;
import dev.tenableconnector.core.insight.InsightRefresh;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.RunExport;
import dev.tenableconnector.core.store.RunFailure;
import dev.tenableconnector.core.store.RunLock;
import dev.tenableconnector.core.store.RunMode;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.SharedFacts;
import dev.tenableconnector.core.store.StoreException;
import dev.tenableconnector.core.sync.SyncPlan.PlannedExport;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.core.transform.Transformer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync run of one connector: takes the connector's run lock, resumes its interrupted run or
 * plans a full or delta run, follows each export chunk by chunk into the store (starting a new
 * export, a bounded number of times, when one expires or fails on Tenable's side), and moves the
 * delta watermark only when every chunk of every export is stored. A failed run leaves the
 * inventory and the watermark as they were, apart from whole chunks already applied.
 */
public final class SyncEngine {
  private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);
  private static final int ASSET_CACHE = 4096;

  private final TenableClient client;
  private final InventoryStore store;
  private final TransformMap map;
  private final SeverityMapping severity;
  private final SyncSettings settings;
  private final SyncProgress progress;
  private final Clock clock;
  private final ObjectMapper mapper = new ObjectMapper();
  private final ThreadLocal<Transformer> transformers;
  private final boolean enrich;

  /** The run's shared parts: each plugin and asset version is serialized and hashed once. */
  private final SharedFacts shared = new SharedFacts(mapper);

  /** Who cancelled the run, once someone has. */
  private final AtomicReference<String> cancelledBy = new AtomicReference<>();

  private volatile String phase = "planning";

  /** The thread running {@link #run}, interrupted by a cancel so that no retry wait holds it. */
  private Thread runThread;

  public SyncEngine(
      TenableClient client,
      InventoryStore store,
      TransformMap map,
      SeverityMapping severity,
      SyncSettings settings,
      SyncProgress progress,
      Clock clock) {
    this.client = client;
    this.store = store;
    this.map = map;
    this.severity = severity;
    this.settings = settings;
    this.progress = progress == null ? SyncProgress.NONE : progress;
    this.clock = clock;
    this.transformers = ThreadLocal.withInitial(() -> new Transformer(map, severity));
    this.enrich = new Transformer(map, severity).findingsReadAssetContext();
  }

  /**
   * Stops the run from another thread: the export being followed is cancelled on Tenable, the
   * chunks being stored are finished, and the run ends failed with code {@code CANCELLED} (the
   * chunks already stored are kept; the watermark does not move). {@code by} says who, for the run
   * history: "from the API", "from the web UI".
   */
  public void cancel(String by) {
    cancelledBy.compareAndSet(null, by);
    // Retries first: the interrupt below is lost when it lands in a response body read.
    client.stopRetrying();
    synchronized (this) {
      if (runThread != null) {
        runThread.interrupt(); // out of a retry's back-off or a poll's wait at once
      }
    }
  }

  private RunFailure cancelledFailure() {
    return RunFailures.of(
        ErrorCode.CANCELLED,
        "the run was cancelled "
            + cancelledBy.get()
            + " during the "
            + phase
            + " phase; the chunks stored before are kept and the watermark did not move");
  }

  /** Throws the run's cancellation once someone asked for it. */
  private void stopIfCancelled() {
    if (cancelledBy.get() != null) {
      throw new SyncFailure(cancelledFailure(), null);
    }
  }

  /**
   * Runs once. Throws {@link dev.tenableconnector.core.store.RunLockedException} when the connector
   * is already syncing; every other failure ends in a report with the failure recorded.
   */
  public SyncReport run() {
    synchronized (this) {
      runThread = Thread.currentThread();
    }
    try {
      return runLocked();
    } finally {
      synchronized (this) {
        runThread = null;
      }
      Thread.interrupted(); // a cancel that came as the run ended must not reach the caller's next
      // work
    }
  }

  private SyncReport runLocked() {
    try (RunLock lock = store.lock(settings.connector(), client.accountKey())) {
      long runId = new RunStart(client, store, map, settings, progress, clock).prepare();
      try (StoreWriter writer = new StoreWriter(store)) {
        Instant watermarkAfter = null;
        RunRecord run = store.run(runId).orElseThrow();
        boolean delta = run.mode() == RunMode.DELTA;
        List<PlannedExport> plan =
            SyncPlan.of(settings, delta, run.watermarkBefore(), clock.instant());
        for (PlannedExport planned : plan) {
          phase = planned.phase();
          stopIfCancelled();
          Instant dataAsOf = runPhase(runId, planned, writer);
          if (watermarkAfter == null || dataAsOf.isBefore(watermarkAfter)) {
            watermarkAfter = dataAsOf;
          }
        }
        stopIfCancelled();
        store.completeRun(runId, clock.instant(), watermarkAfter);
        log.info(
            "run {} of connector {} completed; watermark now {}",
            runId,
            settings.connector(),
            watermarkAfter);
        refreshInsights();
        return new SyncReport(store.run(runId).orElseThrow(), null);
      } catch (SyncFailure e) {
        return fail(runId, e.failure(), e);
      } catch (TenableApiException e) {
        return fail(runId, RunFailures.of(e), e);
      } catch (StoreException e) {
        return fail(runId, RunFailures.ofStore(e.getMessage(), e), e);
      } catch (ChunkHandlerException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return fail(runId, RunFailures.ofStore(e.getMessage(), e), cause);
      } catch (RuntimeException e) {
        return fail(runId, RunFailures.of(ErrorCode.INTERNAL, e.toString()), e);
      }
    }
  }

  private SyncReport fail(long runId, RunFailure raw, Throwable cause) {
    if (cancelledBy.get() != null) {
      // However the cancel surfaced (an interrupted wait, a chunk not begun), it is a cancel: the
      // exports still running are cancelled on Tenable rather than left to run for nothing.
      Thread.interrupted();
      raw = cancelledFailure();
      new ExportCleanup(client, store, clock)
          .cancelRunning(
              store.run(runId).orElseThrow(), ExportOutcome.CANCELLED.name(), raw.message());
    }
    // Whatever an exception said, the keys never reach the run history or the log.
    RunFailure failure =
        new RunFailure(
            raw.errorCode(),
            raw.tenableStatus(),
            client.redact(raw.message()),
            client.redact(raw.remedy()));
    log.warn("run {} of connector {} failed: {}", runId, settings.connector(), failure.message());
    if (log.isDebugEnabled() && cause != null) {
      log.debug("run failure: {}", client.redact(RunFailures.stackTrace(cause)));
    }
    store.failRun(runId, clock.instant(), failure);
    return new SyncReport(store.run(runId).orElseThrow(), failure);
  }

  /** Runs one planned export to completion (resuming or restarting it); returns its data time. */
  private Instant runPhase(long runId, PlannedExport planned, StoreWriter writer) {
    RunRecord run = store.run(runId).orElseThrow();
    RunExport current = null;
    int attempts = 0;
    for (RunExport export : run.exports()) {
      if (!export.phase().equals(planned.phase())) {
        continue;
      }
      attempts = Math.max(attempts, export.attempt());
      if (export.status() == RunExport.Status.COMPLETED) {
        return export.dataAsOf();
      }
      if (export.status() == RunExport.Status.RUNNING) {
        current = export;
      }
    }
    while (true) {
      ExportResult result;
      AtomicReference<RunExport> started = new AtomicReference<>(current);
      if (current != null) {
        log.info("resuming {} export {} of run {}", planned.phase(), current.exportUuid(), runId);
        result = follow(runId, planned, current, writer);
      } else {
        attempts++;
        result = start(runId, planned, attempts, started, writer);
      }
      current = started.get();
      if (cancelledBy.get() != null && result.outcome() != ExportOutcome.COMPLETED) {
        finish(current, RunExport.Status.FAILED, result);
        stopIfCancelled();
      }
      if (result.outcome() == ExportOutcome.COMPLETED) {
        finish(current, RunExport.Status.COMPLETED, result);
        return current.dataAsOf();
      }
      boolean restartable = result.outcome() != ExportOutcome.TIMED_OUT;
      if (!restartable || attempts >= settings.exportAttempts()) {
        finish(current, RunExport.Status.FAILED, result);
        throw new SyncFailure(
            new RunFailure(
                ErrorCode.of(result.outcome()).name(),
                result.outcome() == ExportOutcome.EXPIRED ? Integer.valueOf(404) : null,
                "the "
                    + planned.phase()
                    + " export did not complete after "
                    + attempts
                    + (attempts == 1 ? " attempt: " : " attempts: ")
                    + result.message(),
                RunFailures.remedyFor(
                    result.outcome(),
                    result.lastStatus() == null ? null : result.lastStatus().reason())),
            null);
      }
      log.warn(
          "{} export {} ended {} ({}); starting a new export",
          planned.phase(),
          current.exportUuid(),
          result.outcome(),
          result.message());
      finish(current, RunExport.Status.REPLACED, result);
      progress.exportRestarted(planned.phase(), result.outcome().name(), result.message());
      current = null;
    }
  }

  private void finish(RunExport export, RunExport.Status status, ExportResult result) {
    store.finishExport(
        export.id(), status, result.outcome().name(), result.message(), clock.instant());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ExportResult start(
      long runId,
      PlannedExport planned,
      int attempt,
      AtomicReference<RunExport> started,
      StoreWriter writer) {
    ExportListener listener =
        new PhaseListener(planned) {
          @Override
          public void started(ExportApi.StartedExport export) {
            // Saved before any chunk is read, so a crash from here on resumes this export.
            started.set(
                store.addExport(
                    runId,
                    planned.phase(),
                    export.kind().name(),
                    export.uuid(),
                    requestJson(planned),
                    attempt,
                    export.requestedAt(),
                    export.dataAsOf()));
            progress.exportStarted(planned.phase(), export.uuid(), export.adopted());
          }
        };
    return client.export(
        (dev.tenableconnector.client.export.ExportRequest) planned.request(),
        handler(runId, planned, writer),
        listener);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ExportResult follow(
      long runId, PlannedExport planned, RunExport export, StoreWriter writer) {
    progress.exportStarted(planned.phase(), export.exportUuid(), true);
    ExportListener listener = new PhaseListener(planned);
    return client.resume(
        (ExportKind) ExportKind.named(export.kind()),
        export.exportUuid(),
        store.chunksDone(export.exportUuid()),
        handler(runId, planned, writer),
        listener);
  }

  /** Shows a phase's export status as it goes, and stops it once the run is cancelled. */
  private class PhaseListener implements ExportListener {
    private final PlannedExport planned;

    PhaseListener(PlannedExport planned) {
      this.planned = planned;
    }

    @Override
    public void status(ExportStatus status) {
      progress.exportStatus(planned.phase(), status);
    }

    @Override
    public boolean stopRequested() {
      return cancelledBy.get() != null;
    }
  }

  private String requestJson(PlannedExport planned) {
    try {
      return mapper.writeValueAsString(planned.request().body());
    } catch (Exception e) {
      return planned.request().toString();
    }
  }

  private <T> ChunkHandler<T> handler(long runId, PlannedExport planned, StoreWriter writer) {
    Entity entity = planned.entity();
    AssetContextCache assets =
        entity == Entity.FINDING && enrich
            ? new AssetContextCache(store, mapper, ASSET_CACHE)
            : null;
    boolean cveOnly = entity == Entity.FINDING && settings.preset() == Preset.EXPOSURE_MANAGEMENT;
    return chunk -> {
      stopIfCancelled(); // a chunk not begun is left for the next run
      StoreWriter.Sink sink = writer.open(runId, chunk.exportUuid(), chunk.id(), entity);
      ChunkConsumer<T> consumer =
          new ChunkConsumer<>(
              entity,
              chunk.exportUuid(),
              chunk.id(),
              sink,
              transformers.get(),
              assets,
              cveOnly,
              settings.batchSize(),
              shared,
              mapper);
      try {
        ChunkStats stats = chunk.read(consumer);
        consumer.flush();
        consumer.counts.bytes = stats.bytes();
        ChunkCounts counts = sink.commit(consumer.counts);
        progress.chunkStored(planned.phase(), entity, counts);
      } catch (Exception e) {
        sink.rollback();
        throw e;
      }
    };
  }

  /**
   * Brings the findings' derived facts (SLA, feeds, priority) up to date with what the run wrote.
   * The run is complete either way: a failure here leaves them for the next command that reads
   * them, which refreshes them first.
   */
  private void refreshInsights() {
    try {
      InsightRefresh.Result r = InsightRefresh.refresh(store);
      log.debug("refreshed the insights of {} findings (full: {})", r.findings(), r.full());
    } catch (RuntimeException e) {
      log.warn("the findings' SLA and priority were not refreshed: {}", e.toString());
    }
  }
}

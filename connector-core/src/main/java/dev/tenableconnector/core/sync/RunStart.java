package dev.tenableconnector.core.sync;

import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.core.store.RunLog;
import dev.tenableconnector.core.store.RunMode;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.RunStatus;
import dev.tenableconnector.core.transform.TransformMap;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the run a sync does: the interrupted one, resumed when its plan and map are unchanged, or a
 * new one, full or delta from the watermark (after abandoning an interrupted run that cannot be
 * resumed).
 */
final class RunStart {
  private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);

  private final TenableClient client;
  private final RunLog runLog;
  private final TransformMap map;
  private final SyncSettings settings;
  private final SyncProgress progress;
  private final Clock clock;

  RunStart(
      TenableClient client,
      RunLog runLog,
      TransformMap map,
      SyncSettings settings,
      SyncProgress progress,
      Clock clock) {
    this.client = client;
    this.runLog = runLog;
    this.map = map;
    this.settings = settings;
    this.progress = progress;
    this.clock = clock;
  }

  /** The id of the run to do. */
  long prepare() {
    Optional<RunRecord> interrupted = runLog.unfinishedRun(settings.connector());
    if (interrupted.isPresent()) {
      RunRecord run = interrupted.get();
      // Same exports and the same map, or the stored records would mix two maps.
      boolean samePlan =
          RunPlan.parse(run.settings()).equals(Optional.of(settings.plan()))
              && map.name().equals(run.mapName());
      boolean fullWanted = settings.full() && run.mode() != RunMode.FULL;
      if (samePlan && !fullWanted) {
        log.info("resuming interrupted run {} of connector {}", run.runId(), settings.connector());
        runLog.markResumed(run.runId());
        progress.runStarted(run.runId(), run.mode(), true);
        return run.runId();
      }
      abandon(
          run,
          samePlan
              ? "a full import was asked for instead"
              : "the connector's settings or transform map changed");
    }
    Instant watermark =
        settings.full() || settingsChanged()
            ? null
            : runLog.watermark(settings.connector()).orElse(null);
    RunMode mode = watermark == null ? RunMode.FULL : RunMode.DELTA;
    long runId =
        runLog.startRun(
            settings.connector(),
            mode,
            settings.scope().cliName(),
            settings.preset().cliName(),
            settings.plan().toJson(),
            map.name(),
            watermark,
            clock.instant());
    progress.runStarted(runId, mode, false);
    return runId;
  }

  /**
   * Whether the scope, preset or filters differ from the last completed sync's: a delta from that
   * sync's watermark would then miss everything the old settings left out, so the run is full.
   * Export sizes may change between runs; a plan stored by an earlier release reads as today's.
   */
  private boolean settingsChanged() {
    for (RunRecord run : runLog.runs(settings.connector(), 50)) {
      if (run.status() == RunStatus.COMPLETED && run.mode() != RunMode.REMAP) {
        boolean changed =
            !RunPlan.parse(run.settings()).map(settings.plan()::sameRecordsAs).orElse(false);
        if (changed) {
          log.info(
              "connector {}: scope, preset or filters changed since run {}; running a full import",
              settings.connector(),
              run.runId());
        }
        return changed;
      }
    }
    return false;
  }

  private void abandon(RunRecord run, String why) {
    log.info("abandoning interrupted run {}: {}", run.runId(), why);
    new ExportCleanup(client, runLog, clock).cancelRunning(run, "ABANDONED", why);
    runLog.abandonRun(run.runId(), clock.instant(), "abandoned: " + why);
  }
}

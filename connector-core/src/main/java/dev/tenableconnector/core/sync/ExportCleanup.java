package dev.tenableconnector.core.sync;

import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.export.ExportKind;
import dev.tenableconnector.core.store.RunExport;
import dev.tenableconnector.core.store.RunLog;
import dev.tenableconnector.core.store.RunRecord;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the exports a run leaves running: cancelled on Tenable (best effort, so that they do not run
 * for nothing) and closed in the run log as failed.
 */
final class ExportCleanup {
  private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);

  private final TenableClient client;
  private final RunLog runLog;
  private final Clock clock;

  ExportCleanup(TenableClient client, RunLog runLog, Clock clock) {
    this.client = client;
    this.runLog = runLog;
    this.clock = clock;
  }

  /**
   * Cancels each export of {@code run} still running, recording {@code outcome} and {@code why}.
   */
  void cancelRunning(RunRecord run, String outcome, String why) {
    for (RunExport export : run.exports()) {
      if (export.status() == RunExport.Status.RUNNING) {
        try {
          client.cancelExport(ExportKind.named(export.kind()), export.exportUuid());
        } catch (RuntimeException e) {
          log.debug(
              "cancelling export {} of run {} failed: {}",
              export.exportUuid(),
              run.runId(),
              e.toString());
        }
        runLog.finishExport(export.id(), RunExport.Status.FAILED, outcome, why, clock.instant());
      }
    }
  }
}

package dev.tenableconnector.core.sync;

import dev.tenableconnector.core.store.RunFailure;
import dev.tenableconnector.core.store.RunRecord;

/** How a run ended: its history record, and the failure when it did not complete. */
public record SyncReport(RunRecord run, RunFailure failure) {
  public boolean completed() {
    return failure == null;
  }
}

package dev.tenableconnector.core.store;

/** Where a sync run is: running, or ended one of three ways. Stored by name. */
public enum RunStatus {
  RUNNING,
  /** Every export stored; the watermark moved with this state. */
  COMPLETED,
  /** Stopped by an error; the watermark stayed. */
  FAILED,
  /** Interrupted and not resumed (its plan or map changed, or a full import was asked for). */
  ABANDONED;

  /** The state a run log row holds, refusing text no release wrote. */
  static RunStatus stored(String text) {
    return StoredName.parse(RunStatus.class, text, "run status");
  }
}

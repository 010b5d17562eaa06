package dev.tenableconnector.core.store;

/** What a run does: import everything, fetch what changed since the watermark, or re-map. */
public enum RunMode {
  FULL,
  DELTA,
  /** Re-applies a transform map to the stored raw records; talks to no Tenable. */
  REMAP;

  static RunMode stored(String text) {
    return StoredName.parse(RunMode.class, text, "run mode");
  }
}

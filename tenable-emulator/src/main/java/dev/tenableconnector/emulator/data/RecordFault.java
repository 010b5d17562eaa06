package dev.tenableconnector.emulator.data;

/** A broken record the emulator can serve in place of a good one, as real exports sometimes do. */
public enum RecordFault {
  NONE,
  /**
   * A required key is missing: an asset without {@code id}, a finding without {@code asset.uuid}.
   */
  MISSING_KEYS,
  /** A value of the wrong type: a timestamp that is not one, a number that is a word. */
  BAD_VALUE,
  /** An array element that is not an object at all. */
  NOT_AN_OBJECT
}

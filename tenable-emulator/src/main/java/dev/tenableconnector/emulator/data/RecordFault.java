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
  NOT_AN_OBJECT,
  /** A finding whose plugin output is enormous (the fault's {@code mb}, 50 by default). */
  HUGE_OUTPUT,
  /** A finding whose plugin lists a vast number of CVEs (the fault's {@code count}, 100,000). */
  MANY_CVES
}

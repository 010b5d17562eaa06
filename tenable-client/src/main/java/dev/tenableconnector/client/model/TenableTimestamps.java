package dev.tenableconnector.client.model;

import java.time.Instant;

/** Tenable's timestamps read the lenient way the record model reads them, for other modules. */
public final class TenableTimestamps {
  private TenableTimestamps() {}

  /** ISO-8601 with or without fraction and offset, or epoch digits; null when it is neither. */
  public static Instant parse(String text) {
    String t = text.strip();
    return t.isEmpty() ? null : LenientJson.parseInstant(t);
  }

  /** Epoch seconds, or milliseconds when the number is too large to be seconds. */
  public static Instant fromEpoch(long value) {
    return LenientJson.epoch(value);
  }
}

package dev.tenableconnector.core.export;

import java.util.Locale;

/** How the inventory is written out. */
public enum ExportFormat {
  /** One JSON object per line with every target field: lists as arrays, empty values null or []. */
  JSONL,
  /** A header row of target field names; lists joined with "; ", interfaces as JSON. */
  CSV,
  /** Findings as OCSF 1.3.0 Vulnerability Finding events (class 2002), one JSON object per line. */
  OCSF;

  public static ExportFormat parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown format '" + text + "' (expected jsonl, csv or ocsf)");
    }
  }
}

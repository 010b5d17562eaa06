package dev.tenableconnector.client.export;

import java.util.Locale;

/** Tenable severities, sent in lower case; {@link #id()} is Tenable's {@code severity_id}. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  public int id() {
    return ordinal();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

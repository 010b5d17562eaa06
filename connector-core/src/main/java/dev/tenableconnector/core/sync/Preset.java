package dev.tenableconnector.core.sync;

import java.util.Locale;

/**
 * A preset scope: {@code all} (everything the keys can export) or {@code exposure-management}
 * (assets updated in the last 90 days and findings that carry a CVE, as Microsoft Security Exposure
 * Management imports them).
 */
public enum Preset {
  ALL("all"),
  EXPOSURE_MANAGEMENT("exposure-management");

  private final String cliName;

  Preset(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static Preset parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Preset p : values()) {
      if (p.cliName.equals(t)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown preset '" + text + "' (expected all or exposure-management)");
  }

  @Override
  public String toString() {
    return cliName;
  }
}

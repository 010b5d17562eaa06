package dev.tenableconnector.core.sync;

import java.util.Locale;

/** What a connector syncs: assets and their findings (default), or assets only. */
public enum Scope {
  ASSETS_AND_FINDINGS("assets-and-findings"),
  ASSETS("assets");

  private final String cliName;

  Scope(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static Scope parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Scope s : values()) {
      if (s.cliName.equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown scope '" + text + "' (expected assets-and-findings or assets)");
  }

  @Override
  public String toString() {
    return cliName;
  }
}

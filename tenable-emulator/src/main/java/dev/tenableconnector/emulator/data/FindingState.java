package dev.tenableconnector.emulator.data;

import java.time.Instant;

/** Where one finding (a plugin on a port of an asset) stands at a step. */
public record FindingState(
    int slot,
    PluginCatalog.Plugin plugin,
    String state,
    Instant firstFound,
    Instant lastFound,
    Instant lastFixed,
    Instant indexed,
    int severityId,
    int severityDefaultId,
    String modificationType) {

  private static final String[] SEVERITIES = {"info", "low", "medium", "high", "critical"};

  public boolean active() {
    return !"FIXED".equals(state);
  }

  /** Seconds from first found to fixed, for FIXED findings; null for the others. */
  public Long timeTakenToFix() {
    return active() || lastFixed == null ? null
        : Math.max(0, java.time.Duration.between(firstFound, lastFixed).toSeconds());
  }

  public String severity() {
    return SEVERITIES[severityId];
  }
}

package dev.tenableconnector.emulator.data;

import java.time.Instant;

/** Where one finding (a plugin on a port of an asset) stands at a step. */
public record FindingState(
    int slot,
    Plugin plugin,
    String state,
    Instant firstFound,
    Instant lastFound,
    Instant lastFixed,
    Instant resurfaced,
    Instant indexed,
    int severityId,
    int severityDefaultId,
    String modificationType) {

  private static final String[] SEVERITIES = {"info", "low", "medium", "high", "critical"};

  public boolean active() {
    return !"FIXED".equals(state);
  }

  /**
   * Seconds from the start of the finding's last episode (first found, or resurfaced) to its fix,
   * for FIXED findings; null for the others.
   */
  public Long timeTakenToFix() {
    if (active() || lastFixed == null) {
      return null;
    }
    Instant from = resurfaced != null && resurfaced.isBefore(lastFixed) ? resurfaced : firstFound;
    return Math.max(0, java.time.Duration.between(from, lastFixed).toSeconds());
  }

  public String severity() {
    return SEVERITIES[severityId];
  }
}

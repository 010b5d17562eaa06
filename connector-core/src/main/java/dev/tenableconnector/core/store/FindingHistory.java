package dev.tenableconnector.core.store;

import java.time.Instant;
import java.util.List;

/**
 * A finding's recorded history: the changes of state the syncs observed and its episodes, both
 * oldest first (see {@link dev.tenableconnector.core.history.HistoryRules}).
 */
public record FindingHistory(
    String findingId, List<Transition> transitions, List<Episode> episodes) {

  /**
   * One change of state: {@code from} is null when the finding was first seen; {@code to} is a
   * Tenable state, or {@code ASSET_DELETED} / {@code ASSET_TERMINATED}; {@code flag} is {@code
   * MERGED} when Tenable merged several changes between two syncs, {@code BASELINE} when history
   * began with an upgrade, else null.
   */
  public record Transition(
      Instant at,
      String from,
      String to,
      long runId,
      Long severity,
      String modification,
      String flag) {}

  /**
   * One episode, from being found to being fixed; {@code closed} is null while it is open. {@code
   * closeReason} is {@code FIXED}, {@code ASSET_DELETED}, {@code ASSET_TERMINATED} or {@code
   * UNKNOWN} (reopened before a sync saw the fix: {@code closed} is then the reopening, an upper
   * bound).
   */
  public record Episode(
      int number, Instant opened, Instant closed, String closeReason, Long severity) {}
}

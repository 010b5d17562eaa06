package dev.tenableconnector.core.decision;

import java.time.Instant;

/**
 * What the inventory derives for a finding beyond Tenable's record: its SLA window (start, the
 * moment it counts as approaching, due; null when the policy sets none for its severity), when its
 * current episode closed (null while open), the KEV and EPSS facts of its CVEs, and its SSVC
 * priority with the reason.
 */
public record FindingInsight(
    Instant slaStart,
    Instant slaWarn,
    Instant slaDue,
    Instant closed,
    boolean inKev,
    String kevDateAdded,
    String kevDueDate,
    Double epss,
    Double epssPercentile,
    Ssvc.Decision priority,
    String priorityReason) {

  /** The SLA status at {@code now}; null when no SLA applies. */
  public SlaStatus slaStatus(Instant now) {
    return SlaStatus.of(slaWarn, slaDue, closed, now);
  }
}

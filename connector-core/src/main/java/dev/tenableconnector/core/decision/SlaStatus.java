package dev.tenableconnector.core.decision;

import java.time.Instant;

/** Where a finding stands against its SLA window. */
public enum SlaStatus {
  /** Open, less than the policy's share of the window used. */
  WITHIN,
  /** Open, at least the policy's share (80 % by default) of the window used. */
  APPROACHING,
  /** Open past its due date. */
  BREACHED,
  /** Closed (fixed, or its asset removed) by its due date. */
  CLOSED_IN_SLA,
  /** Closed after its due date. */
  CLOSED_LATE;

  /** The status of a window ({@code warn}, {@code due}) at {@code now}; null without a window. */
  public static SlaStatus of(Instant warn, Instant due, Instant closed, Instant now) {
    if (due == null) {
      return null;
    }
    if (closed != null) {
      return closed.isAfter(due) ? CLOSED_LATE : CLOSED_IN_SLA;
    }
    if (!now.isBefore(due)) {
      return BREACHED;
    }
    return !now.isBefore(warn) ? APPROACHING : WITHIN;
  }
}

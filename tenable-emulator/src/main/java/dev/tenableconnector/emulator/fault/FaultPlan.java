package dev.tenableconnector.emulator.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The faults in force, each with how often it has matched and fired. Thread-safe; rules can be
 * added or cleared while the emulator runs.
 */
public final class FaultPlan {
  private final List<Armed> rules = new ArrayList<>();

  public synchronized void add(FaultRule rule) {
    rules.add(new Armed(rule));
  }

  public synchronized void clear() {
    rules.clear();
  }

  public synchronized List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Armed a : rules) {
      out.add(a.rule + " (matched " + a.seen + ", fired " + a.fired + ")");
    }
    return out;
  }

  /**
   * The first rule for this target (or {@code any}) and export type that is due to fire; counts the
   * request against every matching rule's {@code after}.
   */
  public synchronized Optional<FaultRule> fire(FaultRule.Target target, String exportType) {
    FaultRule chosen = null;
    for (Armed a : rules) {
      FaultRule r = a.rule;
      boolean targetMatches =
          r.target() == target
              || r.target() == FaultRule.Target.ANY
                  && target != FaultRule.Target.JOB
                  && target != FaultRule.Target.RECORDS
                  && target != FaultRule.Target.DUPLICATE;
      if (!targetMatches || r.exportType() != null && !r.exportType().equals(exportType)) {
        continue;
      }
      a.seen++;
      if (chosen == null && a.seen > r.after() && (r.times() == 0 || a.fired < r.times())) {
        a.fired++;
        chosen = r;
      }
    }
    return Optional.ofNullable(chosen);
  }

  /** The record faults for an export type, which apply by position and do not wear out. */
  public synchronized List<FaultRule> recordFaults(String exportType) {
    List<FaultRule> out = new ArrayList<>();
    for (Armed a : rules) {
      FaultRule r = a.rule;
      if (r.target() == FaultRule.Target.RECORDS
          && (r.exportType() == null || r.exportType().equals(exportType))) {
        out.add(r);
      }
    }
    return out;
  }

  private static final class Armed {
    final FaultRule rule;
    int seen;
    int fired;

    Armed(FaultRule rule) {
      this.rule = rule;
    }
  }
}

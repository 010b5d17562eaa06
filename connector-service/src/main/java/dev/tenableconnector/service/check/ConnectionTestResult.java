package dev.tenableconnector.service.check;

import dev.tenableconnector.client.model.TenableSession;
import java.util.List;

/** The five checks in order, and the Tenable user behind the keys when authentication passed. */
public record ConnectionTestResult(List<CheckResult> checks, TenableSession session) {
  public boolean passed() {
    return checks.stream().allMatch(CheckResult::passed);
  }

  /** The first failed check, if any. */
  public CheckResult firstFailure() {
    return checks.stream().filter(c -> c.status() == CheckStatus.FAILED).findFirst().orElse(null);
  }
}

package dev.tenableconnector.service.check;

/** One Test Connection check: what was found, what to do about a failure, how long it took. */
public record CheckResult(
    String name, CheckStatus status, String message, String remedy, long durationMs) {
  public boolean passed() {
    return status == CheckStatus.PASSED;
  }
}

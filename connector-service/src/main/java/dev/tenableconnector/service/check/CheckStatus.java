package dev.tenableconnector.service.check;

/** The result of one Test Connection check; SKIPPED when an earlier check failed. */
public enum CheckStatus {
  PASSED,
  FAILED,
  SKIPPED
}

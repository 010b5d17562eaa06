package dev.tenableconnector.app;

/** The command line's exit codes, documented in the README. */
final class ExitCodes {
  static final int OK = 0;
  /** The run started but did not complete (export failed, store error, Tenable unavailable). */
  static final int FAILED = 1;
  /** Bad options, missing keys, an unreadable map or config file, a missing inventory. */
  static final int USAGE = 2;
  /** Tenable refused the keys (401) or the permission (403). */
  static final int ACCESS_DENIED = 3;
  /** Another run of the same connector is in progress. */
  static final int LOCKED = 4;

  private ExitCodes() {}
}

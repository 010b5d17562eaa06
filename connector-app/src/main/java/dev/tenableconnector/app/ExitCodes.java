package dev.tenableconnector.app;

import dev.tenableconnector.core.errors.ErrorCode;

/** The command line's exit codes, documented in the README: each is its {@link ErrorCode}'s. */
final class ExitCodes {
  static final int OK = 0;

  /** The run started but did not complete (export failed, store error, Tenable unavailable). */
  static final int FAILED = ErrorCode.INTERNAL.exitCode();

  /** Bad options, missing keys, an unreadable map or config file, a missing inventory. */
  static final int USAGE = ErrorCode.INVALID_INPUT.exitCode();

  /** Tenable refused the keys (401) or the permission (403). */
  static final int ACCESS_DENIED = ErrorCode.AUTHENTICATION.exitCode();

  /** Another run of the same connector is in progress. */
  static final int LOCKED = ErrorCode.LOCKED.exitCode();

  private ExitCodes() {}
}

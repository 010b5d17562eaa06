package dev.tenableconnector.client.http;

import dev.tenableconnector.client.TenableError;

/**
 * The one table that maps a Tenable HTTP status to what the client does about it. Every row has a
 * test in {@code ResponseOutcomeTableTest} and, end to end, in the transport tests.
 */
public enum ResponseOutcome {
  /** 2xx: use the body. */
  OK,
  /** 429 (and the legacy 420): wait as {@code Retry-After} says, else back off, then retry. */
  RATE_LIMITED,
  /** 500, 502, 503, 504: retry with jittered exponential backoff (idempotent calls only). */
  RETRY,
  /** 401: fail at once; the keys are wrong, revoked or regenerated. */
  AUTHENTICATION,
  /** 403: fail at once; the user's role lacks a permission. */
  PERMISSION,
  /** 404: on our own export or chunk this means expired; the caller starts again. */
  NOT_FOUND,
  /** 409: a duplicate export; the caller adopts {@code active_job_id}. */
  CONFLICT,
  /** 400: the request is invalid; fail at once. */
  BAD_REQUEST,
  /** Anything else (e.g. 405, 406, 413, 415, 501): fail at once. */
  FAIL;

  public static ResponseOutcome of(int status) {
    if (status >= 200 && status < 300) {
      return OK;
    }
    return switch (status) {
      case 420, 429 -> RATE_LIMITED;
      case 500, 502, 503, 504 -> RETRY;
      case 401 -> AUTHENTICATION;
      case 403 -> PERMISSION;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 400 -> BAD_REQUEST;
      default -> FAIL;
    };
  }

  /** The error a caller reports for a final response with this outcome that it cannot use. */
  public TenableError error() {
    return switch (this) {
      case NOT_FOUND -> TenableError.NOT_FOUND;
      case BAD_REQUEST -> TenableError.BAD_REQUEST;
      case CONFLICT -> TenableError.CONFLICT;
      case AUTHENTICATION -> TenableError.AUTHENTICATION;
      case PERMISSION -> TenableError.PERMISSION;
      case RATE_LIMITED -> TenableError.RATE_LIMITED;
      case RETRY -> TenableError.SERVER_ERROR;
      case OK, FAIL -> TenableError.UNEXPECTED_RESPONSE;
    };
  }
}

package dev.tenableconnector.core.errors;

import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.export.ExportOutcome;
import dev.tenableconnector.client.model.Role;
import java.util.Locale;

/**
 * Every cause a run or a request can fail with, declared once: the plain-language cause, what to
 * do, whether trying again later may help, the command line's exit code and the HTTP status the API
 * answers with. Runs record the code's name; the troubleshooting tables, the CLI's exit codes and
 * the API's error bodies come from here. Tenable client errors and export outcomes map in.
 */
public enum ErrorCode {
  AUTHENTICATION(
      "Authentication failure (401): Tenable did not accept the API keys. They may be wrong, or were"
          + " regenerated in Tenable, which revokes the previous pair.",
      "Enter the current access and secret keys (both); the Tenable user needs at least the "
          + Role.BASIC.named()
          + " role.",
      false,
      3,
      422),
  PERMISSION(
      "Access forbidden (403): the keys are valid but the Tenable user lacks a permission the export"
          + " APIs need.",
      "Give the API user at least the "
          + Role.BASIC.named()
          + " role ("
          + Role.ADMINISTRATOR.named()
          + " on FedRAMP/GovCloud) and Can View on the assets, or use keys of a user that has them.",
      false,
      3,
      422),
  CONFLICT(
      "Conflict (409): Tenable reports an export in the way, or a possible permission or temporary"
          + " connection problem.",
      "Verify the connector's URL and keys; make sure only one connector uses this Tenable account. If"
          + " they are right and it does not clear on its own, contact Tenable support.",
      true,
      1,
      502),
  RATE_LIMITED(
      "Too many requests (429): Tenable kept rate limiting this account past the retry deadline, or"
          + " too many exports run at once on it.",
      "Use a dedicated Tenable user for this connector, so other integrations do not share its limits;"
          + " run again later.",
      true,
      1,
      502),
  NETWORK(
      "Tenable could not be reached: DNS, the TCP connection or the TLS handshake failed.",
      "Run Test Connection to see which step fails; check the URL's host and port (the cloud is"
          + " https://cloud.tenable.com, port 443), DNS, proxy, firewall allow-lists and TLS inspection.",
      true,
      1,
      502),
  SERVER_ERROR(
      "Tenable kept answering with server errors (5xx).",
      "Tenable may be degraded: check status.tenable.com and run again later.",
      true,
      1,
      502),
  BAD_REQUEST(
      "Tenable refused a request as invalid (400).",
      "Check the export filters and chunk sizes against Tenable's limits.",
      false,
      1,
      502),
  NOT_FOUND(
      "Tenable does not know the resource (404): an export or chunk older than its retention is gone.",
      "Run again: a new export is started.",
      true,
      1,
      502),
  UNEXPECTED_RESPONSE(
      "Tenable answered with something this connector does not understand.",
      "Report it with the x-request-uuid from the log.",
      false,
      1,
      502),
  EXPORT_EXPIRED(
      "Data export expiration: Tenable removed the export before the run read every chunk.",
      "Tenable keeps exports about 24 hours: make sure runs are not paused for long and the schedule"
          + " leaves time for large exports, then run again.",
      true,
      1,
      502),
  EXPORT_ERROR(
      "Tenable failed to build the export.",
      "Usually temporary. Run again later; if it repeats, open a Tenable support case with the export id.",
      true,
      1,
      502),
  EXPORT_CHUNKS_FAILED(
      "Tenable failed to build some chunks of the export.",
      "Usually temporary. Run again later; if it repeats, open a Tenable support case with the export id.",
      true,
      1,
      502),
  EXPORT_BROKEN_CHUNK(
      "Chunk downloads kept arriving cut off or malformed.",
      "Check proxies or network devices that may truncate large responses, then run again.",
      true,
      1,
      502),
  EXPORT_CANCELLED(
      "Someone or something cancelled the export in Tenable.",
      "Make sure no other integration cancels exports of this account, then run again.",
      true,
      1,
      502),
  EXPORT_TIMED_OUT(
      "Tenable kept the export queued or processing too long; other exports of the account may hold the queue.",
      "Only one connector per Tenable account; run again later.",
      true,
      1,
      504),
  STORE(
      "The inventory database could not be read or written.",
      "Check the database is reachable and writable and the disk has space, then run again.",
      true,
      1,
      503),
  KEYS(
      "The connector's stored keys cannot be used: they cannot be decrypted with this service's master"
          + " key, or are not the shape Tenable gives.",
      "Start the service with the master key it was first started with, or enter both keys again.",
      false,
      2,
      422),
  CANCELLED(
      "The run was cancelled (Cancel in the API or the web UI, or the connector deleted) before it ended.",
      "Run now when you want the data; the next run imports what this one did not.",
      false,
      1,
      409),
  LOCKED(
      "Another run of this connector, or of another connector on the same Tenable account, is under way.",
      "Wait for that run to end; one sync per connector and per Tenable account at a time.",
      true,
      4,
      409),
  INVALID_INPUT(
      "The options, settings or request were not valid.",
      "Correct each problem named and try again.",
      false,
      2,
      400),
  INTERNAL(
      "The connector failed in a way it does not expect: a bug.",
      "Report it with the log (tenable-connector never logs keys).",
      false,
      1,
      500);

  private final String cause;
  private final String remedy;
  private final boolean retriable;
  private final int exitCode;
  private final int httpStatus;

  ErrorCode(String cause, String remedy, boolean retriable, int exitCode, int httpStatus) {
    this.cause = cause;
    this.remedy = remedy;
    this.retriable = retriable;
    this.exitCode = exitCode;
    this.httpStatus = httpStatus;
  }

  /** What went wrong, in plain language (the troubleshooting tables' "cause"). */
  public String cause() {
    return cause;
  }

  /** What to do about it. */
  public String remedy() {
    return remedy;
  }

  /** Whether the same run, tried again later, may succeed without anyone changing anything. */
  public boolean retriable() {
    return retriable;
  }

  /**
   * The command line's exit code: 1 failed, 2 bad input or setup, 3 access refused, 4 already
   * running.
   */
  public int exitCode() {
    return exitCode;
  }

  /** The status the API answers with when this is the answer to a request. */
  public int httpStatus() {
    return httpStatus;
  }

  public static ErrorCode of(TenableError error) {
    return switch (error) {
      case AUTHENTICATION -> AUTHENTICATION;
      case PERMISSION -> PERMISSION;
      case NOT_FOUND -> NOT_FOUND;
      case BAD_REQUEST -> BAD_REQUEST;
      case CONFLICT -> CONFLICT;
      case RATE_LIMITED -> RATE_LIMITED;
      case SERVER_ERROR -> SERVER_ERROR;
      case NETWORK -> NETWORK;
      case UNEXPECTED_RESPONSE -> UNEXPECTED_RESPONSE;
    };
  }

  /** The code a run fails with when an export ends so; null for COMPLETED, which is no failure. */
  public static ErrorCode of(ExportOutcome outcome) {
    return switch (outcome) {
      case COMPLETED -> null;
      case CANCELLED -> EXPORT_CANCELLED;
      case ERROR -> EXPORT_ERROR;
      case CHUNKS_FAILED -> EXPORT_CHUNKS_FAILED;
      case EXPIRED -> EXPORT_EXPIRED;
      case BROKEN_CHUNK -> EXPORT_BROKEN_CHUNK;
      case TIMED_OUT -> EXPORT_TIMED_OUT;
    };
  }

  /** The code a run recorded; an unknown or missing one (a newer version's) reads as INTERNAL. */
  public static ErrorCode parse(String name) {
    if (name == null) {
      return INTERNAL;
    }
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return INTERNAL;
    }
  }
}

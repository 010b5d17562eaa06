package dev.tenableconnector.client;

import java.util.Optional;

/**
 * A failure of a Tenable API call that retrying did not or could not cure. It carries the kind of
 * failure, the HTTP status (0 when none was received), Tenable's {@code x-request-uuid} for support
 * cases, and never any key material.
 */
public class TenableApiException extends RuntimeException {
  private final TenableError error;
  private final int httpStatus;
  private final String requestUuid;

  public TenableApiException(
      TenableError error, int httpStatus, String requestUuid, String message, Throwable cause) {
    super(message, cause);
    this.error = error;
    this.httpStatus = httpStatus;
    this.requestUuid = requestUuid;
  }

  public TenableApiException(
      TenableError error, int httpStatus, String requestUuid, String message) {
    this(error, httpStatus, requestUuid, message, null);
  }

  public TenableError error() {
    return error;
  }

  /** The HTTP status of the last response, or 0 when no response was received. */
  public int httpStatus() {
    return httpStatus;
  }

  public Optional<String> requestUuid() {
    return Optional.ofNullable(requestUuid);
  }

  public String remedy() {
    return error.remedy();
  }
}

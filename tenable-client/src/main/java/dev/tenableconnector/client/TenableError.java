package dev.tenableconnector.client;

import dev.tenableconnector.client.model.Role;

/**
 * The kinds of failure the Tenable API can cause, each with the remedy a user can act on. This is
 * the client's half of the project's one error taxonomy: callers map each kind to an exit code or
 * an HTTP status of their own.
 */
public enum TenableError {
  AUTHENTICATION(
      "Tenable rejected the API keys (HTTP 401)",
      "Check the access and secret keys; they may be wrong, revoked or regenerated (generating new"
          + " keys in Tenable replaces the old pair)."),
  PERMISSION(
      "The Tenable user lacks a permission for this call (HTTP 403)",
      "Give the API user at least the "
          + Role.BASIC.named()
          + " role and Can View on the assets to"
          + " export; on FedRAMP/GovCloud the "
          + Role.ADMINISTRATOR.named()
          + " role is required."),
  NOT_FOUND(
      "Tenable does not know this resource (HTTP 404)",
      "An export or chunk older than its retention (24 hours) is gone: start a new export."),
  BAD_REQUEST(
      "Tenable refused the request as invalid (HTTP 400)",
      "Check the export filters and chunk sizes against the Tenable API limits."),
  CONFLICT(
      "Tenable reports a conflicting export (HTTP 409)",
      "Another export with the same filters is running; wait for it or reuse it."),
  RATE_LIMITED(
      "Tenable kept rate limiting the requests (HTTP 429) past the retry deadline",
      "Another integration may be using the same account; use a dedicated Tenable user per"
          + " integration, or run again later."),
  SERVER_ERROR(
      "Tenable kept answering with a server error (HTTP 5xx) past the retry deadline",
      "Tenable may be degraded; check status.tenable.com and run again later."),
  NETWORK(
      "Tenable could not be reached",
      "Check the Tenable URL's host and port (the cloud is https://cloud.tenable.com, port 443),"
          + " then DNS, proxy and firewall rules for it."),
  UNEXPECTED_RESPONSE(
      "Tenable answered with something this client does not understand",
      "Report it with the x-request-uuid from the log.");

  private final String description;
  private final String remedy;

  TenableError(String description, String remedy) {
    this.description = description;
    this.remedy = remedy;
  }

  public String description() {
    return description;
  }

  public String remedy() {
    return remedy;
  }
}

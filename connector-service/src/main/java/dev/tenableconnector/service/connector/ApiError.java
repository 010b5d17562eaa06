package dev.tenableconnector.service.connector;

/**
 * Every error code the HTTP API answers with, declared once with its status and meaning; the
 * OpenAPI description's {@code Error.code} lists exactly these (a test pins it). A failed sync run
 * records an {@link dev.tenableconnector.core.errors.ErrorCode} instead, in the connector's {@code
 * lastError}.
 */
public enum ApiError {
  VALIDATION_FAILED(400, "the request has problems; details names each one"),
  /**
   * Answered as {@code HTTP_<status>}: the status the web server gave (400, 414, 431, 505, ...).
   */
  REFUSED(400, "the web server refused the request before it reached the API"),
  METHOD_OVERRIDE(400, "a method-override header, which the API does not accept"),
  UNAUTHORIZED(401, "no token or a wrong one: send the admin token as Bearer, or sign in again"),
  CSRF_FAILED(403, "a web UI request without the page's CSRF token"),
  FORBIDDEN(403, "the user's role does not allow this request (admin, operator, viewer)"),
  NOT_FOUND(404, "no such resource"),
  METHOD_NOT_ALLOWED(405, "the route does not take this method"),
  NAME_TAKEN(409, "another connector has this name"),
  DUPLICATE_ACCOUNT(409, "another connector syncs this Tenable account"),
  CONNECTOR_LIMIT(409, "the service has as many connectors as it allows"),
  CONNECTOR_BUSY(409, "the connector's run did not stop in time for the change"),
  RUN_IN_PROGRESS(409, "the connector has a run queued or under way"),
  NOT_RUNNING(409, "the connector has no run to cancel"),
  PAYLOAD_TOO_LARGE(413, "the request body is over the limit"),
  MISDIRECTED_REQUEST(421, "the Host is not one this service answers to (serve --allowed-host)"),
  TEST_CONNECTION_FAILED(422, "Test Connection failed; checks says which check and why"),
  QUERY_TIMEOUT(422, "the query ran past serve --query-timeout and was stopped"),
  TOO_MANY_WRONG_TOKENS(429, "too many wrong tokens from this address; wait as Retry-After says"),
  INTERNAL(500, "the service failed on this request (for example its database); see its log"),
  TENABLE_FAILED(
      502, "Tenable did not answer as the request needed; details name the cause and remedy"),
  INVENTORY_BUSY(503, "every query connection stayed busy; retry as Retry-After says"),
  STOPPING(503, "the service is stopping");

  private final int status;
  private final String meaning;

  ApiError(int status, String meaning) {
    this.status = status;
    this.meaning = meaning;
  }

  /** The HTTP status it is answered with. */
  public int status() {
    return status;
  }

  /** The code in the error body, given the status it is answered with. */
  public String code(int answeredStatus) {
    return this == REFUSED ? "HTTP_" + answeredStatus : name();
  }

  /** What it means, for the API description. */
  public String meaning() {
    return meaning;
  }
}

package dev.tenableconnector.service.connector;

import java.util.List;

/**
 * A request the service refuses, with the HTTP status it maps to, a stable code, a message for
 * people and every individual problem; {@code payload} carries extra JSON-able detail (such as the
 * Test Connection checks).
 */
public final class ServiceException extends RuntimeException {
  private final int status;
  private final String code;
  private final List<String> details;
  private final transient Object payload;

  public ServiceException(
      int status, String code, String message, List<String> details, Object payload) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
    this.payload = payload;
  }

  public static ServiceException invalid(List<String> problems) {
    return new ServiceException(
        400,
        "VALIDATION_FAILED",
        problems.size() == 1 ? problems.get(0) : problems.size() + " problems with the request",
        problems,
        null);
  }

  public static ServiceException notFound(String what) {
    return new ServiceException(404, "NOT_FOUND", what + " does not exist", List.of(), null);
  }

  public static ServiceException conflict(String code, String message) {
    return new ServiceException(409, code, message, List.of(), null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<String> details() {
    return details;
  }

  public Object payload() {
    return payload;
  }
}

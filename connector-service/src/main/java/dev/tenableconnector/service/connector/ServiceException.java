package dev.tenableconnector.service.connector;

import java.util.List;

/**
 * A request the service refuses: its {@link ApiError} (code and status), a message for people and
 * every individual problem; {@code payload} carries extra JSON-able detail (such as the Test
 * Connection checks).
 */
public final class ServiceException extends RuntimeException {
  private final ApiError error;
  private final List<String> details;
  private final transient Object payload;

  public ServiceException(ApiError error, String message, List<String> details, Object payload) {
    super(message);
    this.error = error;
    this.details = List.copyOf(details);
    this.payload = payload;
  }

  public ServiceException(ApiError error, String message) {
    this(error, message, List.of(), null);
  }

  public static ServiceException invalid(List<String> problems) {
    return new ServiceException(
        ApiError.VALIDATION_FAILED,
        problems.size() == 1 ? problems.get(0) : problems.size() + " problems with the request",
        problems,
        null);
  }

  public static ServiceException notFound(String what) {
    return new ServiceException(ApiError.NOT_FOUND, what + " does not exist");
  }

  public ApiError error() {
    return error;
  }

  public int status() {
    return error.status();
  }

  public String code() {
    return error.name();
  }

  public List<String> details() {
    return details;
  }

  public Object payload() {
    return payload;
  }
}

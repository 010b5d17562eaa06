package dev.tenableconnector.client.http;

import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableError;

/**
 * How a failed call reads: an I/O failure in words and whether retrying could cure it, and a final
 * response as the {@link TenableApiException} callers throw.
 */
public final class TransportFailures {
  private TransportFailures() {}

  /**
   * Why an I/O failure on the first contact cannot be cured by retrying (the name does not resolve,
   * nothing listens on the port, the TLS handshake is refused), or null when it might be (a
   * timeout, a dropped connection). Once Tenable has answered, every I/O failure is retried: a drop
   * mid-export recovers.
   */
  static String unfixableByRetry(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.http.HttpTimeoutException) {
        return null; // a silent host may answer later
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException) {
        return "the host name does not resolve";
      }
      if (t instanceof java.net.ConnectException) {
        return "the connection was refused (nothing listens on that host and port)";
      }
      if (t instanceof java.net.NoRouteToHostException) {
        return "there is no route to the host";
      }
      if (t instanceof javax.net.ssl.SSLHandshakeException) {
        return "the TLS handshake failed (" + t.getMessage() + ")";
      }
    }
    return null;
  }

  /**
   * An I/O failure in words: the JDK client often throws a ConnectException without a message whose
   * cause says what happened (an unresolvable host, a refused connection).
   */
  static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null && out.length() < 300; t = t.getCause()) {
      if (out.length() > 0) {
        out.append(" <- ");
      }
      out.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        out.append(": ").append(t.getMessage());
      }
    }
    return out.toString();
  }

  /** Turns a response the caller did not expect into the matching failure, closing it. */
  public static TenableApiException unexpected(String method, String path, ApiResponse response) {
    String excerpt = response.bodyExcerpt(300);
    response.close();
    return failure(
        response.outcome().error(),
        method,
        path,
        response.status(),
        response.requestUuid(),
        excerpt);
  }

  static TenableApiException failure(
      TenableError error,
      String method,
      String path,
      int status,
      String requestUuid,
      String excerpt) {
    String message =
        method
            + " "
            + path
            + " -> HTTP "
            + status
            + ": "
            + error.description()
            + (excerpt == null || excerpt.isEmpty() ? "" : " (" + excerpt + ")");
    return new TenableApiException(error, status, requestUuid, message);
  }
}

package dev.tenableconnector.service.api;

import dev.tenableconnector.service.connector.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own answers (a request too malformed to reach the API: a bad request line, a URI or
 * headers too long) in the API's JSON error shape instead of Jetty's HTML page, which names the
 * server and quotes the request.
 */
final class JsonErrorHandler extends ErrorHandler {
  JsonErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put("X-Content-Type-Options", "nosniff");
    return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.getOutputStream().write(body(code).getBytes(StandardCharsets.UTF_8));
  }

  private static String body(int status) {
    String text =
        switch (status) {
          case 400 -> "the request cannot be read as HTTP";
          case 414 -> "the request's URI is too long";
          case 431 -> "the request's headers are too large";
          case 505 -> "the request is not HTTP/1.1";
          default -> "the request could not be handled";
        };
    return "{\"code\":\""
        + ApiError.REFUSED.code(status)
        + "\",\"message\":\""
        + text
        + "\",\"details\":[]}";
  }
}

package dev.tenableconnector.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.emulator.http.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The bodies Tenable answers with: JSON, its error object, and nginx's 429 page. */
final class JsonReplies {
  private static final ObjectMapper mapper = new ObjectMapper();

  private JsonReplies() {}

  static Reply json(int status, JsonNode body) {
    try {
      return Reply.bytes(status, "application/json; charset=utf-8", mapper.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Reply error(int status, String error, String message) {
    return json(
        status,
        mapper
            .createObjectNode()
            .put("statusCode", status)
            .put("error", error)
            .put("message", message));
  }

  /** Tenable's 429 body: nginx's HTML page (the Retry-After header is what a client reads). */
  static Reply tooManyRequests() {
    return Reply.bytes(
        429,
        "text/html",
        ("<html>\n\n<head>\n    <title>429 Too Many Requests</title>"
                + "\n</head>\n\n<body bgcolor=\"white\">\n    <center>\n        <h1>429 Too Many Requests"
                + "</h1>\n    </center>\n    <hr>\n    <center>nginx</center>\n</body>\n\n</html>")
            .getBytes(StandardCharsets.UTF_8));
  }

  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Error";
    };
  }
}

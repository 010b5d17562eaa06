package dev.tenableconnector.client.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * A response from Tenable whose body is still on the socket (already un-gzipped). Close it, or read
 * it to the end, to give the connection back.
 */
public final class ApiResponse implements AutoCloseable {
  private final int status;
  private final HttpHeaders headers;
  private final InputStream body;
  private final String requestUuid;

  ApiResponse(int status, HttpHeaders headers, InputStream body, String requestUuid) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.requestUuid = requestUuid;
  }

  public int status() {
    return status;
  }

  public ResponseOutcome outcome() {
    return ResponseOutcome.of(status);
  }

  public HttpHeaders headers() {
    return headers;
  }

  public InputStream body() {
    return body;
  }

  /** Tenable's id of this request, for support cases; may be null. */
  public String requestUuid() {
    return requestUuid;
  }

  /** Up to {@code limit} characters of the body, for error messages. */
  public String bodyExcerpt(int limit) {
    try {
      byte[] bytes = body.readNBytes(limit * 4);
      String text = new String(bytes, StandardCharsets.UTF_8).strip();
      return text.length() > limit ? text.substring(0, limit) + "…" : text;
    } catch (IOException e) {
      return "(body unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.tenableconnector.emulator;

import java.time.Instant;
import java.util.Map;

/**
 * A request the emulator received, for tests to assert what a client sent. The {@code X-ApiKeys}
 * header is never kept; {@code authenticated} says whether it was valid.
 */
public record RecordedRequest(
    Instant at,
    String method,
    String path,
    Map<String, String> headers,
    String body,
    boolean authenticated,
    int status) {

  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}

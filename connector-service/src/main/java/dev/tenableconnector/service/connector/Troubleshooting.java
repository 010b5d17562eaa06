package dev.tenableconnector.service.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.errors.ErrorCode;
import dev.tenableconnector.core.store.RunFailure;
import java.time.Instant;

/**
 * The troubleshooting tables of both seeds, from {@link ErrorCode}: for a failed run's error code
 * (and Tenable status), the cause in plain language and what to do. The run's own remedy, which is
 * more specific, is kept alongside.
 */
public final class Troubleshooting {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Troubleshooting() {}

  /** Plain-language cause and the table's remedy for an error code. */
  public record Entry(String cause, String remedy) {}

  public static Entry lookup(String code, Integer tenableStatus) {
    // Seed 002's table keys 409 on Tenable's answer, whatever the run's code says.
    ErrorCode error =
        tenableStatus != null && tenableStatus == 409 ? ErrorCode.CONFLICT : ErrorCode.parse(code);
    return new Entry(error.cause(), error.remedy());
  }

  /** The last-error JSON kept on the connector for a failed run. */
  public static String lastError(RunFailure failure, long runId, Instant at) {
    Entry entry = lookup(failure.errorCode(), failure.tenableStatus());
    ObjectNode node = JSON.createObjectNode();
    node.put("code", failure.errorCode());
    if (failure.tenableStatus() != null) {
      node.put("tenableStatus", failure.tenableStatus());
    } else {
      node.putNull("tenableStatus");
    }
    node.put("cause", entry.cause());
    node.put("message", failure.message());
    node.put(
        "remedy",
        failure.remedy() != null && !failure.remedy().isBlank()
            ? failure.remedy()
            : entry.remedy());
    node.put("troubleshooting", entry.remedy());
    node.put("runId", runId);
    node.put("at", at.toString());
    return node.toString();
  }
}

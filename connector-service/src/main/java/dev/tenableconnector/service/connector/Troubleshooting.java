package dev.tenableconnector.service.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.store.RunFailure;
import java.time.Instant;

/**
 * The troubleshooting tables of both seeds as data: for a failed run's error code (and Tenable
 * status), the cause in plain language and what to do. The run's own remedy, which is more
 * specific, is kept alongside.
 */
public final class Troubleshooting {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Troubleshooting() {}

  /** Plain-language cause and the table's remedy for an error code. */
  public record Entry(String cause, String remedy) {}

  public static Entry lookup(String code, Integer tenableStatus) {
    String key = code == null ? "" : code;
    if (tenableStatus != null && tenableStatus == 409) {
      key = "CONFLICT";
    }
    return switch (key) {
      case "AUTHENTICATION" -> new Entry(
          "Authentication failure (401): Tenable did not accept the API keys. They may be wrong, or were"
              + " regenerated in Tenable, which revokes the previous pair.",
          "Enter the current access and secret keys with Edit connector (both keys). Confirm the Tenable"
              + " user has at least the Basic (16) role.");
      case "PERMISSION" -> new Entry(
          "Access forbidden (403): the keys are valid but the Tenable user lacks a permission the export"
              + " APIs need.",
          "Give the API user at least the Basic (16) role (Administrator (64) on FedRAMP/GovCloud) and Can"
              + " View on the assets, or use keys of a user that has them.");
      case "CONFLICT" -> new Entry(
          "Conflict (409): Tenable reports an export in the way, or a possible permission or temporary"
              + " connection problem.",
          "Verify the connector's URL and keys; make sure only one connector uses this Tenable account. If"
              + " they are right and it does not clear on its own, contact Tenable support.");
      case "RATE_LIMITED" -> new Entry(
          "Too many requests (429): Tenable kept rate limiting this account past the retry deadline, or"
              + " too many exports run at once on it.",
          "Use a dedicated Tenable user for this connector, so other integrations do not share its limits.");
      case "NETWORK" -> new Entry(
          "Tenable could not be reached: DNS, the TCP connection or the TLS handshake failed.",
          "Run Test Connection to see which step fails; check DNS, proxy, firewall allow-lists and TLS"
              + " inspection between this host and Tenable.");
      case "SERVER_ERROR" -> new Entry(
          "Tenable kept answering with server errors (5xx).",
          "Tenable may be degraded: check status.tenable.com and run again later.");
      case "EXPORT_EXPIRED" -> new Entry(
          "Data export expiration: Tenable removed the export before the run read every chunk.",
          "Make sure runs are not paused for long and the schedule leaves time for large exports; run again.");
      case "EXPORT_ERROR", "EXPORT_CHUNKS_FAILED" -> new Entry(
          "Tenable failed to build the export.",
          "Usually temporary: run again later; if it repeats, open a Tenable support case with the export id.");
      case "EXPORT_TIMED_OUT" -> new Entry(
          "Tenable kept the export queued too long; other exports of the account may hold the queue.",
          "Only one connector per Tenable account; run again later.");
      case "STORE" -> new Entry(
          "The inventory database could not be written.",
          "Check the database is reachable and writable and the disk has space, then run again.");
      case "CANCELLED" -> new Entry(
          "The run was cancelled (Cancel in the API or the web UI, or the connector deleted) before it ended.",
          "Run now when you want the data; the next run imports what this one did not.");
      case "KEYS" -> new Entry(
          "The connector's stored keys cannot be decrypted with this service's master key.",
          "Start the service with the master key it was first started with, or enter both keys again.");
      default -> new Entry("The run failed: " + key + ".", "See the run's message and the service log.");
    };
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
    node.put("remedy", failure.remedy() != null && !failure.remedy().isBlank() ? failure.remedy() : entry.remedy());
    node.put("troubleshooting", entry.remedy());
    node.put("runId", runId);
    node.put("at", at.toString());
    return node.toString();
  }
}

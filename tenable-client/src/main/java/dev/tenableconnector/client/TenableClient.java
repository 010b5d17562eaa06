package dev.tenableconnector.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.export.ChunkHandler;
import dev.tenableconnector.client.export.ExportApi;
import dev.tenableconnector.client.export.ExportJobSummary;
import dev.tenableconnector.client.export.ExportKind;
import dev.tenableconnector.client.export.ExportListener;
import dev.tenableconnector.client.export.ExportRequest;
import dev.tenableconnector.client.export.ExportResult;
import dev.tenableconnector.client.export.ExportRunner;
import dev.tenableconnector.client.export.ExportState;
import dev.tenableconnector.client.export.ExportStatus;
import dev.tenableconnector.client.http.ApiResponse;
import dev.tenableconnector.client.http.ResponseOutcome;
import dev.tenableconnector.client.http.TenableTransport;
import dev.tenableconnector.client.http.TransportFailures;
import dev.tenableconnector.client.model.TenableSession;
import dev.tenableconnector.client.model.WorkbenchCounts;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Set;

/**
 * The Tenable Vulnerability Management API as this project uses it: the current user, and asset and
 * vulnerability exports from start to the last streamed record. Thread-safe.
 */
public final class TenableClient implements AutoCloseable {
  private final TenableClientConfig config;
  private final TenableTransport transport;
  private final ObjectMapper mapper;
  private final ExportApi exports;
  private final ExportRunner runner;

  public TenableClient(TenableClientConfig config) {
    this.config = config;
    this.mapper =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    boolean plain = "http".equalsIgnoreCase(config.baseUrl().getScheme());
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .sslContext(config.sslContext())
            // Plain http is loopback only; HTTP/1.1 there avoids an h2c upgrade attempt per
            // request.
            .version(plain ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (config.proxy() != null) {
      builder.proxy(config.proxy());
    }
    HttpClient http = builder.build();
    this.transport =
        new TenableTransport(
            config.baseUrl(),
            config.keys(),
            config.userAgent(),
            http,
            config.requestTimeout(),
            config.readTimeout(),
            config.gzip(),
            config.retryPolicy(),
            config.clock(),
            config.sleeper());
    this.exports = new ExportApi(transport, mapper);
    this.runner =
        new ExportRunner(exports, config.exportOptions(), config.clock(), config.sleeper());
  }

  public TenableClientConfig config() {
    return config;
  }

  /** {@code text} with this client's keys masked: for every error that is stored or logged. */
  public String redact(String text) {
    return config.keys().redact(text);
  }

  /**
   * Names the Tenable account these keys reach without revealing them: a hash of the host and the
   * access key, equal for two clients of one account (so that two syncs of it are not run side by
   * side) and different for another key or another Tenable.
   */
  public String accountKey() {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      sha.update(
          ("tenable account\0"
                  + config.baseUrl().getHost().toLowerCase(java.util.Locale.ROOT)
                  + ":"
                  + config.baseUrl().getPort()
                  + "\0"
                  + config.keys().accessKey().strip())
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The API user behind the keys ({@code GET /session}); 401 and 403 are thrown at once. */
  public TenableSession session() {
    try (ApiResponse response = transport.get("/session")) {
      if (response.outcome() != ResponseOutcome.OK) {
        throw TransportFailures.unexpected("GET", "/session", response);
      }
      JsonNode json = mapper.readTree(response.body());
      if (!(json instanceof ObjectNode object)) {
        throw new TenableApiException(
            TenableError.UNEXPECTED_RESPONSE,
            response.status(),
            response.requestUuid(),
            "GET /session did not return a JSON object");
      }
      return TenableSession.from(object);
    } catch (IOException e) {
      throw new TenableApiException(
          TenableError.UNEXPECTED_RESPONSE,
          200,
          null,
          "GET /session returned a body that cannot be read: " + e.getMessage(),
          e);
    }
  }

  /**
   * Tenable's vulnerability workbench counts for the last {@code dateRange} days (null: Tenable's
   * longest, 450), the figures its screens show; for reconciling the inventory with them.
   */
  public WorkbenchCounts workbenchVulnerabilities(Integer dateRange) {
    String path =
        "/workbenches/vulnerabilities" + (dateRange == null ? "" : "?date_range=" + dateRange);
    try (ApiResponse response = transport.get(path)) {
      if (response.outcome() != ResponseOutcome.OK) {
        throw TransportFailures.unexpected("GET", "/workbenches/vulnerabilities", response);
      }
      return WorkbenchCounts.from(mapper.readTree(response.body()), dateRange);
    } catch (IOException e) {
      throw new TenableApiException(
          TenableError.UNEXPECTED_RESPONSE,
          200,
          null,
          "GET /workbenches/vulnerabilities returned a body that cannot be read: " + e.getMessage(),
          e);
    }
  }

  /** The single export calls: start, status, chunk, cancel, list. */
  public ExportApi exports() {
    return exports;
  }

  /** Starts (or adopts) an export and streams every chunk through the handler. */
  public <T> ExportResult export(
      ExportRequest<T> request, ChunkHandler<T> handler, ExportListener listener) {
    return runner.run(request, handler, listener);
  }

  /** Follows an export that exists already, skipping the chunks handled before. */
  public <T> ExportResult resume(
      ExportKind<T> kind,
      String exportUuid,
      Set<Integer> chunksDone,
      ChunkHandler<T> handler,
      ExportListener listener) {
    return runner.follow(kind, exportUuid, chunksDone, handler, listener);
  }

  public ExportStatus exportStatus(ExportKind<?> kind, String exportUuid) {
    return exports.status(kind, exportUuid);
  }

  public ExportState cancelExport(ExportKind<?> kind, String exportUuid) {
    return exports.cancel(kind, exportUuid);
  }

  public List<ExportJobSummary> listExports(ExportKind<?> kind) {
    return exports.list(kind);
  }

  /**
   * Stops retrying failed requests, for good (see {@link TenableTransport#stopRetrying()}): for a
   * run that was cancelled, so that it ends without waiting out a failing Tenable.
   */
  public void stopRetrying() {
    transport.stopRetrying();
  }

  /** Requests sent, retries and 429s seen by this client. */
  public TenableTransport.TransportStats stats() {
    return transport.stats();
  }

  /** Releases the client's background thread (the read-timeout watchdog). */
  @Override
  public void close() {
    transport.close();
  }
}

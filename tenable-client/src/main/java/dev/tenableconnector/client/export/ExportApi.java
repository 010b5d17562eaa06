package dev.tenableconnector.client.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.http.ApiResponse;
import dev.tenableconnector.client.http.DuplicateExportException;
import dev.tenableconnector.client.http.ResponseOutcome;
import dev.tenableconnector.client.http.RetryState;
import dev.tenableconnector.client.http.TenableTransport;
import dev.tenableconnector.client.http.TransportFailures;
import dev.tenableconnector.client.http.UnreachableException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The export endpoints of the Tenable API, one method per call. */
public final class ExportApi {
  private static final Logger log = LoggerFactory.getLogger(ExportApi.class);

  /**
   * How far before our POST a job found in the job list may have been created and still be ours.
   */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  private final TenableTransport transport;
  private final ObjectMapper mapper;
  private final SharedMembers shared;

  public ExportApi(TenableTransport transport, ObjectMapper mapper) {
    this.transport = transport;
    this.mapper = mapper;
    this.shared = new SharedMembers(mapper);
  }

  /**
   * Starts an export. A 409 means the same export is already running: its {@code active_job_id} is
   * adopted; so is the job a 429 "Duplicate export (job_uuid=…)" names. A POST that fails with a
   * 5xx or an I/O error may still have created the job, so the job list is searched for a job with
   * the same filters created since, before the POST is sent again.
   */
  public StartedExport start(ExportRequest<?> request) {
    ExportKind<?> kind = request.kind();
    if (request instanceof VulnExportRequest vulns && !vulns.hasTimeFilter()) {
      log.warn(
          "vulns export without a time-based filter: Tenable includes only findings found or"
              + " fixed in the last 30 days (use allHistory() or since() for more)");
    }
    byte[] body = json(request.body());
    RetryState retry = transport.startRetries();
    Instant firstAttempt = transport.clock().instant();
    while (true) {
      Instant requestedAt = transport.clock().instant();
      try (ApiResponse response = transport.post(kind.startPath(), body, false)) {
        JsonNode json = readJson(response, "POST " + kind.startPath());
        if (response.outcome() == ResponseOutcome.OK) {
          String uuid = json.path("export_uuid").asText("");
          if (uuid.isEmpty()) {
            throw new TenableApiException(
                TenableError.UNEXPECTED_RESPONSE,
                response.status(),
                response.requestUuid(),
                "POST " + kind.startPath() + " returned no export_uuid");
          }
          log.info("started {} export {}", kind, uuid);
          return new StartedExport(kind, uuid, false, requestedAt, null, null);
        }
        if (response.outcome() == ResponseOutcome.CONFLICT) {
          String active = json.path("active_job_id").asText("");
          String reason = json.path("failure_reason").asText("");
          if (active.isEmpty()) {
            throw new TenableApiException(
                TenableError.CONFLICT,
                409,
                response.requestUuid(),
                "POST " + kind.startPath() + " -> 409 without active_job_id: " + reason);
          }
          log.warn("{} export already running as {}; adopting it ({})", kind, active, reason);
          return new StartedExport(
              kind, active, true, requestedAt, createdAt(kind, active), reason);
        }
        throw unexpected("POST " + kind.startPath(), response, json);
      } catch (DuplicateExportException duplicate) {
        String active = duplicate.jobUuid();
        log.warn(
            "{} export already running as {} (HTTP {} duplicate export); adopting it",
            kind,
            active,
            duplicate.httpStatus());
        return new StartedExport(
            kind,
            active,
            true,
            requestedAt,
            createdAt(kind, active),
            "Tenable answered HTTP "
                + duplicate.httpStatus()
                + ": duplicate of running export "
                + active);
      } catch (TenableApiException e) {
        if (e.error() != TenableError.SERVER_ERROR && e.error() != TenableError.NETWORK
            || e instanceof UnreachableException) {
          throw e;
        }
        Optional<ExportJobSummary> created =
            findCreatedJob(request, firstAttempt.minus(CLOCK_SKEW));
        if (created.isPresent()) {
          log.warn(
              "POST {} failed ({}) but created export {}; using it",
              kind.startPath(),
              e.getMessage(),
              created.get().uuid());
          return new StartedExport(
              kind,
              created.get().uuid(),
              true,
              requestedAt,
              created.get().created(),
              "found in the job list after a failed request");
        }
        retry.awaitRetry(Optional.empty(), () -> e);
      }
    }
  }

  /**
   * The job Tenable still lists for exactly this request (same kind, filters and chunk size),
   * queued, processing or finished, created since {@code notBefore}: what a caller that was stopped
   * after its POST adopts instead of asking again. Empty when there is none or the list cannot be
   * read.
   */
  public Optional<StartedExport> findSame(ExportRequest<?> request, Instant notBefore) {
    Instant now = transport.clock().instant();
    return findCreatedJob(request, notBefore)
        .map(
            job -> {
              log.info("{} export {} is already listed; adopting it", request.kind(), job.uuid());
              return new StartedExport(
                  request.kind(), job.uuid(), true, now, job.created(), "found in the job list");
            });
  }

  /** When Tenable created a job, from the job list; null when it cannot be told. */
  private Instant createdAt(ExportKind<?> kind, String uuid) {
    try {
      return list(kind).stream()
          .filter(job -> uuid.equals(job.uuid()))
          .findFirst()
          .map(ExportJobSummary::created)
          .orElse(null);
    } catch (TenableApiException e) {
      log.debug("could not read when {} export {} was created: {}", kind, uuid, e.getMessage());
      return null;
    }
  }

  /**
   * A live or finished job of this kind, created since {@code notBefore}, whose filters match the
   * request's.
   */
  private Optional<ExportJobSummary> findCreatedJob(ExportRequest<?> request, Instant notBefore) {
    List<ExportJobSummary> jobs;
    try {
      jobs = list(request.kind());
    } catch (TenableApiException e) {
      log.debug(
          "could not list {} exports to look for the one a failed POST created: {}",
          request.kind(),
          e.getMessage());
      return Optional.empty();
    }
    JsonNode wanted = mapper.valueToTree(request.filters());
    Integer chunkSize = chunkSize(request);
    // Only a job that is provably this request's: created since, same chunk size when listed,
    // and exactly the same filters. A job whose filters or creation time are unknown is never
    // taken: adopting another export (a previous run's full one) would lose what this one asks.
    return jobs.stream()
        .filter(
            job ->
                job.state() == ExportState.QUEUED
                    || job.state() == ExportState.PROCESSING
                    || job.state() == ExportState.FINISHED)
        .filter(job -> job.created() != null && !job.created().isBefore(notBefore))
        .filter(job -> job.chunkSize() == null || job.chunkSize().equals(chunkSize))
        .filter(job -> FilterMatch.sameFilters(wanted, job.filters()))
        .findFirst();
  }

  /**
   * The chunk size Tenable lists for this request: {@code chunk_size}, or the clamped {@code
   * num_assets}.
   */
  private static Integer chunkSize(ExportRequest<?> request) {
    Object assets = request.body().get("chunk_size");
    if (assets instanceof Number n) {
      return n.intValue();
    }
    Object vulns = request.body().get("num_assets");
    int n = vulns instanceof Number number ? number.intValue() : VulnExportRequest.MIN_NUM_ASSETS;
    return Math.max(
        VulnExportRequest.MIN_NUM_ASSETS, Math.min(VulnExportRequest.MAX_NUM_ASSETS, n));
  }

  /** The job's status; a 404 (unknown or expired export) is a {@link TenableError#NOT_FOUND}. */
  public ExportStatus status(ExportKind<?> kind, String uuid) {
    String path = kind.jobPath() + "/" + uuid + "/status";
    try (ApiResponse response = transport.get(path)) {
      JsonNode json = readJson(response, "GET " + path);
      if (response.outcome() != ResponseOutcome.OK) {
        throw unexpected("GET " + path, response, json);
      }
      return ExportStatus.from(uuid, json);
    }
  }

  /**
   * Opens a chunk for streaming. The caller must read or close it. A 404 (expired chunk) is a
   * {@link TenableError#NOT_FOUND}.
   */
  public <T> ChunkDownload<T> chunk(ExportKind<T> kind, String uuid, int chunkId, int attempt) {
    String path = kind.jobPath() + "/" + uuid + "/chunks/" + chunkId;
    ApiResponse response = transport.get(path);
    if (response.outcome() != ResponseOutcome.OK) {
      throw TransportFailures.unexpected("GET", path, response);
    }
    return new ChunkDownload<>(
        response, new ChunkReader<>(mapper, shared, kind, uuid, chunkId, attempt, response.body()));
  }

  /** Cancels the job; returns the status Tenable reports (normally CANCELLED). */
  public ExportState cancel(ExportKind<?> kind, String uuid) {
    String path = kind.jobPath() + "/" + uuid + "/cancel";
    try (ApiResponse response = transport.post(path, null, true)) {
      JsonNode json = readJson(response, "POST " + path);
      if (response.outcome() != ResponseOutcome.OK) {
        throw unexpected("POST " + path, response, json);
      }
      return ExportState.of(json.path("status").asText(null));
    }
  }

  /** The recent jobs of this kind, newest first as Tenable lists them. */
  public List<ExportJobSummary> list(ExportKind<?> kind) {
    String path = kind.jobPath() + "/status";
    try (ApiResponse response = transport.get(path)) {
      JsonNode json = readJson(response, "GET " + path);
      if (response.outcome() != ResponseOutcome.OK) {
        throw unexpected("GET " + path, response, json);
      }
      List<ExportJobSummary> jobs = new ArrayList<>();
      for (JsonNode job : json.path("exports")) {
        jobs.add(ExportJobSummary.from(job));
      }
      return jobs;
    }
  }

  private JsonNode readJson(ApiResponse response, String call) {
    try {
      byte[] bytes = response.body().readAllBytes();
      if (bytes.length == 0) {
        return mapper.createObjectNode();
      }
      try {
        return mapper.readTree(bytes);
      } catch (IOException notJson) {
        if (response.outcome() == ResponseOutcome.OK) {
          throw new TenableApiException(
              TenableError.UNEXPECTED_RESPONSE,
              response.status(),
              response.requestUuid(),
              call + " returned a body that is not JSON",
              notJson);
        }
        // Error bodies are sometimes HTML; keep their text for the message.
        return mapper
            .createObjectNode()
            .put(
                "message",
                new String(
                    bytes,
                    0,
                    Math.min(bytes.length, 300),
                    java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new TenableApiException(
          TenableError.NETWORK,
          response.status(),
          response.requestUuid(),
          call + ": reading the response failed: " + e.getMessage(),
          e);
    }
  }

  private static TenableApiException unexpected(String call, ApiResponse response, JsonNode json) {
    TenableError error = response.outcome().error();
    String detail = json.path("message").asText(json.path("error").asText(""));
    return new TenableApiException(
        error,
        response.status(),
        response.requestUuid(),
        call
            + " -> HTTP "
            + response.status()
            + ": "
            + error.description()
            + (detail.isEmpty() ? "" : " (" + detail + ")"));
  }

  private byte[] json(Map<String, Object> body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("export request cannot be written as JSON", e);
    }
  }

  /**
   * An export this client started or adopted.
   *
   * @param requestedAt when this client asked for the export
   * @param createdAt when Tenable created an adopted job (null for a job this request created, or
   *     when the job list does not tell)
   * @param note why an existing job was adopted
   */
  public record StartedExport(
      ExportKind<?> kind,
      String uuid,
      boolean adopted,
      Instant requestedAt,
      Instant createdAt,
      String note) {

    /**
     * The time the export's data is current as of, for a delta watermark: the request time, or an
     * adopted job's creation time when that is earlier (its data cannot be newer than that).
     */
    public Instant dataAsOf() {
      return createdAt != null && createdAt.isBefore(requestedAt) ? createdAt : requestedAt;
    }
  }

  /** A chunk response whose body is being streamed; closing it gives the connection back. */
  public record ChunkDownload<T>(ApiResponse response, Chunk<T> chunk) implements AutoCloseable {
    @Override
    public void close() {
      response.close();
    }
  }
}

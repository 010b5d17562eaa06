package dev.tenableconnector.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import dev.tenableconnector.emulator.export.BadRequest;
import dev.tenableconnector.emulator.export.ChunkStreamer;
import dev.tenableconnector.emulator.export.ExportJob;
import dev.tenableconnector.emulator.export.ExportJobs;
import dev.tenableconnector.emulator.fault.FaultPlan;
import dev.tenableconnector.emulator.fault.FaultRule;
import dev.tenableconnector.emulator.http.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP server that behaves like Tenable VM's export API: the same paths, status codes,
 * bodies, content types and gzip; auth by {@code X-ApiKeys} with a configurable role; export jobs
 * over a synthetic estate of any size; and injectable faults. A few {@code /_emulator/...} paths,
 * which Tenable does not have, let tests advance time, set faults and read the requests received.
 */
public final class TenableEmulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TenableEmulator.class);
  private static final Pattern API_KEYS =
      Pattern.compile("\\s*accessKey=([^;\\s]+)\\s*;\\s*secretKey=([^;\\s]+)\\s*;?\\s*");
  private static final Pattern START = Pattern.compile("/(assets|vulns)/export|/assets/v2/export");
  private static final Pattern JOB =
      Pattern.compile("/(assets|vulns)/export/([^/]+)/(status|cancel)");
  private static final Pattern CHUNK =
      Pattern.compile("/(assets|vulns)/export/([^/]+)/chunks/([^/]+)");
  private static final Pattern LIST = Pattern.compile("/(assets|vulns)/export/status");
  private static final int JOURNAL_SIZE = 10_000;
  static final String CONTAINER_UUID = "c0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b";

  private final EmulatorConfig config;
  private final ObjectMapper mapper = new ObjectMapper();
  private final SyntheticEstate estate;
  private final ExportJobs jobs;
  private final FaultPlan faults = new FaultPlan();
  private final ChunkStreamer streamer = new ChunkStreamer();
  private final Deque<RecordedRequest> journal = new ArrayDeque<>();
  private final HttpServer server;
  private final ExecutorService executor;
  private final boolean tls;
  private volatile String accessKey;
  private volatile String secretKey;

  private TenableEmulator(EmulatorConfig config, SSLContext tlsContext) throws IOException {
    this.config = config;
    this.estate = new SyntheticEstate(config.estate(), config.clock().instant());
    this.jobs =
        new ExportJobs(
            estate,
            config.queuedFor(),
            config.chunkInterval(),
            config.exportTtl(),
            config.maxConcurrentExports(),
            config.replaceDuplicateAssetExports());
    config.faults().forEach(faults::add);
    this.accessKey = config.accessKey();
    this.secretKey = config.secretKey();
    this.tls = tlsContext != null;
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    if (tlsContext != null) {
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tlsContext));
      this.server = https;
    } else {
      this.server = HttpServer.create(address, 64);
    }
    this.executor =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "tenable-emulator");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts an emulator; it listens until {@link #close()}. */
  public static TenableEmulator start(EmulatorConfig config) throws IOException {
    return start(config, null);
  }

  /**
   * Starts an emulator that serves HTTPS with the given server context (its key manager holds the
   * certificate), as the real API does; null serves plain http.
   */
  public static TenableEmulator start(EmulatorConfig config, SSLContext tlsContext)
      throws IOException {
    TenableEmulator emulator = new TenableEmulator(config, tlsContext);
    emulator.server.start();
    log.info(
        "Tenable emulator listening on {} ({} assets x ~{} findings, seed {})",
        emulator.baseUrl(),
        config.estate().assets(),
        config.estate().findingsPerAsset(),
        config.estate().seed());
    return emulator;
  }

  public URI baseUrl() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create((tls ? "https://" : "http://") + host + ":" + address.getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public EmulatorConfig config() {
    return config;
  }

  public SyntheticEstate estate() {
    return estate;
  }

  /** The faults in force; rules can be added while the emulator runs. */
  public FaultPlan faults() {
    return faults;
  }

  /**
   * Regenerates the API keys as Tenable does: the new pair works at once and the old pair is
   * revoked (401) from now on.
   */
  public void regenerateKeys(String newAccessKey, String newSecretKey) {
    this.accessKey = newAccessKey;
    this.secretKey = newSecretKey;
  }

  /** Moves the estate one step on, to now: some assets are scanned, deleted, terminated, added. */
  public int advance() {
    return estate.advance(config.clock().instant());
  }

  /** The requests received so far (the last 10,000), oldest first. */
  public List<RecordedRequest> requests() {
    synchronized (journal) {
      return List.copyOf(journal);
    }
  }

  public void clearRequests() {
    synchronized (journal) {
      journal.clear();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = ex.getRequestURI().getPath();
    byte[] body = ex.getRequestBody().readAllBytes();
    boolean authenticated = authenticated(ex);
    Reply response;
    try {
      response = route(method, path, body, authenticated);
    } catch (BadRequest e) {
      response = error(400, "Bad Request", e.getMessage());
    } catch (RuntimeException e) {
      log.error("emulator failed on {} {}", method, path, e);
      response = error(500, "Internal Server Error", "Internal server error");
    }
    record(ex, method, path, body, authenticated, response.status());
    response.writeTo(ex);
  }

  private Reply route(String method, String path, byte[] body, boolean authenticated) {
    Instant now = config.clock().instant();
    if (path.startsWith("/_emulator/")) {
      return admin(method, path, body, now);
    }
    if (!authenticated) {
      return error(401, "Unauthorized", "Invalid Credentials");
    }
    if (path.equals("/session")) {
      if (!method.equals("GET")) {
        return error(405, "Method Not Allowed", "Method not allowed");
      }
      return fault(FaultRule.Target.SESSION, null).orElseGet(() -> json(200, session()));
    }
    Matcher list = LIST.matcher(path);
    if (list.matches()) {
      String type = list.group(1);
      return exportCall(
          method, "GET", type, FaultRule.Target.LIST, () -> json(200, jobs.list(type, now)));
    }
    if (START.matcher(path).matches()) {
      String type = path.startsWith("/vulns") ? "vulns" : "assets";
      boolean v2 = path.startsWith("/assets/v2");
      return exportCall(
          method, "POST", type, FaultRule.Target.START, () -> startExport(type, v2, body, now));
    }
    Matcher job = JOB.matcher(path);
    if (job.matches()) {
      String type = job.group(1);
      String uuid = job.group(2);
      if (job.group(3).equals("status")) {
        return exportCall(
            method, "GET", type, FaultRule.Target.STATUS, () -> status(type, uuid, now));
      }
      return exportCall(
          method, "POST", type, FaultRule.Target.CANCEL, () -> cancel(type, uuid, now));
    }
    Matcher chunk = CHUNK.matcher(path);
    if (chunk.matches()) {
      String type = chunk.group(1);
      String uuid = chunk.group(2);
      String id = chunk.group(3);
      return exportCall(
          method, "GET", type, FaultRule.Target.CHUNK, () -> chunk(type, uuid, id, now));
    }
    return error(404, "Not Found", "Not Found");
  }

  /** The checks every export endpoint shares: method, permission, faults; then the call. */
  private Reply exportCall(
      String method,
      String expected,
      String type,
      FaultRule.Target target,
      java.util.function.Supplier<Reply> call) {
    if (!method.equals(expected)) {
      return error(405, "Method Not Allowed", "Method not allowed");
    }
    if (config.permissions() < 16 && !config.customRole() || config.denyExports()) {
      return error(403, "Forbidden", "You do not have permission to perform this action");
    }
    Optional<FaultRule> fault = faults.fire(target, type);
    if (fault.isPresent()) {
      FaultRule rule = fault.get();
      if (target == FaultRule.Target.START
          && rule.kind() == FaultRule.Kind.HTTP
          && Boolean.parseBoolean(rule.option("create", "false"))) {
        call.get(); // the job is created, but the client is told it failed
      }
      if (target == FaultRule.Target.CHUNK
          && (rule.kind() == FaultRule.Kind.TRUNCATE
              || rule.kind() == FaultRule.Kind.MALFORMED
              || rule.kind() == FaultRule.Kind.STALL)) {
        Reply real = call.get();
        if (real.streamed()) {
          int bytes = Integer.parseInt(rule.option("bytes", "2048"));
          return switch (rule.kind()) {
            case TRUNCATE -> real.cutOff(bytes, Duration.ZERO);
            case STALL -> real.cutOff(bytes, FaultRule.duration(rule.option("for", "60s")));
            default -> real.malformed();
          };
        }
        return real;
      }
      return faultReply(rule);
    }
    return call.get();
  }

  private Optional<Reply> fault(FaultRule.Target target, String type) {
    return faults.fire(target, type).map(this::faultReply);
  }

  private Reply faultReply(FaultRule rule) {
    if (rule.kind() == FaultRule.Kind.DROP) {
      return Reply.drop();
    }
    int status = rule.status();
    if (status == 429) {
      String retryAfter = rule.option("retry-after", "1");
      Reply r = tooManyRequests();
      if (retryAfter.equalsIgnoreCase("date")) {
        r.header(
            "Retry-After",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(
                config.clock().instant().plusSeconds(2).atOffset(ZoneOffset.UTC)));
      } else if (!retryAfter.equalsIgnoreCase("none")) {
        r.header("Retry-After", retryAfter);
      }
      return r;
    }
    return error(status, reason(status), "Injected fault " + rule);
  }

  private Reply startExport(String type, boolean v2, byte[] body, Instant now) {
    JsonNode json;
    try {
      json = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
    } catch (IOException e) {
      throw new BadRequest("The request body is not valid JSON");
    }
    FaultRule jobFault = faults.fire(FaultRule.Target.JOB, type).orElse(null);
    try {
      ExportJob job = jobs.create(type, v2, json, now, jobFault);
      return json(200, mapper.createObjectNode().put("export_uuid", job.uuid()));
    } catch (ExportJobs.Conflict c) {
      if (faults.fire(FaultRule.Target.DUPLICATE, type).isPresent()) {
        // The form Tenable has been seen to use instead of the documented 409.
        return error(
            429,
            "Too Many Requests",
            "Duplicate export (job_uuid="
                + c.activeJobId()
                + " container_uuid="
                + CONTAINER_UUID
                + "). not allowed. Please modify request or"
                + " wait until existing export is complete.");
      }
      return json(
          409,
          mapper
              .createObjectNode()
              .put("active_job_id", c.activeJobId())
              .put("failure_reason", c.getMessage()));
    } catch (ExportJobs.TooMany t) {
      Reply r = tooManyRequests();
      r.header("Retry-After", Integer.toString(config.concurrencyRetryAfterSeconds()));
      return r;
    }
  }

  private Reply status(String type, String uuid, Instant now) {
    ExportJob job = jobs.get(type, uuid, now);
    if (job == null) {
      return json(
          404,
          mapper
              .createObjectNode()
              .put("status", 404)
              .put("message", "Export expired or not found"));
    }
    ExportJob.Snapshot s = job.snapshot(now);
    ObjectNode out = mapper.createObjectNode();
    if (type.equals("assets")) {
      // Asset status responses carry these keys only; reason only in ERROR.
      out.put("status", s.status());
      if (s.reason() != null && s.status().equals("ERROR")) {
        out.put("reason", s.reason());
      }
      ints(out.putArray("chunks_available"), s.available());
      return json(200, out);
    }
    out.put("uuid", job.uuid());
    out.put("status", s.status());
    if (s.reason() != null) {
      out.put("reason", s.reason());
    }
    ints(out.putArray("chunks_available"), s.available());
    ints(out.putArray("chunks_failed"), s.failed());
    ints(out.putArray("chunks_cancelled"), s.cancelled());
    out.put("total_chunks", s.total());
    out.put("chunks_available_count", s.available().size());
    out.put("empty_chunks_count", s.empty());
    out.put("finished_chunks", s.finished());
    out.set("filters", job.filtersEcho());
    out.put("num_assets_per_chunk", job.chunkSize());
    out.put("created", job.created().toEpochMilli());
    return json(200, out);
  }

  private Reply cancel(String type, String uuid, Instant now) {
    ExportJob job = jobs.get(type, uuid, now);
    if (job == null) {
      return json(
          404,
          mapper
              .createObjectNode()
              .put("status", 404)
              .put("message", "Job with UUID: " + uuid + " not found"));
    }
    try {
      jobs.cancel(job, now);
    } catch (BadRequest finished) {
      return json(
          400, mapper.createObjectNode().put("status", 400).put("message", finished.getMessage()));
    }
    return json(200, mapper.createObjectNode().put("status", "CANCELLED"));
  }

  private Reply chunk(String type, String uuid, String chunkText, Instant now) {
    ExportJob job = jobs.get(type, uuid, now);
    if (job == null) {
      return chunkDoesNotExist();
    }
    int chunkId;
    try {
      chunkId = Integer.parseInt(chunkText);
    } catch (NumberFormatException e) {
      throw new BadRequest("Chunk id must be an integer");
    }
    int index = job.downloadable(chunkId, now);
    if (index == ExportJob.NOT_READY) {
      return error(400, "Bad Request", "Chunk " + chunkId + " is not ready for download");
    }
    if (index < 0) {
      return chunkDoesNotExist();
    }
    List<FaultRule> recordFaults = faults.recordFaults(type);
    String contentType =
        type.equals("assets") ? "application/json;charset=utf-8" : "application/octet-stream";
    return Reply.stream(
        contentType,
        out -> {
          streamer.write(job, index, recordFaults, out);
          if (job.expiresOnFirstDownload()) {
            job.purge();
          }
        });
  }

  private Reply admin(String method, String path, byte[] body, Instant now) {
    switch (method + " " + path) {
      case "POST /_emulator/advance" -> {
        int step = advance();
        return json(
            200,
            mapper
                .createObjectNode()
                .put("step", step)
                .put("time", estate.view().time().toString()));
      }
      case "GET /_emulator/faults" -> {
        ObjectNode out = mapper.createObjectNode();
        ArrayNode list = out.putArray("faults");
        faults.describe().forEach(list::add);
        return json(200, out);
      }
      case "POST /_emulator/faults" -> {
        try {
          JsonNode specs = mapper.readTree(body).path("faults");
          List<FaultRule> rules = new ArrayList<>();
          List<String> problems = new ArrayList<>();
          for (JsonNode spec : specs) {
            try {
              rules.add(FaultRule.parse(spec.asText()));
            } catch (IllegalArgumentException e) {
              problems.add(e.getMessage());
            }
          }
          if (!problems.isEmpty()) {
            throw new BadRequest(String.join("; ", problems));
          }
          rules.forEach(faults::add);
          return json(200, mapper.createObjectNode().put("added", rules.size()));
        } catch (IOException e) {
          throw new BadRequest("expected {\"faults\": [\"chunk:503\", ...]}");
        }
      }
      case "DELETE /_emulator/faults" -> {
        faults.clear();
        return json(200, mapper.createObjectNode().put("cleared", true));
      }
      case "GET /_emulator/requests" -> {
        ArrayNode out = mapper.createArrayNode();
        for (RecordedRequest r : requests()) {
          out.add(
              mapper.valueToTree(
                  Map.of(
                      "at",
                      r.at().toString(),
                      "method",
                      r.method(),
                      "path",
                      r.path(),
                      "status",
                      r.status(),
                      "headers",
                      r.headers())));
        }
        return json(200, out);
      }
      case "GET /_emulator/info" -> {
        SyntheticEstate.View view = estate.view();
        return json(
            200,
            mapper
                .createObjectNode()
                .put("seed", config.estate().seed())
                .put("assets", view.assetCount())
                .put("findingsPerAsset", config.estate().findingsPerAsset())
                .put("step", view.step())
                .put("time", view.time().toString()));
      }
      default -> {
        return error(404, "Not Found", "Unknown emulator endpoint " + method + " " + path);
      }
    }
  }

  private ObjectNode session() {
    ObjectNode s = mapper.createObjectNode();
    s.put("id", 2);
    s.put("uuid", "3f6cbb8e-0a1b-4c2d-9e3f-4a5b6c7d8e9f");
    s.put("uuid_id", "3f6cbb8e-0a1b-4c2d-9e3f-4a5b6c7d8e9f");
    s.put("username", "integration@example.com");
    s.put("user_name", "integration@example.com");
    s.put("email", "integration@example.com");
    s.put("name", "Integration User");
    s.put("type", "local");
    s.put("permissions", config.permissions());
    s.put("enabled", true);
    s.put("login_fail_count", 0);
    s.put("login_fail_total", 0);
    s.put("container_id", 1234);
    s.put("container_uuid", CONTAINER_UUID);
    s.put("container_name", "example-container");
    ObjectNode features = s.putObject("features");
    features.put("api", true);
    features.put("vm", true);
    features.put("was", false);
    features.put("lumin", true);
    s.putObject("apps").put("consec", "standard");
    s.putArray("group_uuids");
    s.putArray("groups");
    return s;
  }

  private boolean authenticated(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("X-ApiKeys");
    if (header == null) {
      return false;
    }
    Matcher m = API_KEYS.matcher(header);
    return m.matches() && m.group(1).equals(accessKey) && m.group(2).equals(secretKey);
  }

  private void record(
      HttpExchange ex, String method, String path, byte[] body, boolean authenticated, int status) {
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (!lower.equals("x-apikeys")) {
                headers.put(lower, String.join(",", values));
              }
            });
    RecordedRequest r =
        new RecordedRequest(
            config.clock().instant(),
            method,
            path,
            headers,
            body.length == 0 ? null : new String(body, StandardCharsets.UTF_8),
            authenticated,
            status);
    synchronized (journal) {
      if (journal.size() == JOURNAL_SIZE) {
        journal.removeFirst();
      }
      journal.addLast(r);
    }
  }

  private Reply chunkDoesNotExist() {
    return json(404, mapper.createObjectNode().put("error", "Chunk does not exist"));
  }

  /** Tenable's 429 body: nginx's HTML page (the Retry-After header is what a client reads). */
  private static Reply tooManyRequests() {
    return Reply.bytes(
        429,
        "text/html",
        ("<html>\n\n<head>\n    <title>429 Too Many Requests</title>"
                + "\n</head>\n\n<body bgcolor=\"white\">\n    <center>\n        <h1>429 Too Many Requests"
                + "</h1>\n    </center>\n    <hr>\n    <center>nginx</center>\n</body>\n\n</html>")
            .getBytes(StandardCharsets.UTF_8));
  }

  private static void ints(ArrayNode array, List<Integer> values) {
    values.forEach(array::add);
  }

  private Reply json(int status, JsonNode body) {
    try {
      return Reply.bytes(status, "application/json; charset=utf-8", mapper.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Reply error(int status, String error, String message) {
    return json(
        status,
        mapper
            .createObjectNode()
            .put("statusCode", status)
            .put("error", error)
            .put("message", message));
  }

  private static String reason(int status) {
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

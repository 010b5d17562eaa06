package dev.tenableconnector.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import dev.tenableconnector.emulator.export.BadRequest;
import dev.tenableconnector.emulator.export.ChunkCache;
import dev.tenableconnector.emulator.export.ExportJobs;
import dev.tenableconnector.emulator.export.Workbench;
import dev.tenableconnector.emulator.fault.FaultPlan;
import dev.tenableconnector.emulator.fault.FaultRule;
import dev.tenableconnector.emulator.http.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
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
  private final ExportEndpoints exports;
  private final ChunkCache chunkCache;
  private final AdminEndpoints admin = new AdminEndpoints(this);
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
    this.chunkCache =
        config.chunkCacheBytes() > 0
            ? new ChunkCache(config.chunkCacheBytes(), config.clock())
            : null;
    this.exports = new ExportEndpoints(config, jobs, faults, chunkCache, estate::view);
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
    if (chunkCache != null) {
      chunkCache.close();
    }
  }

  /** The bytes of rendered chunks on disk (0 without a chunk cache). */
  public long chunkCacheBytes() {
    return chunkCache == null ? 0 : chunkCache.bytesHeld();
  }

  // ---------------------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = ex.getRequestURI().getPath();
    byte[] body = ex.getRequestBody().readAllBytes();
    boolean authenticated = authenticated(ex);
    Reply response;
    try {
      response = route(method, path, ex.getRequestURI().getRawQuery(), body, authenticated);
    } catch (BadRequest e) {
      response = JsonReplies.error(400, "Bad Request", e.getMessage());
    } catch (RuntimeException e) {
      log.error("emulator failed on {} {}", method, path, e);
      response = JsonReplies.error(500, "Internal Server Error", "Internal server error");
    }
    record(ex, method, path, body, authenticated, response.status());
    response.writeTo(ex);
  }

  private Reply route(
      String method, String path, String query, byte[] body, boolean authenticated) {
    Instant now = config.clock().instant();
    if (path.startsWith("/_emulator/")) {
      return admin.handle(method, path, body);
    }
    if (!authenticated) {
      return JsonReplies.error(401, "Unauthorized", "Invalid Credentials");
    }
    if (path.equals("/session")) {
      if (!method.equals("GET")) {
        return JsonReplies.error(405, "Method Not Allowed", "Method not allowed");
      }
      return fault(FaultRule.Target.SESSION, null)
          .orElseGet(() -> JsonReplies.json(200, session()));
    }
    if (path.equals("/workbenches/vulnerabilities")) {
      if (!method.equals("GET")) {
        return JsonReplies.error(405, "Method Not Allowed", "Method not allowed");
      }
      return JsonReplies.json(
          200, Workbench.vulnerabilities(estate.view(), dateRange(query), mapper));
    }
    Matcher list = LIST.matcher(path);
    if (list.matches()) {
      String type = list.group(1);
      return exports.call(
          method,
          "GET",
          type,
          FaultRule.Target.LIST,
          () -> JsonReplies.json(200, jobs.list(type, now)));
    }
    if (START.matcher(path).matches()) {
      String type = path.startsWith("/vulns") ? "vulns" : "assets";
      boolean v2 = path.startsWith("/assets/v2");
      return exports.call(
          method,
          "POST",
          type,
          FaultRule.Target.START,
          () -> exports.startExport(type, v2, body, now));
    }
    Matcher job = JOB.matcher(path);
    if (job.matches()) {
      String type = job.group(1);
      String uuid = job.group(2);
      if (job.group(3).equals("status")) {
        return exports.call(
            method, "GET", type, FaultRule.Target.STATUS, () -> exports.status(type, uuid, now));
      }
      return exports.call(
          method, "POST", type, FaultRule.Target.CANCEL, () -> exports.cancel(type, uuid, now));
    }
    Matcher chunk = CHUNK.matcher(path);
    if (chunk.matches()) {
      String type = chunk.group(1);
      String uuid = chunk.group(2);
      String id = chunk.group(3);
      return exports.call(
          method, "GET", type, FaultRule.Target.CHUNK, () -> exports.chunk(type, uuid, id, now));
    }
    return JsonReplies.error(404, "Not Found", "Not Found");
  }

  /** The {@code date_range} query parameter (days), or null; a bad one is a 400. */
  private static Integer dateRange(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("date_range=")) {
        try {
          return Integer.parseInt(pair.substring("date_range=".length()));
        } catch (NumberFormatException e) {
          throw new BadRequest("date_range must be a whole number of days");
        }
      }
    }
    return null;
  }

  private Optional<Reply> fault(FaultRule.Target target, String type) {
    return faults.fire(target, type).map(exports::faultReply);
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
}

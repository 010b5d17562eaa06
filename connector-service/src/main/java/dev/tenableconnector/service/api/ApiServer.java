package dev.tenableconnector.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.export.ExportFormat;
import dev.tenableconnector.core.export.InventoryExporter;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.QueryBudget;
import dev.tenableconnector.core.store.QueryStoppedException;
import dev.tenableconnector.core.store.StoreBusyException;
import dev.tenableconnector.core.store.PageRequest;
import dev.tenableconnector.core.store.RecordPage;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.StoredRecord;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.service.check.ConnectionTestResult;
import dev.tenableconnector.service.connector.Connector;
import dev.tenableconnector.service.connector.ConnectorRequest;
import dev.tenableconnector.service.connector.Connectors;
import dev.tenableconnector.service.connector.ServiceException;
import dev.tenableconnector.service.metrics.ServiceMetrics;
import dev.tenableconnector.service.schedule.ConnectorScheduler;
import dev.tenableconnector.service.schedule.LiveRuns;
import dev.tenableconnector.service.web.WebUi;
import dev.tenableconnector.core.query.InventoryQuery;
import dev.tenableconnector.core.query.QueryException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (Javalin): connectors, Test Connection, runs, the inventory, health, metrics and
 * the OpenAPI description. Every route but {@code /health} and {@code /openapi.json} needs the
 * admin bearer token. Errors are {@code {code, message, details[]}}, never a stack trace.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final Set<String> OPEN = Set.of("/health", "/openapi.json");
  private static final Set<String> PAGE_PARAMS = Set.of("limit", "offset", "sort", "order", "q");
  private static final Set<String> EXPORT_PARAMS = Set.of("format", "q", "keepFormulas");
  private static final Set<String> COUNT_PARAMS = Set.of("by", "q");

  /** The largest request body taken, whatever its transfer encoding. */
  static final long BODY_LIMIT = 1_000_000;
  /** How long Run now waits for a free worker to make the run record it names. */
  private static final Duration RUN_ID_WAIT = Duration.ofSeconds(3);
  static final String BODY_LIMIT_TEXT = "1 MB";
  /** The longest silence a connection may keep (Jetty's default is 30 s, reset by every byte). */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
  /** The slowest body taken, in bytes per second. */
  static final long MIN_BODY_RATE = 4096;

  /** A route as registered: the OpenAPI test checks each one is documented. */
  public record Route(String method, String path) {}

  private final Connectors connectors;
  private final ConnectorScheduler scheduler;
  private final LiveRuns live;
  private final ServiceMetrics metrics;
  private final AdminToken token;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Views views = new Views(mapper);
  private final List<Route> routes = new ArrayList<>();
  private final Javalin app;
  private final WebUi web;
  private final WrongTokenLimit wrongTokens = new WrongTokenLimit(java.time.Clock.systemUTC());
  /** How long one inventory query may run (a streamed export: between two rows). */
  private final Duration queryTimeout;

  public ApiServer(Connectors connectors, ConnectorScheduler scheduler, LiveRuns live, ServiceMetrics metrics,
      AdminToken token, Set<String> allowedHosts, Duration queryTimeout) {
    this.connectors = connectors;
    this.queryTimeout = queryTimeout;
    this.scheduler = scheduler;
    this.live = live;
    this.metrics = metrics;
    this.token = token;
    this.web = new WebUi(token, java.time.Clock.systemUTC(), wrongTokens);
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(mapper, false));
      config.http.defaultContentType = "application/json";
      config.http.prefer405over404 = true;
      config.router.ignoreTrailingSlashes = true;
      config.startupWatcherEnabled = false;
      config.http.maxRequestSize = BODY_LIMIT;
      // A client that sends nothing for this long, or a body slower than this, loses the
      // connection: a slow sender cannot hold sockets and threads open.
      config.jetty.modifyHttpConfiguration(http -> {
        http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        http.setMinRequestDataRate(MIN_BODY_RATE);
      });
      config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      config.jetty.modifyServer(server -> server.addEventListener(new org.eclipse.jetty.util.component
          .LifeCycle.Listener() {
        @Override
        public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
          for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
            if (c instanceof org.eclipse.jetty.server.AbstractConnector connector) {
              connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            }
          }
        }
      }));
      config.jetty.modifyServletContextHandler(handler -> handler.addFilter(
          new org.eclipse.jetty.servlet.FilterHolder(new RequestGuard(BODY_LIMIT, allowedHosts)), "/*",
          java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
    });
    app.before(ctx -> {
      ctx.header("X-Content-Type-Options", "nosniff");
      if (ctx.path().startsWith("/api/") || ctx.path().equals("/metrics")) {
        ctx.header("Cache-Control", "no-store");
      }
    });
    app.before(this::authenticate);
    app.after(ctx -> {
      Long started = ctx.attribute("started");
      if (started != null) {
        metrics.requestServed(ctx.endpointHandlerPath(), ctx.statusCode(),
            Duration.ofNanos(System.nanoTime() - started));
      }
    });
    app.exception(ServiceException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(),
        e.details(), e.payload()));
    app.exception(HttpResponseException.class, (e, ctx) -> {
      switch (e.getStatus()) {
        case 404 -> error(ctx, 404, "NOT_FOUND", "no such resource: " + ctx.method() + " " + ctx.path(), List.of(), null);
        case 405 -> error(ctx, 405, "METHOD_NOT_ALLOWED", ctx.method() + " is not allowed on " + ctx.path(), List.of(), null);
        case 413 -> {
          // The rest of the body is not read: close the connection rather than drain it.
          ctx.header("Connection", "close");
          error(ctx, 413, "PAYLOAD_TOO_LARGE", "the request body is larger than the " + BODY_LIMIT_TEXT + " limit", List.of(), null);
        }
        default -> error(ctx, e.getStatus(), "HTTP_" + e.getStatus(), e.getMessage(), List.of(), null);
      }
    });
    app.exception(QueryStoppedException.class, (e, ctx) -> {
      if (e.overBudget()) {
        error(ctx, 422, "QUERY_TIMEOUT", e.getMessage(), List.of("the limit is serve --query-timeout, now "
            + queryTimeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT)), null);
      } else {
        ctx.header("Connection", "close");
        error(ctx, 503, "STOPPING", e.getMessage(), List.of(), null);
      }
    });
    app.exception(StoreBusyException.class, (e, ctx) -> {
      ctx.header("Retry-After", "2");
      error(ctx, 503, "INVENTORY_BUSY", e.getMessage(), List.of(), null);
    });
    app.exception(Exception.class, (e, ctx) -> {
      log.error("{} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, 500, "INTERNAL", "the service failed on this request; see the service log", List.of(), null);
    });
    app.error(404, ctx -> {
      if (ctx.attribute("error") == null) {
        error(ctx, 404, "NOT_FOUND", "no such resource: " + ctx.method() + " " + ctx.path(), List.of(), null);
      }
    });
    app.error(405, ctx -> {
      if (ctx.attribute("error") == null) {
        error(ctx, 405, "METHOD_NOT_ALLOWED", ctx.method() + " is not allowed on " + ctx.path(), List.of(), null);
      }
    });
    registerRoutes();
    web.register(app);
  }

  /**
   * The host names requests may carry in {@code Host}: the loopback names, the bind address and
   * the configured ones. Bound to every interface with none configured, any host is taken (the
   * service cannot know its names), which {@code serve} warns about.
   */
  public static Set<String> allowedHosts(String bind, Set<String> configured) {
    Set<String> hosts = new java.util.TreeSet<>();
    configured.forEach(h -> hosts.add(RequestGuard.hostName(h)));
    boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
    if (wildcard && hosts.isEmpty()) {
      return Set.of();
    }
    hosts.addAll(List.of("localhost", "127.0.0.1", "[::1]"));
    if (!wildcard) {
      hosts.add(RequestGuard.hostName(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind));
    }
    return Set.copyOf(hosts);
  }

  public ApiServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }

  @Override
  public void close() {
    app.stop();
  }

  // ---- routes ----

  private void registerRoutes() {
    route(HandlerType.GET, "/health", ctx -> {
      ObjectNode n = mapper.createObjectNode();
      String problem;
      try {
        connectors.registry().setting("master_key_check"); // the database answers
        problem = connectors.store().damage().orElse(null); // and no read or write found it damaged
      } catch (RuntimeException e) {
        problem = "the inventory database does not answer: " + e.getMessage();
      }
      n.put("status", problem == null ? "UP" : "DOWN");
      if (problem != null) {
        n.put("reason", problem);
      }
      ctx.status(problem == null ? 200 : 503).json(n);
    });
    route(HandlerType.GET, "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));
    route(HandlerType.GET, "/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
        .result(metrics.scrape()));

    route(HandlerType.GET, "/api/connectors", ctx -> {
      List<String> problems = new ArrayList<>();
      unknownParams(ctx, Set.of("limit", "offset"), problems);
      if (!problems.isEmpty()) {
        throw ServiceException.invalid(problems);
      }
      int limit = intParam(ctx, "limit", Connectors.MAX_CONNECTORS, 1, Connectors.MAX_CONNECTORS);
      int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
      List<Connector> all = connectors.list();
      ArrayNode items = mapper.createArrayNode();
      int from = Math.min(offset, all.size());
      int to = (int) Math.min(all.size(), (long) offset + limit);
      for (Connector c : all.subList(from, to)) {
        items.add(view(c));
      }
      ObjectNode page = mapper.createObjectNode();
      page.set("connectors", items);
      page.put("total", all.size());
      page.put("offset", offset);
      page.put("limit", limit);
      ctx.json(page);
    });
    route(HandlerType.POST, "/api/connectors", ctx -> {
      ConnectorRequest request = ConnectorRequest.parse(body(ctx), true);
      Connector created = connectors.create(request, skipTest(ctx));
      ctx.status(201).header("Location", "/api/connectors/" + created.id())
          .json(withSettingWarnings(view(created), request));
    });
    route(HandlerType.POST, "/api/connectors/test", ctx -> {
      ConnectorRequest request = ConnectorRequest.parse(body(ctx), false);
      String accept = ctx.header("Accept");
      if (accept != null && accept.contains("application/x-ndjson")) {
        streamTest(ctx, request);
      } else {
        ctx.json(views.checks(connectors.test(request)));
      }
    });
    route(HandlerType.GET, "/api/connectors/{id}", ctx -> ctx.json(view(connectors.get(ctx.pathParam("id")))));
    route(HandlerType.PUT, "/api/connectors/{id}", ctx -> {
      String id = ctx.pathParam("id");
      ConnectorRequest request = ConnectorRequest.parse(body(ctx), false, connectors.get(id).config().sync());
      ctx.json(withSettingWarnings(view(connectors.update(id, request, skipTest(ctx))), request));
    });
    route(HandlerType.DELETE, "/api/connectors/{id}", ctx -> {
      connectors.delete(ctx.pathParam("id"));
      ctx.status(204);
    });
    route(HandlerType.POST, "/api/connectors/{id}/test", ctx -> {
      ConnectionTestResult result = connectors.test(ctx.pathParam("id"));
      ctx.json(views.checks(result));
    });
    route(HandlerType.POST, "/api/connectors/{id}/runs", ctx -> {
      String id = ctx.pathParam("id");
      scheduler.runNow(id);
      // A free worker makes the run record at once: wait a moment for it, so the answer names
      // the new run; when every worker is busy, progress.runId stays null until one starts it.
      long deadline = System.nanoTime() + RUN_ID_WAIT.toNanos();
      long runId = 0;
      while (runId == 0 && scheduler.busy(id) && System.nanoTime() < deadline) {
        runId = live.of(id).map(LiveRuns.Progress::runId).orElse(0L);
        if (runId == 0) {
          Thread.sleep(20);
        }
      }
      ObjectNode answer = view(connectors.get(id));
      if (runId > 0) {
        answer.put("runId", runId); // the run may already have ended (its progress then gone)
      } else {
        answer.putNull("runId");
      }
      ctx.status(202).json(answer);
    });
    route(HandlerType.POST, "/api/connectors/{id}/cancel", ctx -> {
      String id = ctx.pathParam("id");
      scheduler.cancel(id, ctx.attribute("via-ui") != null ? "from the web UI" : "from the API");
      ctx.status(202).json(view(connectors.get(id)));
    });
    route(HandlerType.GET, "/api/connectors/{id}/runs", ctx -> {
      Connector c = connectors.get(ctx.pathParam("id"));
      int limit = intParam(ctx, "limit", 20, 1, 500);
      ArrayNode runs = mapper.createArrayNode();
      for (RunRecord r : connectors.store().runs(c.id(), limit)) {
        runs.add(views.run(r));
      }
      ctx.json(mapper.createObjectNode().set("runs", runs));
    });
    route(HandlerType.GET, "/api/connectors/{id}/runs/{runId}", ctx -> {
      Connector c = connectors.get(ctx.pathParam("id"));
      long runId;
      try {
        runId = Long.parseLong(ctx.pathParam("runId"));
      } catch (NumberFormatException e) {
        throw ServiceException.invalid(List.of("runId: must be a number, not '" + ctx.pathParam("runId") + "'"));
      }
      RunRecord run = connectors.store().run(runId).filter(r -> r.connector().equals(c.id()))
          .orElseThrow(() -> ServiceException.notFound("run " + runId + " of connector '" + c.name() + "'"));
      ObjectNode n = views.run(run);
      n.set("rejected", views.rejected(connectors.store().rejected(runId, intParam(ctx, "rejectedLimit", 100, 0, 1000))));
      ctx.json(n);
    });

    route(HandlerType.GET, "/api/assets", ctx -> ctx.json(page(ctx, Entity.ASSET)));
    route(HandlerType.GET, "/api/findings", ctx -> ctx.json(page(ctx, Entity.FINDING)));
    route(HandlerType.GET, "/api/assets/counts", ctx -> ctx.json(counts(ctx, Entity.ASSET, "assetStatus")));
    route(HandlerType.GET, "/api/findings/counts", ctx -> ctx.json(counts(ctx, Entity.FINDING, "findingSeverity")));
    route(HandlerType.GET, "/api/assets/export", ctx -> export(ctx, Entity.ASSET));
    route(HandlerType.GET, "/api/findings/export", ctx -> export(ctx, Entity.FINDING));
    route(HandlerType.GET, "/api/assets/{id}", ctx -> ctx.json(record(Entity.ASSET, ctx.pathParam("id"))));
    route(HandlerType.GET, "/api/findings/{id}", ctx -> ctx.json(record(Entity.FINDING, ctx.pathParam("id"))));

    route(HandlerType.GET, "/api/defaults/transformMap", ctx -> ctx.contentType("application/json")
        .result(resource(TransformMap.DEFAULT_RESOURCE)));
    route(HandlerType.GET, "/api/defaults/severityMapping", ctx -> ctx.contentType("application/json")
        .result(resource(SeverityMapping.DEFAULT_RESOURCE)));
    route(HandlerType.POST, "/api/validate/transformMap", ctx -> ctx.json(validate(ctx,
        json -> TransformMap.parse(json, "the transform map").name())));
    route(HandlerType.POST, "/api/validate/severityMapping", ctx -> ctx.json(validate(ctx,
        json -> { SeverityMapping.parse(json, "the risk severity mapping"); return null; })));
    route(HandlerType.GET, "/api/spec", ctx -> ctx.json(views.spec()));
    route(HandlerType.GET, "/api/timezones", ctx -> {
      ArrayNode zones = mapper.createArrayNode();
      java.time.ZoneId.getAvailableZoneIds().stream().sorted().forEach(zones::add);
      ctx.json(mapper.createObjectNode().set("timezones", zones));
    });
  }

  private void route(HandlerType method, String path, Handler handler) {
    routes.add(new Route(method.name(), path));
    app.addHttpHandler(method, path, handler);
  }

  // ---- auth and errors ----

  private void authenticate(Context ctx) {
    ctx.attribute("started", System.nanoTime());
    if (OPEN.contains(ctx.path()) || WebUi.owns(ctx.path())) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null && web.apiSession(ctx).isPresent()) {
      ctx.attribute("via-ui", true);
      return; // the web UI's session cookie, its CSRF token checked
    }
    String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).strip() : null;
    String address = ctx.ip();
    if (presented != null && wrongTokens.blocked(address)) {
      ctx.header("Retry-After", "60");
      throw new ServiceException(429, "TOO_MANY_WRONG_TOKENS", "too many wrong tokens from this"
          + " address in the last minute; wait a minute", List.of(), null);
    }
    if (!token.matches(presented)) {
      if (presented != null) {
        wrongTokens.failed(address);
      }
      ctx.header("WWW-Authenticate", "Bearer realm=\"tenable-connector\"");
      throw new ServiceException(401, "UNAUTHORIZED", presented == null
          ? "this request needs an Authorization: Bearer <admin token> header"
          : "the bearer token is not the admin token", List.of(), null);
    }
  }

  private void error(Context ctx, int status, String code, String message, List<String> details, Object payload) {
    ObjectNode n = mapper.createObjectNode();
    n.put("code", code);
    n.put("message", message);
    ArrayNode d = n.putArray("details");
    details.forEach(d::add);
    if (payload instanceof ConnectionTestResult result) {
      n.set("checks", views.checks(result).get("checks"));
    }
    ctx.attribute("error", code);
    ctx.status(status).json(n);
  }

  // ---- helpers ----

  private ObjectNode view(Connector c) {
    var lastRun = c.row().lastRunId() == null ? java.util.Optional.<RunRecord>empty()
        : connectors.store().run(c.row().lastRunId());
    return views.connector(c, lastRun, live.of(c.id()));
  }

  /** Says which settings were lowered or raised to a sound value, when some were. */
  private ObjectNode withSettingWarnings(ObjectNode view, ConnectorRequest request) {
    if (!request.settingWarnings().isEmpty()) {
      ArrayNode warnings = view.putArray("settingWarnings");
      request.settingWarnings().forEach(warnings::add);
    }
    return view;
  }

  private JsonNode body(Context ctx) {
    String text = ctx.body();
    if (text.isBlank()) {
      throw ServiceException.invalid(List.of("the request body is empty; send the connector as JSON"));
    }
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw ServiceException.invalid(List.of("the body is not valid JSON" + (at == null ? "" : " (line "
          + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": " + e.getOriginalMessage()));
    }
  }

  /**
   * Test Connection as newline-delimited JSON: each check on its own line the moment it ends,
   * then the whole result, so the wizard can show the checks arriving one by one.
   */
  private void streamTest(Context ctx, ConnectorRequest request) throws IOException {
    ctx.status(200).contentType("application/x-ndjson");
    ctx.header("Cache-Control", "no-store");
    var out = ctx.res().getOutputStream();
    ConnectionTestResult result = connectors.test(request, check -> {
      try {
        out.write((mapper.writeValueAsString(mapper.createObjectNode().set("check", views.check(check))) + "\n")
            .getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // the browser went away; the test stops at this check
      }
    });
    out.write((mapper.writeValueAsString(mapper.createObjectNode().set("result", views.checks(result))) + "\n")
        .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static boolean skipTest(Context ctx) {
    String v = ctx.queryParam("skipTestConnection");
    return v != null && (v.isEmpty() || v.equalsIgnoreCase("true"));
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ServiceException.invalid(List.of(name + ": must be a whole number " + min + "-" + max + ", not '" + v + "'"));
    }
  }

  private ObjectNode page(Context ctx, Entity entity) {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> filters = new LinkedHashMap<>();
    ctx.queryParamMap().forEach((name, values) -> {
      if (!PAGE_PARAMS.contains(name)) {
        List<String> split = new ArrayList<>();
        values.forEach(v -> split.addAll(List.of(v.split(","))));
        filters.put(name, split);
      }
    });
    int limit = 50;
    int offset = 0;
    try {
      limit = ctx.queryParam("limit") == null ? 50 : Integer.parseInt(ctx.queryParam("limit"));
    } catch (NumberFormatException e) {
      problems.add("limit: must be a whole number 1-" + PageRequest.MAX_LIMIT);
    }
    try {
      offset = ctx.queryParam("offset") == null ? 0 : Integer.parseInt(ctx.queryParam("offset"));
    } catch (NumberFormatException e) {
      problems.add("offset: must be a whole number, 0 or more");
    }
    String order = ctx.queryParam("order");
    if (order != null && !order.equalsIgnoreCase("asc") && !order.equalsIgnoreCase("desc")) {
      problems.add("order: must be asc or desc, not '" + order + "'");
    }
    InventoryQuery query = query(ctx, entity, problems);
    PageRequest request = new PageRequest(entity, filters, ctx.queryParam("sort"),
        "desc".equalsIgnoreCase(order), offset, limit, query);
    problems.addAll(request.validate());
    if (!problems.isEmpty()) {
      throw ServiceException.invalid(problems);
    }
    RecordPage page = connectors.store().page(request, QueryBudget.of(queryTimeout));
    ObjectNode n = mapper.createObjectNode();
    ArrayNode items = n.putArray("items");
    for (StoredRecord r : page.items()) {
      items.add(views.json(r.data()));
    }
    n.put("total", page.total());
    n.put("offset", offset);
    n.put("limit", limit);
    return n;
  }

  /** The {@code q=} query, checked; a problem is added instead when it cannot be read. */
  private static InventoryQuery query(Context ctx, Entity entity, List<String> problems) {
    String q = ctx.queryParam("q");
    if (q == null || q.isBlank()) {
      return null;
    }
    try {
      return InventoryQuery.parseFor(q, entity);
    } catch (QueryException e) {
      problems.add("q: " + e.getMessage());
      return null;
    }
  }

  /**
   * Streams the records matching {@code q} as a download, in the CLI's export formats: jsonl, csv,
   * or (findings) ocsf. Memory stays flat; a client that goes away ends the stream.
   */
  private void export(Context ctx, Entity entity) throws IOException {
    List<String> problems = new ArrayList<>();
    String f = ctx.queryParam("format") == null ? "jsonl" : ctx.queryParam("format");
    ExportFormat format = null;
    try {
      format = ExportFormat.parse(f);
      if (format == ExportFormat.OCSF && entity != Entity.FINDING) {
        problems.add("format: ocsf exports findings (OCSF Vulnerability Finding events); export assets as jsonl or csv");
      }
    } catch (IllegalArgumentException e) {
      problems.add("format: " + e.getMessage());
    }
    InventoryQuery query = query(ctx, entity, problems);
    String keep = ctx.queryParam("keepFormulas");
    if (keep != null && !keep.equals("true") && !keep.equals("false")) {
      problems.add("keepFormulas: true or false, not '" + keep + "'");
    }
    unknownParams(ctx, EXPORT_PARAMS, problems);
    if (!problems.isEmpty()) {
      throw ServiceException.invalid(problems);
    }
    InventoryExporter.CsvFormulas formulas = "true".equals(keep)
        ? InventoryExporter.CsvFormulas.KEEP : InventoryExporter.CsvFormulas.NEUTRALISE;
    String extension = format == ExportFormat.CSV ? "csv" : format == ExportFormat.OCSF ? "ocsf.jsonl" : "jsonl";
    String file = entity.plural() + "-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "." + extension;
    ctx.status(200).contentType(format == ExportFormat.CSV ? "text/csv; charset=utf-8" : "application/x-ndjson");
    ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
    ctx.header("Cache-Control", "no-store");
    // Not try-with-resources: closing the stream would complete the response, even after a failure.
    // The exporters flush when they end, even on failure; a flush would commit the response, so
    // only a full buffer or the end of a good export sends bytes.
    var out = new java.io.BufferedOutputStream(ctx.res().getOutputStream(), 1 << 16) {
      @Override
      public void flush() {}

      @Override
      public void close() throws IOException {
        super.flush();
        super.close();
      }
    };
    try {
      InventoryExporter.export(connectors.store(), entity, format, query, out, formulas,
          QueryBudget.idle(queryTimeout));
      out.close();
    } catch (RuntimeException | IOException e) {
      if (!ctx.res().isCommitted()) {
        // Nothing has left yet (the first 64 KiB are buffered): answer with the error itself.
        ctx.res().reset();
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        if (e instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new UncheckedIOException((IOException) e);
      }
      // The 200 and part of the body are gone: end the response abnormally (no final chunk), so
      // the client sees a failed download instead of a short file that looks complete.
      log.error("export of {} failed mid-stream: {}", entity.plural(), e.toString());
      org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
      if (base != null) {
        base.getHttpChannel().abort(e);
      }
    }
  }

  /** Names every query parameter this route does not take, as the page routes do. */
  private static void unknownParams(Context ctx, Set<String> known, List<String> problems) {
    ctx.queryParamMap().keySet().stream().filter(name -> !known.contains(name)).sorted()
        .forEach(name -> problems.add(name + ": not a parameter of this route (known: "
            + String.join(", ", new java.util.TreeSet<>(known)) + ")"));
  }

  private ObjectNode counts(Context ctx, Entity entity, String defaultField) {
    String by = ctx.queryParam("by") == null ? defaultField : ctx.queryParam("by");
    List<String> problems = new ArrayList<>();
    if (PageRequest.Field.of(entity, by) == null) {
      problems.add("by: '" + by + "' is not a countable field of " + entity.plural() + " (known: "
          + String.join(", ", PageRequest.Field.names(entity)) + ")");
    }
    InventoryQuery query = query(ctx, entity, problems);
    unknownParams(ctx, COUNT_PARAMS, problems);
    if (!problems.isEmpty()) {
      throw ServiceException.invalid(problems);
    }
    ObjectNode n = mapper.createObjectNode();
    n.put("by", PageRequest.Field.of(entity, by).fieldName());
    ArrayNode counts = n.putArray("counts");
    long total = 0;
    for (InventoryStore.ValueCount vc : connectors.store().countBy(entity, by, query, QueryBudget.of(queryTimeout))) {
      ObjectNode c = counts.addObject();
      c.set("value", mapper.valueToTree(vc.value()));
      c.put("count", vc.count());
      total += vc.count();
    }
    n.put("total", total);
    return n;
  }

  private interface Check {
    String run(String json);
  }

  /** Validates a transform map or severity mapping as a connector would; every problem listed. */
  private ObjectNode validate(Context ctx, Check check) {
    JsonNode body = body(ctx);
    ObjectNode n = mapper.createObjectNode();
    ArrayNode problems = mapper.createArrayNode();
    try {
      String name = check.run(body.toString());
      if (name != null) {
        n.put("name", name);
      }
    } catch (dev.tenableconnector.core.transform.TransformMapException e) {
      e.problems().forEach(problems::add);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    n.put("valid", problems.isEmpty());
    n.set("problems", problems);
    return n;
  }

  private ObjectNode record(Entity entity, String key) {
    InventoryStore store = connectors.store();
    String keyField = entity == Entity.ASSET ? "externalAssetId" : "externalFindingId";
    RecordPage page = store.page(new PageRequest(entity, Map.of(keyField, List.of(key)), null, false, 0, 1),
        QueryBudget.of(queryTimeout));
    if (page.items().isEmpty()) {
      throw ServiceException.notFound((entity == Entity.ASSET ? "asset " : "finding ") + key);
    }
    ObjectNode n = mapper.createObjectNode();
    n.set(entity == Entity.ASSET ? "asset" : "finding", views.json(page.items().get(0).data()));
    n.set("raw", views.json(store.rawRecord(entity, key).orElse(null)));
    return n;
  }

  private String openApi() {
    return resource("/openapi.json");
  }

  private static String resource(String name) {
    try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

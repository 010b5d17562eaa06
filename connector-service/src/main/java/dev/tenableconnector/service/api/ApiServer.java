package dev.tenableconnector.service.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.store.QueryStoppedException;
import dev.tenableconnector.core.store.StoreBusyException;
import dev.tenableconnector.service.check.ConnectionTestResult;
import dev.tenableconnector.service.connector.ApiError;
import dev.tenableconnector.service.connector.Connectors;
import dev.tenableconnector.service.connector.ServiceException;
import dev.tenableconnector.service.metrics.ServiceMetrics;
import dev.tenableconnector.service.schedule.ConnectorScheduler;
import dev.tenableconnector.service.schedule.LiveRuns;
import dev.tenableconnector.service.web.WebUi;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (Javalin): connectors, Test Connection, runs, the inventory, health, metrics and the
 * OpenAPI description. Every route but {@code /health} and {@code /openapi.json} needs the admin
 * bearer token. Errors are {@code {code, message, details[]}}, never a stack trace.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  /** Set on a request authenticated by the web UI's session rather than the bearer token. */
  static final String VIA_UI = "via-ui";

  /** The largest request body taken, whatever its transfer encoding. */
  static final long BODY_LIMIT = 1_000_000;

  static final String BODY_LIMIT_TEXT = "1 MB";

  /** The longest silence a connection may keep (Jetty's default is 30 s, reset by every byte). */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  /** The slowest body taken, in bytes per second. */
  static final long MIN_BODY_RATE = 4096;

  /** A route as registered: the OpenAPI test checks each one is documented. */
  public record Route(String method, String path) {}

  private final Connectors connectors;
  private final ServiceMetrics metrics;
  private final AdminToken token;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Views views = new Views(mapper);
  private final RouteTable routes;
  private final Javalin app;
  private final WebUi web;
  private final WrongTokenLimit wrongTokens = new WrongTokenLimit(java.time.Clock.systemUTC());

  /** The in-memory key store's password: it never leaves this process. */
  private static final char[] KEY_STORE_PASSWORD =
      java.util.UUID.randomUUID().toString().toCharArray();

  private final TlsFiles tls;
  private final AuditTrail audit;
  private final dev.tenableconnector.service.access.Users users;

  /** The request's {@link dev.tenableconnector.service.access.Principal}, once authenticated. */
  static final String PRINCIPAL = "principal";

  private volatile String bindHost;
  private volatile int bindPort;

  /** How long one inventory query may run (a streamed export: between two rows). */
  private final Duration queryTimeout;

  public ApiServer(
      Connectors connectors,
      ConnectorScheduler scheduler,
      LiveRuns live,
      ServiceMetrics metrics,
      AdminToken token,
      Set<String> allowedHosts,
      Duration queryTimeout,
      TlsFiles tls,
      Set<String> trustedProxies,
      dev.tenableconnector.service.access.OidcSettings oidc) {
    this.connectors = connectors;
    this.tls = tls;
    java.security.KeyStore keys = tls == null ? null : tls.keyStore(KEY_STORE_PASSWORD);
    this.queryTimeout = queryTimeout;
    this.metrics = metrics;
    this.token = token;
    this.users =
        new dev.tenableconnector.service.access.Users(
            connectors.store().sql(), java.time.Clock.systemUTC());
    this.web =
        new WebUi(
            token,
            users::byToken,
            connectors.store().sql(),
            java.time.Clock.systemUTC(),
            wrongTokens,
            oidc);
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(mapper, false));
              config.http.defaultContentType = "application/json";
              config.http.prefer405over404 = true;
              config.router.ignoreTrailingSlashes = true;
              config.startupWatcherEnabled = false;
              config.http.maxRequestSize = BODY_LIMIT;
              // A client that sends nothing for this long, or a body slower than this, loses the
              // connection: a slow sender cannot hold sockets and threads open.
              config.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                    http.setMinRequestDataRate(MIN_BODY_RATE);
                  });
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              if (keys != null) {
                // TLS only: this connector replaces the plain one Javalin would make.
                config.jetty.addConnector(
                    (server, http) -> {
                      org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl =
                          new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
                      ssl.setKeyStore(keys);
                      ssl.setKeyStorePassword(new String(KEY_STORE_PASSWORD));
                      ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
                      org.eclipse.jetty.server.HttpConfiguration https =
                          new org.eclipse.jetty.server.HttpConfiguration(http);
                      https.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer());
                      org.eclipse.jetty.server.ServerConnector connector =
                          new org.eclipse.jetty.server.ServerConnector(
                              server,
                              ssl,
                              new org.eclipse.jetty.server.HttpConnectionFactory(https));
                      connector.setHost(bindHost);
                      connector.setPort(bindPort);
                      return connector;
                    });
              }
              config.jetty.modifyServer(
                  server ->
                      server.addEventListener(
                          new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                            @Override
                            public void lifeCycleStarting(
                                org.eclipse.jetty.util.component.LifeCycle event) {
                              for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
                                if (c
                                    instanceof
                                    org.eclipse.jetty.server.AbstractConnector connector) {
                                  connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                                }
                              }
                            }
                          }));
              config.jetty.modifyServletContextHandler(
                  handler ->
                      handler.addFilter(
                          new org.eclipse.jetty.servlet.FilterHolder(
                              new TrustedProxies(trustedProxies)),
                          "/*",
                          java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
              config.jetty.modifyServletContextHandler(
                  handler ->
                      handler.addFilter(
                          new org.eclipse.jetty.servlet.FilterHolder(
                              new RequestGuard(BODY_LIMIT, allowedHosts)),
                          "/*",
                          java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            });
    app.before(
        ctx -> {
          ctx.header("X-Content-Type-Options", "nosniff");
          if (this.tls != null) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
          }
          if (ctx.path().startsWith("/api/") || ctx.path().equals("/metrics")) {
            ctx.header("Cache-Control", "no-store");
          }
        });
    RequestAuth auth = new RequestAuth(token, users, web, wrongTokens);
    app.before(auth::authenticate);
    this.audit = new AuditTrail(connectors::store, mapper, java.time.Clock.systemUTC());
    app.after(audit::after);
    app.after(
        ctx -> {
          Long started = ctx.attribute("started");
          if (started != null) {
            metrics.requestServed(
                ctx.endpointHandlerPath(),
                ctx.statusCode(),
                Duration.ofNanos(System.nanoTime() - started));
          }
        });
    app.exception(
        ServiceException.class,
        (e, ctx) -> error(ctx, e.error(), e.getMessage(), e.details(), e.payload()));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          switch (e.getStatus()) {
            case 404 -> notFound(ctx);
            case 405 -> methodNotAllowed(ctx);
            case 413 -> {
              // The rest of the body is not read: close the connection rather than drain it.
              ctx.header("Connection", "close");
              error(
                  ctx,
                  ApiError.PAYLOAD_TOO_LARGE,
                  "the request body is larger than the " + BODY_LIMIT_TEXT + " limit",
                  List.of(),
                  null);
            }
            default -> error(ctx, e.getStatus(), ApiError.REFUSED, e.getMessage(), List.of(), null);
          }
        });
    app.exception(
        QueryStoppedException.class,
        (e, ctx) -> {
          if (e.overBudget()) {
            error(
                ctx,
                ApiError.QUERY_TIMEOUT,
                e.getMessage(),
                List.of(
                    "the limit is serve --query-timeout, now "
                        + queryTimeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT)),
                null);
          } else {
            ctx.header("Connection", "close");
            error(ctx, ApiError.STOPPING, e.getMessage(), List.of(), null);
          }
        });
    app.exception(
        StoreBusyException.class,
        (e, ctx) -> {
          ctx.header("Retry-After", "2");
          error(ctx, ApiError.INVENTORY_BUSY, e.getMessage(), List.of(), null);
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("{} {} failed", ctx.method(), ctx.path(), e);
          error(
              ctx,
              ApiError.INTERNAL,
              "the service failed on this request; see the service log",
              List.of(),
              null);
        });
    app.error(
        404,
        ctx -> {
          if (ctx.attribute("error") == null) {
            notFound(ctx);
          }
        });
    app.error(
        405,
        ctx -> {
          if (ctx.attribute("error") == null) {
            methodNotAllowed(ctx);
          }
        });
    RouteTable table = new RouteTable(app);
    new ReferenceRoutes(connectors, metrics, mapper, views).register(table);
    audit.register(table);
    new ConnectorRoutes(connectors, scheduler, live, mapper, views).register(table);
    DecisionRoutes decisions = new DecisionRoutes(connectors::store, mapper, connectors);
    decisions.register(table);
    new InventoryRoutes(connectors::store, mapper, views, queryTimeout, decisions).register(table);
    this.routes = table;
    web.register(app);
  }

  /**
   * The host names requests may carry in {@code Host}: the loopback names, the bind address and the
   * configured ones. Bound to every interface with none configured, any host is taken (the service
   * cannot know its names), which {@code serve} warns about.
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
      hosts.add(
          RequestGuard.hostName(
              bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind));
    }
    return Set.copyOf(hosts);
  }

  public ApiServer start(String host, int port) {
    bindHost = host;
    bindPort = port;
    app.start(host, port);
    return this;
  }

  /** Whether the service speaks TLS (then only TLS). */
  public boolean tls() {
    return tls != null;
  }

  public int port() {
    return app.port();
  }

  public List<Route> routes() {
    return routes.routes();
  }

  @Override
  public void close() {
    app.stop();
  }

  // ---- auth and errors ----

  private void methodNotAllowed(Context ctx) {
    error(
        ctx,
        ApiError.METHOD_NOT_ALLOWED,
        ctx.method() + " is not allowed on " + ctx.path(),
        List.of(),
        null);
  }

  private void notFound(io.javalin.http.Context ctx) {
    error(
        ctx,
        ApiError.NOT_FOUND,
        "no such resource: " + ctx.method() + " " + ctx.path(),
        List.of(),
        null);
  }

  private void error(
      Context ctx, ApiError error, String message, List<String> details, Object payload) {
    error(ctx, error.status(), error, message, details, payload);
  }

  /** As above, with the status the web server gave (REFUSED carries it). */
  private void error(
      Context ctx,
      int status,
      ApiError error,
      String message,
      List<String> details,
      Object payload) {
    String code = error.code(status);
    ObjectNode n = mapper.createObjectNode();
    n.put("code", code);
    n.put("message", message);
    ArrayNode d = n.putArray("details");
    details.forEach(d::add);
    if (payload instanceof ConnectionTestResult result) {
      n.set("checks", mapper.valueToTree(views.checks(result).checks()));
    }
    ctx.attribute("error", code);
    ctx.status(status).json(n);
  }
}

package dev.tenableconnector.service.web;

import dev.tenableconnector.service.api.AdminToken;
import dev.tenableconnector.service.api.WrongTokenLimit;
import dev.tenableconnector.service.connector.ApiError;
import dev.tenableconnector.service.connector.ServiceException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI served by the service: a sign-in page that takes the admin token and starts a cookie
 * session, the single-page app (plain JavaScript, no framework, nothing fetched from outside) and
 * its assets. The app calls the same JSON API as any client, authenticated by the session cookie;
 * every state-changing call must carry the session's CSRF token.
 */
public final class WebUi {
  private static final Logger log = LoggerFactory.getLogger(WebUi.class);
  public static final String SESSION_COOKIE = "tc_session";
  public static final String LOGIN_CSRF_COOKIE = "tc_login_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** The UI's ES modules: app.js, the entry point, imports the others (no bundler). */
  static final List<String> MODULES =
      List.of(
          "app.js",
          "core.js",
          "connections.js",
          "connector.js",
          "forms.js",
          "wizard.js",
          "inventory.js",
          "record.js",
          "overview.js");

  /**
   * The browser libraries, served from their WebJars in the jar (never a CDN): the path the UI asks
   * for, and the WebJar file, whose version comes from the WebJar's own pom.properties.
   */
  static final Map<String, String> VENDOR =
      Map.of(
          "chart.umd.js", webjar("chart.js", "dist/chart.umd.js"),
          "chart.js-LICENSE.md", webjar("chart.js", "LICENSE.md"));

  private static String webjar(String artifact, String file) {
    String properties = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (InputStream in = WebUi.class.getResourceAsStream(properties)) {
      if (in == null) {
        throw new IllegalStateException("the WebJar " + artifact + " is missing from the build");
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return "/META-INF/resources/webjars/"
          + artifact
          + "/"
          + p.getProperty("version")
          + "/"
          + file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Set<String> ASSETS = assets();

  private static Set<String> assets() {
    Set<String> files = new java.util.TreeSet<>(MODULES);
    files.add("app.css");
    files.add("favicon.svg");
    return java.util.Collections.unmodifiableSet(files);
  }

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final AdminToken token;
  private final WebSessions sessions;

  /** Sign-in through an OpenID Connect provider; null when none is configured. */
  private final SingleSignOn singleSignOn;

  private final Clock clock;
  private final WrongTokenLimit limit;

  /** The user a token belongs to, besides the admin token's holder. */
  private final java.util.function.Function<
          String, Optional<dev.tenableconnector.service.access.Principal>>
      users;

  public WebUi(
      AdminToken token,
      java.util.function.Function<String, Optional<dev.tenableconnector.service.access.Principal>>
          users,
      dev.tenableconnector.core.store.SqlAccess sql,
      Clock clock,
      WrongTokenLimit limit,
      dev.tenableconnector.service.access.OidcSettings oidc) {
    this.limit = limit;
    this.token = token;
    this.users = users;
    this.clock = clock;
    this.sessions = new WebSessions(sql, clock);
    this.singleSignOn = oidc == null ? null : new SingleSignOn(oidc, sessions, this);
  }

  /**
   * Whether the path is the UI's own (it checks its session itself; the API's bearer check skips
   * it).
   */
  public static boolean owns(String path) {
    return path.equals("/") || path.equals("/ui") || path.startsWith("/ui/");
  }

  public void register(Javalin app) {
    app.addHttpHandler(
        HandlerType.GET, "/", ctx -> ctx.redirect("/ui/", io.javalin.http.HttpStatus.SEE_OTHER));
    app.addHttpHandler(HandlerType.GET, "/ui", this::app);
    app.addHttpHandler(HandlerType.GET, "/ui/login", ctx -> loginPage(ctx, null, 200));
    app.addHttpHandler(HandlerType.POST, "/ui/login", this::login);
    app.addHttpHandler(HandlerType.POST, "/ui/logout", this::logout);
    app.addHttpHandler(HandlerType.GET, "/ui/assets/{file}", this::asset);
    if (singleSignOn != null) {
      singleSignOn.register(app);
    }
    app.addHttpHandler(HandlerType.GET, "/ui/vendor/{file}", this::vendor);
  }

  /**
   * For an API request without a bearer token: the signed-in session of its cookie, with the CSRF
   * token checked on every method that changes something. Empty when there is no session.
   */
  public Optional<WebSessions.Session> apiSession(Context ctx) {
    Optional<WebSessions.Session> session = sessions.find(ctx.cookie(SESSION_COOKIE));
    if (session.isPresent()
        && !SAFE_METHODS.contains(ctx.method().name())
        && !WebSessions.csrfMatches(session.get(), ctx.header(CSRF_HEADER))) {
      throw new ServiceException(
          ApiError.CSRF_FAILED,
          "this request came with the web UI's session cookie but"
              + " without its CSRF token ("
              + CSRF_HEADER
              + " header); reload the page and try again",
          List.of(),
          null);
    }
    return session;
  }

  // ---- pages ----

  private void app(Context ctx) {
    Optional<WebSessions.Session> session = sessions.find(ctx.cookie(SESSION_COOKIE));
    if (session.isEmpty()) {
      ctx.redirect("/ui/login", io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    dev.tenableconnector.service.access.Principal who = session.get().principal();
    html(
        ctx,
        200,
        resource("index.html")
            .replace("{{csrf}}", session.get().csrf())
            .replace("{{may}}", String.join(" ", uiAllows(who.role())))
            .replace("{{who}}", escape(who.name() + " (" + who.role().label() + ")")));
  }

  void loginPage(Context ctx, String error, int status) {
    if (error == null && sessions.find(ctx.cookie(SESSION_COOKIE)).isPresent()) {
      ctx.redirect("/ui/", io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    String csrf = sessions.randomToken();
    cookie(ctx, LOGIN_CSRF_COOKIE, csrf, "/ui/login", -1);
    String page =
        resource("login.html")
            .replace("{{csrf}}", csrf)
            .replace(
                "{{sso}}",
                singleSignOn == null
                    ? ""
                    : "<p><a class=\"button primary\" id=\"sso\" href=\"/ui/oidc/start\">Sign in"
                        + " with single sign-on</a></p><p class=\"muted\">or with a token:</p>")
            .replace(
                "{{error}}",
                error == null
                    ? ""
                    : "<p class=\"alert error\" role=\"alert\" id=\"login-error\">"
                        + escape(error)
                        + "</p>");
    html(ctx, status, page);
  }

  private void login(Context ctx) {
    String formCsrf = ctx.formParam("csrf");
    String cookieCsrf = ctx.cookie(LOGIN_CSRF_COOKIE);
    if (formCsrf == null
        || cookieCsrf == null
        || !java.security.MessageDigest.isEqual(
            formCsrf.getBytes(StandardCharsets.UTF_8),
            cookieCsrf.getBytes(StandardCharsets.UTF_8))) {
      loginPage(ctx, "The sign-in form had expired. Enter the token again.", 403);
      return;
    }
    String address = ctx.ip();
    if (limit.blocked(address)) {
      loginPage(
          ctx,
          "Too many wrong tokens from this address in the last minute. Wait a minute and try again.",
          429);
      return;
    }
    String presented = ctx.formParam("token");
    String stripped = presented == null ? null : presented.strip();
    Optional<dev.tenableconnector.service.access.Principal> who =
        token.matches(stripped)
            ? Optional.of(dev.tenableconnector.service.access.Principal.ADMIN)
            : users.apply(stripped);
    if (who.isEmpty()) {
      limit.failed(address);
      log.warn("web UI sign-in refused from {}: not the admin token nor a user's", address);
      loginPage(
          ctx,
          "That is not the admin token. It was printed once when the service first started"
              + " (or is the value of "
              + AdminToken.ENV
              + ").",
          401);
      return;
    }
    WebSessions.Session s =
        sessions.create(
            who.get(),
            who.get() == dev.tenableconnector.service.access.Principal.ADMIN
                ? WebSessions.Via.ADMIN_TOKEN
                : WebSessions.Via.USER_TOKEN);
    ctx.attribute("principal", who.get());
    cookie(ctx, SESSION_COOKIE, s.id(), "/", -1);
    cookie(ctx, LOGIN_CSRF_COOKIE, "", "/ui/login", 0);
    log.info("web UI sign-in of {} from {}", who.get().name(), address);
    ctx.redirect("/ui/", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    Optional<WebSessions.Session> s = sessions.find(ctx.cookie(SESSION_COOKIE));
    if (s.isPresent() && WebSessions.csrfMatches(s.get(), ctx.formParam("csrf"))) {
      sessions.end(s.get().id());
    } else if (s.isPresent()) {
      throw new ServiceException(
          ApiError.CSRF_FAILED, "sign-out needs the page's CSRF token", List.of(), null);
    }
    cookie(ctx, SESSION_COOKIE, "", "/", 0);
    ctx.redirect("/ui/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void asset(Context ctx) {
    String file = ctx.pathParam("file");
    if (!ASSETS.contains(file)) {
      throw ServiceException.notFound("UI asset " + file);
    }
    String type =
        file.endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : file.endsWith(".css") ? "text/css; charset=utf-8" : "image/svg+xml";
    headers(ctx);
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(type).result(resource(file));
  }

  private void vendor(Context ctx) {
    String resource = VENDOR.get(ctx.pathParam("file"));
    if (resource == null) {
      throw ServiceException.notFound("UI library " + ctx.pathParam("file"));
    }
    headers(ctx);
    // Versioned by the build: a new release serves a new file at the same path.
    ctx.header("Cache-Control", "no-cache");
    try (InputStream in = WebUi.class.getResourceAsStream(resource)) {
      ctx.contentType(
              resource.endsWith(".js")
                  ? "text/javascript; charset=utf-8"
                  : "text/plain; charset=utf-8")
          .result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What the page may offer this role, from the same rule that authorizes the API: the page hides
   * what would only end in a 403.
   */
  static List<String> uiAllows(dev.tenableconnector.service.access.Role role) {
    List<String> may = new java.util.ArrayList<>();
    if (role.allows("GET", "/api/connectors")) {
      may.add("connectors");
    }
    if (role.allows("POST", "/api/connectors")) {
      may.add("change-connectors");
    }
    return may;
  }

  // ---- helpers ----

  static void html(Context ctx, int status, String page) {
    headers(ctx);
    ctx.header("Cache-Control", "no-store");
    ctx.status(status).contentType("text/html; charset=utf-8").result(page);
  }

  private static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
  }

  private static void cookie(Context ctx, String name, String value, String path, int maxAge) {
    cookie(ctx, name, value, path, maxAge, "Strict");
  }

  static void cookie(
      Context ctx, String name, String value, String path, int maxAge, String sameSite) {
    boolean https =
        "https".equalsIgnoreCase(ctx.scheme())
            || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    ctx.res()
        .addHeader(
            "Set-Cookie",
            name
                + "="
                + value
                + "; Path="
                + path
                + "; HttpOnly; SameSite="
                + sameSite
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "")
                + (https ? "; Secure" : ""));
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private static String resource(String name) {
    return CACHE.computeIfAbsent(
        name,
        n -> {
          try (InputStream in = WebUi.class.getResourceAsStream("/web/" + n)) {
            if (in == null) {
              throw new IllegalStateException("missing UI resource " + n);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}

package dev.tenableconnector.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.service.ServiceFixture;
import dev.tenableconnector.testsupport.ManualClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI's HTTP side over a real socket: headers, sign-in limits, and the streamed Test
 * Connection.
 */
class WebUiHttpTest {
  private static final String ACCESS =
      "11aa22bb33cc44dd55ee66ff77889900aabbccddeeff00112233445566778899";
  private static final String SECRET =
      "99887766554433221100ffeeddccbbaa00998877665544332211ffeeddccbbaa";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private TenableEmulator emulator;
  private ServiceFixture fixture;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder().keys(ACCESS, SECRET).assets(60).findingsPerAsset(2).build());
    fixture = new ServiceFixture(dir, new ManualClock(Instant.parse("2026-12-01T09:00:00Z")));
  }

  @AfterEach
  void stop() {
    fixture.close();
    emulator.close();
  }

  private String base() {
    return "http://127.0.0.1:" + fixture.service.port();
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signs in as a browser would: the form's CSRF token and its cookie, then the token. */
  private HttpResponse<String> signIn(String token) throws Exception {
    HttpResponse<String> form = get("/ui/login", null);
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(m.find()).isTrue();
    String csrfCookie =
        form.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(WebUi.LOGIN_CSRF_COOKIE))
            .findFirst()
            .orElseThrow()
            .split(";")[0];
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + "/ui/login"))
            .header("Cookie", csrfCookie)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "csrf="
                        + m.group(1)
                        + "&token="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSessionIsSharedByEveryInstanceOnTheDatabaseAndOutlivesARestart() throws Exception {
    HttpResponse<String> signedIn = signIn(ServiceFixture.TOKEN);
    assertThat(signedIn.statusCode()).isEqualTo(303);
    String session =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(WebUi.SESSION_COOKIE + "="))
            .findFirst()
            .orElseThrow()
            .split(";")[0];
    String id = session.substring(session.indexOf('=') + 1);

    try (ServiceFixture other = new ServiceFixture(dir, fixture.clock)) {
      String otherBase = "http://127.0.0.1:" + other.service.port();
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create(otherBase + "/ui/"))
                  .header("Cookie", session)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as("the other instance knows the session").isEqualTo(200);
      HttpResponse<String> api =
          http.send(
              HttpRequest.newBuilder(URI.create(otherBase + "/api/connectors"))
                  .header("Cookie", session)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).isEqualTo(200);

      fixture.restart();
      assertThat(get("/ui/", session).statusCode()).as("after a restart").isEqualTo(200);

      // Signed out on one instance: signed out on every one.
      Matcher csrf =
          Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
      assertThat(csrf.find()).isTrue();
      HttpResponse<String> out =
          http.send(
              HttpRequest.newBuilder(URI.create(otherBase + "/ui/logout"))
                  .header("Cookie", session)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(out.statusCode()).isEqualTo(303);
      assertThat(get("/ui/", session).statusCode()).isEqualTo(303);
    }
    // The database keeps the session id's hash only: a copy of it signs nobody in.
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + fixture.db());
        java.sql.ResultSet rs =
            c.createStatement().executeQuery("SELECT COUNT(*) FROM web_sessions")) {
      assertThat(rs.getInt(1)).isZero();
    }
    assertThat(
            new String(java.nio.file.Files.readAllBytes(fixture.db()), StandardCharsets.ISO_8859_1))
        .doesNotContain(id);
  }

  @Test
  void aRemovedUsersSessionEndsAtOnce() throws Exception {
    String token;
    try (var store = dev.tenableconnector.core.store.SqliteInventoryStore.open(fixture.db())) {
      token =
          new dev.tenableconnector.service.access.Users(store.sql(), java.time.Clock.systemUTC())
              .add("vera", dev.tenableconnector.service.access.Role.VIEWER);
    }
    String session =
        signIn(token).headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(WebUi.SESSION_COOKIE + "="))
            .findFirst()
            .orElseThrow()
            .split(";")[0];
    assertThat(get("/ui/", session).statusCode()).isEqualTo(200);
    try (var store = dev.tenableconnector.core.store.SqliteInventoryStore.open(fixture.db())) {
      new dev.tenableconnector.service.access.Users(store.sql(), java.time.Clock.systemUTC())
          .remove("vera");
    }
    assertThat(get("/ui/", session).statusCode()).isEqualTo(303);
    assertThat(get("/api/connectors", session).statusCode()).isEqualTo(401);
  }

  @Test
  void theDatabaseKeepsASessionsHashNeverItsId() throws Exception {
    HttpResponse<String> signedIn = signIn(ServiceFixture.TOKEN);
    String id =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(WebUi.SESSION_COOKIE + "="))
            .findFirst()
            .orElseThrow()
            .split(";")[0]
            .substring(WebUi.SESSION_COOKIE.length() + 1);
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + fixture.db());
        java.sql.ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT id_sha256, user_name, role, via FROM web_sessions")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1))
          .isEqualTo(dev.tenableconnector.service.access.TokenHash.of(id))
          .doesNotContain(id);
      assertThat(rs.getString(2)).isEqualTo("admin");
      assertThat(rs.getString(3)).isEqualTo("admin");
      assertThat(rs.getString(4)).isEqualTo("admin-token");
    }
  }

  /** What the UI must take from GET /api/spec rather than write itself, quoted as JS would. */
  private static String[] serverDeclared() {
    java.util.List<String> quoted = new java.util.ArrayList<>();
    for (var state : dev.tenableconnector.service.connector.ConnectorState.values()) {
      quoted.add("'" + state.label() + "'");
    }
    for (var severity : dev.tenableconnector.core.model.FindingSeverity.values()) {
      quoted.add("'" + severity.label() + "'");
    }
    for (var setting : dev.tenableconnector.core.spec.ConnectorSpec.all()) {
      setting.choiceLabels().values().forEach(label -> quoted.add("'" + label + "'"));
    }
    for (String check : dev.tenableconnector.service.check.ConnectionTester.CHECKS) {
      quoted.add("'" + check + "'");
    }
    return quoted.toArray(String[]::new);
  }

  @Test
  void pagesAreServedWithAStrictContentSecurityPolicyAndTheAppNeedsASession() throws Exception {
    HttpResponse<String> app = get("/ui/", null);
    assertThat(app.statusCode()).isEqualTo(303);
    assertThat(app.headers().firstValue("Location")).contains("/ui/login");
    HttpResponse<String> login = get("/ui/login", null);
    assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(login.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(login.headers().firstValue("Cache-Control")).contains("no-store");
    // app.js and every module it imports, module by module, is served from the jar, and nothing
    // else
    java.util.Set<String> reached = new java.util.TreeSet<>();
    java.util.Deque<String> toRead = new java.util.ArrayDeque<>(java.util.List.of("app.js"));
    while (!toRead.isEmpty()) {
      String module = toRead.pop();
      if (!reached.add(module)) {
        continue;
      }
      HttpResponse<String> js = get("/ui/assets/" + module, null);
      assertThat(js.statusCode()).as(module).isEqualTo(200);
      assertThat(js.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/javascript");
      assertThat(js.body()).doesNotContain("http://").doesNotContain("https://cdn");
      assertThat(js.body())
          .as(
              "%s copies no label or choice the server declares (GET /api/spec serves them)",
              module)
          .doesNotContain(serverDeclared());
      java.util.regex.Matcher imports =
          java.util.regex.Pattern.compile("from '\\./([\\w-]+\\.js)'").matcher(js.body());
      while (imports.find()) {
        toRead.push(imports.group(1));
      }
    }
    assertThat(reached).containsExactlyInAnyOrderElementsOf(WebUi.MODULES);
    assertThat(get("/ui/assets/..%2Fopenapi.json", null).statusCode()).isIn(400, 404);
    assertThat(get("/ui/assets/index.html", null).statusCode())
        .as("only the listed assets")
        .isEqualTo(404);

    HttpResponse<String> signedIn = signIn(ServiceFixture.TOKEN);
    assertThat(signedIn.statusCode()).isEqualTo(303);
    String session =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(WebUi.SESSION_COOKIE + "="))
            .findFirst()
            .orElseThrow();
    assertThat(session).contains("HttpOnly").contains("SameSite=Strict");
    HttpResponse<String> page = get("/ui/", session.split(";")[0]);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("name=\"csrf-token\"").doesNotContain(ServiceFixture.TOKEN);
  }

  @Test
  void theChartLibraryIsServedFromItsWebJarInTheJarNeverACdn() throws Exception {
    HttpResponse<String> chart = get("/ui/vendor/chart.umd.js", null);
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/javascript");
    assertThat(chart.body()).contains("Chart.js v4.").hasSizeGreaterThan(100_000);
    assertThat(get("/ui/vendor/chart.js-LICENSE.md", null).body()).contains("MIT");
    assertThat(get("/ui/vendor/anything.js", null).statusCode()).isEqualTo(404);
    String session =
        signIn(ServiceFixture.TOKEN).headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(WebUi.SESSION_COOKIE + "="))
            .findFirst()
            .orElseThrow()
            .split(";")[0];
    HttpResponse<String> app = get("/ui/", session);
    assertThat(app.body())
        .contains("<script src=\"/ui/vendor/chart.umd.js\" defer></script>")
        .doesNotContain("https://");
  }

  @Test
  void tenWrongTokensInAMinuteFromOneAddressAreFollowedBy429() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(signIn("wrong-token-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> limited = signIn(ServiceFixture.TOKEN);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).contains("Too many wrong tokens");
    assertThat(limited.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith(WebUi.SESSION_COOKIE + "="));
  }

  @Test
  void testConnectionStreamsEachCheckOnItsOwnLineThenTheResult() throws Exception {
    String body =
        "{\"tenableUrl\":\""
            + emulator.baseUrl()
            + "\",\"accessKey\":\""
            + ACCESS
            + "\",\"secretKey\":\""
            + SECRET
            + "\"}";
    HttpResponse<java.util.stream.Stream<String>> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/connectors/test"))
                .header("Authorization", "Bearer " + ServiceFixture.TOKEN)
                .header("Accept", "application/x-ndjson")
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/x-ndjson");
    List<JsonNode> lines = new ArrayList<>();
    r.body()
        .forEach(
            line -> {
              try {
                lines.add(JSON.readTree(line));
              } catch (Exception e) {
                throw new AssertionError("not JSON: " + line, e);
              }
            });
    assertThat(lines).hasSize(6);
    assertThat(lines.subList(0, 5))
        .extracting(n -> n.path("check").path("name").asText())
        .containsExactly(
            "Network reachability",
            "TLS handshake",
            "Authentication credential check",
            "Authorization scope check",
            "Data fetch");
    assertThat(lines.subList(0, 5))
        .extracting(n -> n.path("check").path("status").asText())
        .containsOnly("PASSED");
    assertThat(lines.get(5).path("result").path("passed").asBoolean()).isTrue();
    assertThat(lines.get(5).path("result").path("checks")).hasSize(5);
    assertThat(lines.toString()).doesNotContain(SECRET);

    // a refused key: the failing check, the skipped ones, then the result
    String wrong =
        body.replace(SECRET, "0000000000000000000000000000000000000000000000000000000000000000");
    HttpResponse<String> failed =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/connectors/test"))
                .header("Authorization", "Bearer " + ServiceFixture.TOKEN)
                .header("Accept", "application/x-ndjson")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(wrong))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    List<String> failedLines = failed.body().lines().toList();
    assertThat(failedLines).hasSize(6);
    assertThat(JSON.readTree(failedLines.get(2)).path("check").path("status").asText())
        .isEqualTo("FAILED");
    assertThat(JSON.readTree(failedLines.get(2)).path("check").path("remedy").asText())
        .isNotBlank();
    assertThat(JSON.readTree(failedLines.get(5)).path("result").path("passed").asBoolean())
        .isFalse();

    // without the Accept header the answer is one JSON document, as before
    ServiceFixture.Response plain = fixture.call("POST", "/api/connectors/test", body);
    assertThat(plain.json().path("passed").asBoolean()).isTrue();
  }
}

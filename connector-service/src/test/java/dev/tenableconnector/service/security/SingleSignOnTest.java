package dev.tenableconnector.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.service.ServiceFixture;
import dev.tenableconnector.service.access.OidcSettings;
import dev.tenableconnector.service.access.Role;
import dev.tenableconnector.service.web.WebUi;
import dev.tenableconnector.testsupport.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on against an OpenID Connect provider the test starts (mock-oauth2-server): the code
 * flow with PKCE over real HTTP, the role taken from the ID token, enforced like a token's; a
 * forged callback, an expired ID token and a person with no role are refused; the sign-in is in the
 * audit log.
 */
class SingleSignOnTest {
  private static final String CLIENT = "tenable-connector";

  @TempDir Path dir;
  private MockOAuth2Server provider;
  private ServiceFixture fixture;
  private final HttpClient http = HttpClient.newHttpClient(); // follows no redirect

  @BeforeEach
  void start() throws Exception {
    provider = new MockOAuth2Server();
    provider.start();
    fixture = new ServiceFixture(dir, new ManualClock(Instant.parse("2026-12-07T10:00:00Z")));
    fixture.oidc =
        new OidcSettings(
            URI.create(provider.issuerUrl("corp").toString()),
            CLIENT,
            "client-secret-value",
            OidcSettings.DEFAULT_ROLE_CLAIM,
            null,
            null);
    fixture.restart();
  }

  @AfterEach
  void stop() {
    fixture.close();
    provider.shutdown();
  }

  private String base() {
    return "http://127.0.0.1:" + fixture.service.port();
  }

  private HttpResponse<String> get(String url, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cookie(HttpResponse<String> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + r.headers()))
        .split(";")[0];
  }

  /** The provider will sign the next person in with these claims and this audience. */
  private void nextSignIn(Map<String, Object> claims, long expiresInSeconds) {
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "corp", "sub-123", "JWT", List.of(CLIENT), claims, expiresInSeconds));
  }

  /** The browser's round trip: start here, through the provider, back to the callback. */
  private HttpResponse<String> signIn() throws Exception {
    HttpResponse<String> start = get(base() + "/ui/oidc/start", null);
    assertThat(start.statusCode()).isEqualTo(303);
    String flow = cookie(start, "tc_oidc");
    String authorize = start.headers().firstValue("Location").orElseThrow();
    assertThat(authorize)
        .startsWith(provider.authorizationEndpointUrl("corp").toString())
        .contains("code_challenge_method=S256")
        .contains("nonce=")
        .contains("state=");
    HttpResponse<String> atProvider = get(authorize, null);
    assertThat(atProvider.statusCode()).isEqualTo(302);
    String back = atProvider.headers().firstValue("Location").orElseThrow();
    assertThat(back).startsWith(base() + OidcSettings.CALLBACK_PATH);
    return get(back, flow);
  }

  @Test
  void aPersonSignsInAtTheProviderAndGetsTheRoleTheIdTokenGives() throws Exception {
    assertThat(get(base() + "/ui/login", null).body()).contains("id=\"sso\"");
    nextSignIn(Map.of("preferred_username", "alice", "roles", List.of("operator", "x")), 3600);

    HttpResponse<String> back = signIn();

    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    String session = cookie(back, WebUi.SESSION_COOKIE);
    assertThat(get(base() + "/ui/", session).statusCode()).isEqualTo(200);
    assertThat(get(base() + "/api/connectors", session).statusCode()).isEqualTo(200);
    HttpResponse<String> audit = get(base() + "/api/audit", session);
    assertThat(audit.statusCode()).as("an operator may not read the audit log").isEqualTo(403);
    assertThat(audit.body()).contains("sso:alice").contains(Role.OPERATOR.label());

    ServiceFixture.Response log = fixture.call("GET", "/api/audit", null);
    assertThat(log.body())
        .contains("\"actor\":\"sso:alice\"")
        .contains(OidcSettings.CALLBACK_PATH)
        .doesNotContain("client-secret-value");
  }

  @Test
  void aPersonCalledAdminAtTheProviderIsNotTheAdminTokenInTheAuditLog() throws Exception {
    nextSignIn(Map.of("preferred_username", "admin", "roles", "operator"), 3600);

    HttpResponse<String> back = signIn();

    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    String session = cookie(back, WebUi.SESSION_COOKIE);
    assertThat(get(base() + "/ui/", session).body()).contains("sso:admin (operator)");
    ServiceFixture.Response log = fixture.call("GET", "/api/audit", null);
    List<String> signIns = new java.util.ArrayList<>();
    log.json()
        .findValues("entries")
        .forEach(
            entries ->
                entries.forEach(
                    e -> {
                      if (e.path("path").asText().equals(OidcSettings.CALLBACK_PATH)) {
                        signIns.add(e.path("actor").asText());
                      }
                    }));
    assertThat(signIns).containsExactly("sso:admin");
  }

  @Test
  void aCallbackThatDidNotStartHereOrComesTwiceSignsNobodyIn() throws Exception {
    nextSignIn(Map.of("preferred_username", "mallory", "roles", "admin"), 3600);
    HttpResponse<String> start = get(base() + "/ui/oidc/start", null);
    HttpResponse<String> atProvider =
        get(start.headers().firstValue("Location").orElseThrow(), null);
    String back = atProvider.headers().firstValue("Location").orElseThrow();

    // Without the flow cookie of the browser that started it (a link sent to someone else).
    HttpResponse<String> forged = get(back, null);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith(WebUi.SESSION_COOKIE + "=") && !c.contains("Max-Age=0"));
    // With another flow's cookie: the state does not match.
    HttpResponse<String> other = get(base() + "/ui/oidc/start", null);
    assertThat(get(back, cookie(other, "tc_oidc")).statusCode()).isEqualTo(403);
  }

  @Test
  void anExpiredIdTokenOrOneWithoutARoleIsRefused() throws Exception {
    nextSignIn(Map.of("preferred_username", "bob", "roles", "admin"), -3600);
    HttpResponse<String> expired = signIn();
    assertThat(expired.statusCode()).as("an ID token that expired an hour ago").isEqualTo(401);
    assertThat(expired.body()).contains("could not be verified");

    nextSignIn(Map.of("preferred_username", "carol"), 3600);
    HttpResponse<String> noRole = signIn();
    assertThat(noRole.statusCode()).isEqualTo(403);
    assertThat(noRole.body()).contains("carol").contains("no role");
    assertThat(noRole.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith(WebUi.SESSION_COOKIE + "="));
  }

  @Test
  void settingsThatWouldLeakOrCannotWorkAreRefusedByName() {
    OidcSettings plain =
        new OidcSettings(
            URI.create("http://login.example.com/realm"), "", null, "roles", null, null);
    assertThat(plain.problems())
        .anyMatch(p -> p.contains("https"))
        .anyMatch(p -> p.contains("--oidc-client-id"))
        .anyMatch(p -> p.contains(OidcSettings.SECRET_ENV));
    assertThat(plain.toString()).doesNotContain("null").contains("***");
    OidcSettings fine =
        new OidcSettings(
            URI.create("https://login.example.com/realm"), "c", "s", "roles", Role.VIEWER, null);
    assertThat(fine.problems()).isEmpty();
    assertThat(fine.toString()).doesNotContain("=s,").doesNotContain("=s]");
    assertThat(fine.roleFrom(List.of("viewer", "admin"))).isEqualTo(Role.ADMIN);
    assertThat(fine.roleFrom("nobody")).isEqualTo(Role.VIEWER);
  }
}

package dev.tenableconnector.service.web;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.tenableconnector.service.access.OidcSettings;
import dev.tenableconnector.service.access.Principal;
import dev.tenableconnector.service.access.Role;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in through an OpenID Connect provider: the authorization code flow with PKCE, a state and a
 * nonce; the ID token's signature, issuer, audience, expiry and nonce checked against the
 * provider's published keys; the role read from a claim. What the flow must remember between the
 * two legs travels in a short-lived cookie, so any instance behind a load balancer can finish it.
 */
final class SingleSignOn {
  private static final Logger log = LoggerFactory.getLogger(SingleSignOn.class);
  static final String FLOW_COOKIE = "tc_oidc";
  private static final int FLOW_SECONDS = 600;
  private static final int TIMEOUT_MILLIS = 10_000;

  private final OidcSettings settings;
  private final WebSessions sessions;
  private final WebUi ui;
  private volatile OIDCProviderMetadata provider;
  private volatile IDTokenValidator validator;

  SingleSignOn(OidcSettings settings, WebSessions sessions, WebUi ui) {
    this.settings = settings;
    this.sessions = sessions;
    this.ui = ui;
  }

  void register(Javalin app) {
    app.addHttpHandler(HandlerType.GET, "/ui/oidc/start", this::start);
    app.addHttpHandler(HandlerType.GET, OidcSettings.CALLBACK_PATH, this::callback);
  }

  private void start(Context ctx) {
    OIDCProviderMetadata p;
    try {
      p = provider();
    } catch (Exception e) {
      log.warn(
          "single sign-on: the provider {} cannot be reached: {}",
          settings.issuer(),
          e.getMessage());
      ui.loginPage(
          ctx,
          "The single sign-on provider cannot be reached right now. Try again, or sign in with a"
              + " token.",
          503);
      return;
    }
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    URI request =
        new AuthenticationRequest.Builder(
                new ResponseType(ResponseType.Value.CODE),
                new Scope("openid", "profile", "email"),
                new ClientID(settings.clientId()),
                redirectUrl(ctx))
            .endpointURI(p.getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    // Lax, not Strict: the browser must send it on the provider's redirect back, a cross-site
    // navigation.
    WebUi.cookie(
        ctx,
        FLOW_COOKIE,
        state.getValue() + ":" + nonce.getValue() + ":" + verifier.getValue(),
        OidcSettings.CALLBACK_PATH,
        FLOW_SECONDS,
        "Lax");
    ctx.redirect(request.toString(), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void callback(Context ctx) {
    String[] flow = String.valueOf(ctx.cookie(FLOW_COOKIE)).split(":");
    WebUi.cookie(ctx, FLOW_COOKIE, "", OidcSettings.CALLBACK_PATH, 0, "Lax");
    String error = ctx.queryParam("error");
    if (error != null) {
      log.warn("single sign-on refused by the provider: {}", error);
      ui.loginPage(ctx, "The single sign-on provider did not sign you in (" + error + ").", 401);
      return;
    }
    String state = ctx.queryParam("state");
    String code = ctx.queryParam("code");
    if (flow.length != 3
        || state == null
        || code == null
        || !java.security.MessageDigest.isEqual(
            flow[0].getBytes(java.nio.charset.StandardCharsets.UTF_8),
            state.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      ui.loginPage(
          ctx, "That single sign-on had expired or was not started here. Sign in again.", 403);
      return;
    }
    IDTokenClaimsSet claims;
    try {
      claims = exchange(ctx, code, flow[1], flow[2]);
    } catch (Exception e) {
      log.warn("single sign-on failed: {}", e.getMessage());
      ui.loginPage(ctx, "Single sign-on failed: the provider's answer could not be verified.", 401);
      return;
    }
    Role role = settings.roleFrom(claims.getClaim(settings.roleClaim()));
    String name = OidcSettings.actorName(nameOf(claims));
    if (role == null) {
      log.warn("single sign-on of {} refused: no role in claim {}", name, settings.roleClaim());
      ctx.attribute("principal", new Principal(name, Role.VIEWER));
      ui.loginPage(
          ctx,
          "You are signed in at the provider as "
              + name
              + ", but it gives you no role here (claim "
              + settings.roleClaim()
              + "). Ask an administrator.",
          403);
      return;
    }
    Principal who = new Principal(name, role);
    WebSessions.Session s = sessions.create(who, WebSessions.Via.OIDC);
    ctx.attribute("principal", who);
    WebUi.cookie(ctx, WebUi.SESSION_COOKIE, s.id(), "/", -1, "Strict");
    log.info("web UI single sign-on of {} ({}) from {}", name, role.label(), ctx.ip());
    // A page, not a redirect: a Strict cookie set in a redirect chain that began on another site
    // is not sent on the chain's next request; a navigation from this page is same-site.
    WebUi.html(
        ctx,
        200,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta http-equiv=\"refresh\" content=\"0;url=/ui/\"><title>Signed in</title></head>"
            + "<body><p>Signed in. <a href=\"/ui/\" id=\"continue\">Continue</a></p></body></html>");
  }

  private IDTokenClaimsSet exchange(Context ctx, String code, String nonce, String verifier)
      throws Exception {
    OIDCProviderMetadata p = provider();
    HTTPRequest request =
        new TokenRequest(
                p.getTokenEndpointURI(),
                new ClientSecretBasic(
                    new ClientID(settings.clientId()), new Secret(settings.clientSecret())),
                new AuthorizationCodeGrant(
                    new AuthorizationCode(code), redirectUrl(ctx), new CodeVerifier(verifier)))
            .toHTTPRequest();
    request.setConnectTimeout(TIMEOUT_MILLIS);
    request.setReadTimeout(TIMEOUT_MILLIS);
    TokenResponse response = OIDCTokenResponseParser.parse(request.send());
    if (!response.indicatesSuccess()) {
      throw new IllegalStateException(
          "the token endpoint answered " + response.toErrorResponse().getErrorObject().getCode());
    }
    OIDCTokens tokens =
        ((com.nimbusds.openid.connect.sdk.OIDCTokenResponse) response.toSuccessResponse())
            .getOIDCTokens();
    return validator.validate(tokens.getIDToken(), new Nonce(nonce));
  }

  /** The provider's discovery document, fetched once it is first needed and kept. */
  private OIDCProviderMetadata provider() throws Exception {
    OIDCProviderMetadata p = provider;
    if (p == null) {
      synchronized (this) {
        p = provider;
        if (p == null) {
          p =
              OIDCProviderMetadata.resolve(
                  new Issuer(settings.issuer().toString()), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
          validator =
              new IDTokenValidator(
                  p.getIssuer(),
                  new ClientID(settings.clientId()),
                  JWSAlgorithm.RS256,
                  p.getJWKSetURI().toURL());
          provider = p;
        }
      }
    }
    return p;
  }

  private URI redirectUrl(Context ctx) {
    if (settings.redirectUrl() != null) {
      return settings.redirectUrl();
    }
    return URI.create(ctx.scheme() + "://" + ctx.host() + OidcSettings.CALLBACK_PATH);
  }

  private static String nameOf(IDTokenClaimsSet claims) {
    for (String claim : new String[] {"preferred_username", "email"}) {
      String value = claims.getStringClaim(claim);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return claims.getSubject().getValue();
  }
}

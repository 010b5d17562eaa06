package dev.tenableconnector.service.access;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Single sign-on with an OpenID Connect provider: who the provider is, this service's client there,
 * and how a signed-in person's role is read from their ID token.
 *
 * @param issuer the provider's issuer URL (its discovery document is under it); HTTPS, or HTTP on a
 *     loopback address only
 * @param clientId this service's client id at the provider
 * @param clientSecret its client secret (from {@link #SECRET_ENV}; never printed)
 * @param roleClaim the ID token claim holding the role: a string or a list of strings, of which
 *     {@code admin}, {@code operator} and {@code viewer} count (the highest wins)
 * @param defaultRole the role of someone whose claim names none; null: they are refused
 * @param redirectUrl where the provider sends the browser back; null: this service's own address as
 *     the browser used it, with {@code /ui/oidc/callback}
 */
public record OidcSettings(
    URI issuer,
    String clientId,
    String clientSecret,
    String roleClaim,
    Role defaultRole,
    URI redirectUrl) {
  /** The environment variable the client secret comes from (kept off the command line). */
  public static final String SECRET_ENV = "TENABLE_CONNECTOR_OIDC_CLIENT_SECRET";

  public static final String DEFAULT_ROLE_CLAIM = "roles";

  public static final String CALLBACK_PATH = "/ui/oidc/callback";

  /**
   * Put before the name a person has at the provider: a local user's name cannot hold ':' (see
   * {@link Users}), so the audit log never shows an SSO person and a local user (or the admin
   * token) under one name.
   */
  public static final String NAME_PREFIX = "sso:";

  /** The name this service knows a person by, from the name the provider gives. */
  public static String actorName(String atProvider) {
    return NAME_PREFIX + atProvider;
  }

  /** Every problem with these settings, empty when they can be used. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (issuer == null || !issuer.isAbsolute() || issuer.getHost() == null) {
      problems.add("--oidc-issuer must be an absolute URL, e.g. https://login.example.com/realm");
    } else if (!"https".equalsIgnoreCase(issuer.getScheme())
        && !("http".equalsIgnoreCase(issuer.getScheme()) && loopback(issuer.getHost()))) {
      problems.add(
          "--oidc-issuer must use https (plain http only on a loopback address): ID tokens and"
              + " client secrets cross this connection");
    }
    if (clientId == null || clientId.isBlank()) {
      problems.add("--oidc-client-id is needed with --oidc-issuer");
    }
    if (clientSecret == null || clientSecret.isBlank()) {
      problems.add(SECRET_ENV + " must hold the client secret when --oidc-issuer is given");
    }
    if (roleClaim == null || roleClaim.isBlank()) {
      problems.add("--oidc-role-claim must name a claim");
    }
    if (redirectUrl != null && (!redirectUrl.isAbsolute() || redirectUrl.getHost() == null)) {
      problems.add("--oidc-redirect-url must be an absolute URL ending in " + CALLBACK_PATH);
    }
    return problems;
  }

  private static boolean loopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  /** The role a claim's value gives: the highest role it names, else the default (maybe null). */
  public Role roleFrom(Object claim) {
    List<Object> values = new ArrayList<>();
    if (claim instanceof java.util.Collection<?> list) {
      values.addAll(list);
    } else if (claim != null) {
      values.add(claim);
    }
    Role best = null;
    for (Object value : values) {
      Role r = value instanceof String s ? Role.parse(s) : null;
      if (r != null && (best == null || r.ordinal() < best.ordinal())) {
        best = r;
      }
    }
    return best != null ? best : defaultRole;
  }

  @Override
  public String toString() {
    return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=***]";
  }
}

package dev.tenableconnector.app;

import dev.tenableconnector.service.access.OidcSettings;
import dev.tenableconnector.service.access.Role;
import java.net.URI;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code serve} options of single sign-on with an OpenID Connect provider. */
final class OidcOptions {
  @Option(
      names = "--oidc-issuer",
      paramLabel = "URL",
      description =
          "Offer single sign-on with this OpenID Connect provider (its issuer URL; discovery is"
              + " read from it). The client secret comes from $"
              + OidcSettings.SECRET_ENV
              + ".")
  URI issuer;

  @Option(
      names = "--oidc-client-id",
      paramLabel = "ID",
      description = "This service's client id at the provider.")
  String clientId;

  @Option(
      names = "--oidc-role-claim",
      paramLabel = "CLAIM",
      defaultValue = OidcSettings.DEFAULT_ROLE_CLAIM,
      description =
          "The ID token claim naming the role: admin, operator or viewer, as a string or in a"
              + " list; the highest wins (default: ${DEFAULT-VALUE}).")
  String roleClaim;

  @Option(
      names = "--oidc-default-role",
      paramLabel = "ROLE",
      description = "The role of someone whose claim names none (default: none, they are refused).")
  String defaultRole;

  @Option(
      names = "--oidc-redirect-url",
      paramLabel = "URL",
      description =
          "Where the provider sends the browser back (default: this service's address as the"
              + " browser used it, with "
              + OidcSettings.CALLBACK_PATH
              + ").")
  URI redirectUrl;

  /** The settings these options give (null without --oidc-issuer); problems added by name. */
  OidcSettings settings(Map<String, String> env, List<String> problems) {
    if (issuer == null) {
      if (clientId != null || defaultRole != null || redirectUrl != null) {
        problems.add("the --oidc-… options need --oidc-issuer");
      }
      return null;
    }
    Role role = null;
    if (defaultRole != null) {
      role = Role.parse(defaultRole);
      if (role == null) {
        problems.add("--oidc-default-role must be admin, operator or viewer, not " + defaultRole);
      }
    }
    OidcSettings settings =
        new OidcSettings(
            issuer, clientId, env.get(OidcSettings.SECRET_ENV), roleClaim, role, redirectUrl);
    problems.addAll(settings.problems());
    return settings;
  }
}

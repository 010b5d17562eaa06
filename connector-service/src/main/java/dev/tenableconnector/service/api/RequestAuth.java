package dev.tenableconnector.service.api;

import dev.tenableconnector.service.access.Principal;
import dev.tenableconnector.service.access.Users;
import dev.tenableconnector.service.connector.ApiError;
import dev.tenableconnector.service.connector.ServiceException;
import dev.tenableconnector.service.web.WebSessions;
import dev.tenableconnector.service.web.WebUi;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request comes from (the admin token, a user's token, or the web UI's session) and whether
 * their role lets it through: 401 without a valid credential, 403 when the role does not allow it,
 * 429 after ten wrong tokens from one address in a minute.
 */
final class RequestAuth {
  private static final Set<String> OPEN = Set.of("/health", "/openapi.json");

  private final AdminToken token;
  private final Users users;
  private final WebUi web;
  private final WrongTokenLimit wrongTokens;

  RequestAuth(AdminToken token, Users users, WebUi web, WrongTokenLimit wrongTokens) {
    this.token = token;
    this.users = users;
    this.web = web;
    this.wrongTokens = wrongTokens;
  }

  /** Before every request: who sends it, and whether their role allows it. */
  void authenticate(Context ctx) {
    ctx.attribute("started", System.nanoTime());
    if (OPEN.contains(ctx.path()) || WebUi.owns(ctx.path())) {
      return;
    }
    String header = ctx.header("Authorization");
    Optional<WebSessions.Session> session = header == null ? web.apiSession(ctx) : Optional.empty();
    if (session.isPresent()) {
      ctx.attribute(ApiServer.VIA_UI, true);
      authorize(ctx, session.get().principal()); // the session cookie, its CSRF token checked
      return;
    }
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip()
            : null;
    String address = ctx.ip();
    if (presented != null && wrongTokens.blocked(address)) {
      ctx.header("Retry-After", "60");
      throw new ServiceException(
          ApiError.TOO_MANY_WRONG_TOKENS,
          "too many wrong tokens from this" + " address in the last minute; wait a minute",
          List.of(),
          null);
    }
    Optional<Principal> who =
        token.matches(presented) ? Optional.of(Principal.ADMIN) : users.byToken(presented);
    if (who.isPresent()) {
      authorize(ctx, who.get());
      return;
    }
    {
      if (presented != null) {
        wrongTokens.failed(address);
      }
      ctx.header("WWW-Authenticate", "Bearer realm=\"tenable-connector\"");
      throw new ServiceException(
          ApiError.UNAUTHORIZED,
          presented == null
              ? "this request needs an Authorization: Bearer <admin token> header"
              : "the bearer token is not the admin token nor a user's",
          List.of(),
          null);
    }
  }

  /** Lets the request on when the principal's role allows it; 403 naming the role otherwise. */
  private static void authorize(Context ctx, Principal who) {
    ctx.attribute(ApiServer.PRINCIPAL, who);
    if (!who.role().allows(ctx.method().name(), ctx.path())) {
      throw new ServiceException(
          ApiError.FORBIDDEN,
          who.name()
              + " is a "
              + who.role().label()
              + ": "
              + ctx.method().name()
              + " "
              + ctx.path()
              + " needs another role (docs/service.md, users and roles)",
          List.of(),
          null);
    }
  }
}

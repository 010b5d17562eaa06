package dev.tenableconnector.service.web;

import dev.tenableconnector.core.store.SqlAccess;
import dev.tenableconnector.service.access.Principal;
import dev.tenableconnector.service.access.Role;
import dev.tenableconnector.service.access.TokenHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The web UI's signed-in sessions, kept in the inventory's database so that several {@code serve}
 * instances behind one load balancer share them: a random session id (the cookie, stored as its
 * SHA-256) and a CSRF token derived from it. A session ends at sign-out, after {@link #IDLE}
 * without a request, after {@link #MAX_AGE}, or when its user is removed; a user's role is read
 * afresh on every request.
 */
public final class WebSessions {
  public static final Duration IDLE = Duration.ofHours(8);
  public static final Duration MAX_AGE = Duration.ofDays(7);

  /** How stale the stored last-seen time may get: a request does not write to the database. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  /** How a session was signed in. */
  public enum Via {
    ADMIN_TOKEN("admin-token"),
    USER_TOKEN("user-token"),
    OIDC("oidc");

    private final String label;

    Via(String label) {
      this.label = label;
    }

    static Via parse(String label) {
      for (Via v : values()) {
        if (v.label.equals(label)) {
          return v;
        }
      }
      throw new IllegalArgumentException("unknown sign-in kind " + label);
    }
  }

  /** One signed-in browser, and who signed in. */
  public record Session(
      String id, String csrf, Instant createdAt, Instant lastSeen, Principal principal) {}

  private final SqlAccess sql;
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  public WebSessions(SqlAccess sql, Clock clock) {
    this.sql = sql;
    this.clock = clock;
  }

  public Session create(Principal principal, Via via) {
    Instant now = clock.instant();
    String id = randomToken();
    sql.write(
        c -> {
          try (PreparedStatement expire =
              c.prepareStatement(
                  "DELETE FROM web_sessions WHERE last_seen < ? OR created_at < ?")) {
            expire.setString(1, now.minus(IDLE).toString());
            expire.setString(2, now.minus(MAX_AGE).toString());
            expire.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO web_sessions (id_sha256, user_name, role, via, created_at,"
                      + " last_seen) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, TokenHash.of(id));
            s.setString(2, principal.name());
            s.setString(3, principal.role().label());
            s.setString(4, via.label);
            s.setString(5, now.toString());
            s.setString(6, now.toString());
            return s.executeUpdate();
          }
        });
    return new Session(id, csrfOf(id), now, now, principal);
  }

  /**
   * The live session with this id, its idle time restarted; empty when unknown, expired, or its
   * user has been removed. A user's session carries the role the user has now.
   */
  public Optional<Session> find(String id) {
    if (id == null || id.isBlank() || id.length() > 200) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    String hash = TokenHash.of(id);
    return sql.write(
        c -> {
          Session found;
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT w.user_name, w.role, w.via, w.created_at, w.last_seen, u.role"
                      + " FROM web_sessions w LEFT JOIN users u ON u.name = w.user_name"
                      + " WHERE w.id_sha256 = ?")) {
            s.setString(1, hash);
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                return Optional.<Session>empty();
              }
              Via via = Via.parse(rs.getString(3));
              Instant created = Instant.parse(rs.getString(4));
              Instant seen = Instant.parse(rs.getString(5));
              String userRole = rs.getString(6);
              boolean gone = via == Via.USER_TOKEN && userRole == null;
              if (gone || seen.plus(IDLE).isBefore(now) || created.plus(MAX_AGE).isBefore(now)) {
                found = null;
              } else {
                Role role = Role.parse(via == Via.USER_TOKEN ? userRole : rs.getString(2));
                found =
                    new Session(
                        id, csrfOf(id), created, seen, new Principal(rs.getString(1), role));
              }
            }
          }
          if (found == null) {
            delete(c, hash);
            return Optional.<Session>empty();
          }
          if (found.lastSeen().plus(TOUCH_EVERY).isBefore(now)) {
            try (PreparedStatement touch =
                c.prepareStatement("UPDATE web_sessions SET last_seen = ? WHERE id_sha256 = ?")) {
              touch.setString(1, now.toString());
              touch.setString(2, hash);
              touch.executeUpdate();
            }
          }
          return Optional.of(found);
        });
  }

  public void end(String id) {
    if (id != null) {
      sql.write(c -> delete(c, TokenHash.of(id)));
    }
  }

  private static int delete(java.sql.Connection c, String hash) throws java.sql.SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM web_sessions WHERE id_sha256 = ?")) {
      s.setString(1, hash);
      return s.executeUpdate();
    }
  }

  /** Compares a presented CSRF token with the session's in constant time. */
  public static boolean csrfMatches(Session s, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            s.csrf().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  public String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The session's CSRF token: known to whoever holds the session id (its page), never stored, and
   * not the id itself, so a page that leaks it does not leak the cookie.
   */
  private static String csrfOf(String id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(TokenHash.digest("csrf-token\0" + id));
  }
}

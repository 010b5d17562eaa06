package dev.tenableconnector.service.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web UI's signed-in sessions, held in memory: a random session id (the cookie) and its own
 * CSRF token. A session ends at sign-out, after {@link #IDLE} without a request, or when the
 * service restarts; then the admin token is asked for again.
 */
public final class WebSessions {
  public static final Duration IDLE = Duration.ofHours(8);
  public static final Duration MAX_AGE = Duration.ofDays(7);

  /** One signed-in browser, and who signed in. */
  public record Session(
      String id,
      String csrf,
      Instant createdAt,
      Instant lastSeen,
      dev.tenableconnector.service.access.Principal principal) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  public WebSessions(Clock clock) {
    this.clock = clock;
  }

  public Session create(dev.tenableconnector.service.access.Principal principal) {
    Instant now = clock.instant();
    Session s = new Session(randomToken(), randomToken(), now, now, principal);
    sessions.put(s.id(), s);
    expire(now);
    return s;
  }

  /** The live session with this id, its idle time restarted; empty when unknown or expired. */
  public Optional<Session> find(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    if (expired(s, now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    Session touched = new Session(s.id(), s.csrf(), s.createdAt(), now, s.principal());
    sessions.put(id, touched);
    return Optional.of(touched);
  }

  public void end(String id) {
    if (id != null) {
      sessions.remove(id);
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

  private void expire(Instant now) {
    sessions.values().removeIf(s -> expired(s, now));
  }

  private static boolean expired(Session s, Instant now) {
    return s.lastSeen().plus(IDLE).isBefore(now) || s.createdAt().plus(MAX_AGE).isBefore(now);
  }
}

package dev.tenableconnector.service.access;

import dev.tenableconnector.core.store.SqlAccess;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The service's users, each with a role and a token of their own, kept in the inventory's database
 * as the SHA-256 of the token only: the token is shown once, when the user is added.
 */
public final class Users {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  /** A user as listed: never the token. */
  public record User(String name, Role role, String createdAt) {}

  private final SqlAccess sql;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Users(SqlAccess sql, Clock clock) {
    this.sql = sql;
    this.clock = clock;
  }

  /** Adds a user and returns their token (shown once); refuses a bad or taken name. */
  public String add(String name, Role role) {
    if (name == null
        || !NAME.matcher(name).matches()
        || name.equalsIgnoreCase("admin")
        || name.equalsIgnoreCase("unknown")) {
      throw new IllegalArgumentException(
          "a user name is 1-64 letters, digits, '.', '_', '@' or '-', and not admin or unknown");
    }
    if (find(name).isPresent()) {
      throw new IllegalArgumentException("there is a user named " + name + " already");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = "tcu_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sql.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO users (name, role, token_sha256, created_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, role.label());
            s.setString(3, TokenHash.of(token));
            s.setString(4, clock.instant().toString());
            return s.executeUpdate();
          }
        });
    return token;
  }

  public List<User> list() {
    return sql.write(
        c -> {
          List<User> out = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement("SELECT name, role, created_at FROM users ORDER BY name");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.add(new User(rs.getString(1), Role.parse(rs.getString(2)), rs.getString(3)));
            }
          }
          return out;
        });
  }

  public Optional<User> find(String name) {
    return list().stream().filter(u -> u.name().equalsIgnoreCase(name)).findFirst();
  }

  /** Removes a user; their token stops working at once. */
  public boolean remove(String name) {
    return sql.write(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement("DELETE FROM users WHERE LOWER(name) = LOWER(?)")) {
                s.setString(1, name);
                return s.executeUpdate();
              }
            })
        > 0;
  }

  /** The user whose token this is, if any. */
  public Optional<Principal> byToken(String token) {
    if (token == null || !token.startsWith("tcu_")) {
      return Optional.empty();
    }
    String hash = TokenHash.of(token);
    return sql.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT name, role FROM users WHERE token_sha256 = ?")) {
            s.setString(1, hash);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Principal(rs.getString(1), Role.parse(rs.getString(2))))
                  : Optional.<Principal>empty();
            }
          }
        });
  }
}

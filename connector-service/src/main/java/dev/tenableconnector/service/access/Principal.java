package dev.tenableconnector.service.access;

/** Who a request comes from: the admin token's holder, or a user with a role. */
public record Principal(String name, Role role) {
  /** Whoever holds the admin token (automation, the first sign-in). */
  public static final Principal ADMIN = new Principal("admin", Role.ADMIN);
}

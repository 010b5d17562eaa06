package dev.tenableconnector.client.model;

/** Tenable VM user roles by their {@code permissions} value (developer.tenable.com, "Roles"). */
public enum Role {
  READ_ONLY(0, "Read-Only"),
  BASIC(16, "Basic"),
  SCAN_OPERATOR(24, "Scan Operator"),
  STANDARD(32, "Standard"),
  SCAN_MANAGER(40, "Scan Manager"),
  ADMINISTRATOR(64, "Administrator"),
  CUSTOM(-1, "Custom or unknown");

  private final int permissions;
  private final String label;

  Role(int permissions, String label) {
    this.permissions = permissions;
    this.label = label;
  }

  public int permissions() {
    return permissions;
  }

  public String label() {
    return label;
  }

  /** As Tenable's documentation names it: {@code Basic (16)}. */
  public String named() {
    return label + " (" + permissions + ")";
  }

  public static Role of(int permissions) {
    for (Role role : values()) {
      if (role.permissions == permissions) {
        return role;
      }
    }
    return CUSTOM;
  }

  /** Export endpoints need at least Basic (16). */
  public static boolean canExport(int permissions) {
    return permissions >= BASIC.permissions;
  }
}

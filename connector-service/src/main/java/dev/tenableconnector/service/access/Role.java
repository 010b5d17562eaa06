package dev.tenableconnector.service.access;

import java.util.Locale;
import java.util.Set;

/**
 * What a user may do: an admin everything; an operator the connectors and their runs and the
 * inventory, not the audit log, the users or the remediation policy; a viewer only reads the
 * inventory and its reports.
 */
public enum Role {
  ADMIN,
  OPERATOR,
  VIEWER;

  /** Paths a viewer may read (GET): the inventory, its reports and the reference data. */
  private static final Set<String> VIEWER_READS =
      Set.of(
          "/api/assets",
          "/api/findings",
          "/api/reports",
          "/api/feeds",
          "/api/policy",
          "/api/spec",
          "/api/timezones",
          "/api/defaults");

  /** Whether this role may send {@code method} to {@code path}. */
  public boolean allows(String method, String path) {
    boolean read = method.equals("GET") || method.equals("HEAD");
    return switch (this) {
      case ADMIN -> true;
      case OPERATOR ->
          !under(path, "/api/audit")
              && !under(path, "/api/users")
              && !(under(path, "/api/policy") && !read);
      case VIEWER -> read && VIEWER_READS.stream().anyMatch(p -> under(path, p));
    };
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads {@code admin}, {@code operator} or {@code viewer}; null for anything else. */
  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return r;
      }
    }
    return null;
  }
}

package dev.tenableconnector.core.model;

/**
 * The inventory's finding severity scale, 1-5, that the risk severity mapping maps Tenable's
 * severity_id 0-4 onto; its labels are what the web UI shows.
 */
public enum FindingSeverity {
  INFO(1, "Info"),
  LOW(2, "Low"),
  MEDIUM(3, "Medium"),
  HIGH(4, "High"),
  CRITICAL(5, "Critical");

  private final int level;
  private final String label;

  FindingSeverity(int level, String label) {
    this.level = level;
    this.label = label;
  }

  /** The value of {@code findingSeverity}. */
  public int level() {
    return level;
  }

  public String label() {
    return label;
  }

  /** The severity of a level, or null for a value outside 1-5 (or null). */
  public static FindingSeverity ofLevel(Long level) {
    if (level == null) {
      return null;
    }
    for (FindingSeverity s : values()) {
      if (s.level == level) {
        return s;
      }
    }
    return null;
  }

  /** The lower-case name reports and queries use: {@code critical}, {@code high}, … */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

package dev.tenableconnector.core.store;

import java.util.Map;

/**
 * How long a SQLite write waits for a lock another process holds on the inventory file before its
 * run fails: the environment variable that sets it, in whole seconds, and its default.
 */
public final class SqliteLockWait {
  public static final String SETTING = "TENABLE_CONNECTOR_SQLITE_BUSY_SECONDS";

  public static final int DEFAULT_SECONDS = 120;

  private SqliteLockWait() {}

  /** The wait {@code env} sets, refused unless it is a whole number of seconds, 1–86400. */
  static int seconds(Map<String, String> env) {
    String value = env.get(SETTING);
    if (value == null || value.isBlank()) {
      return DEFAULT_SECONDS;
    }
    try {
      int seconds = Integer.parseInt(value.strip());
      if (seconds >= 1 && seconds <= 86_400) {
        return seconds;
      }
    } catch (NumberFormatException notANumber) {
      // refused below
    }
    throw new IllegalArgumentException(
        SETTING + " must be a whole number of seconds from 1 to 86400, not '" + value + "'");
  }
}

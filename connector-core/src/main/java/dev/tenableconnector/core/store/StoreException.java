package dev.tenableconnector.core.store;

/** The inventory store failed: the database cannot be opened, read or written. */
public class StoreException extends RuntimeException {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_FULL = 13;

  private final String remedy;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
    this.remedy = null;
  }

  private StoreException(String message, String remedy, boolean recognised) {
    super(message);
    this.remedy = remedy;
  }

  /** A failure the store itself recognised, with what to do about it. */
  static StoreException withRemedy(String message, String remedy) {
    return new StoreException(message, remedy, true);
  }

  /**
   * Whether the database server went away or ended the session (SQLSTATE class 08, or 57P: shut
   * down, terminated): a new connection may work where this one could not.
   */
  public boolean connectionLost() {
    for (Throwable t = this; t != null; t = t.getCause()) {
      String state = t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
      if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * What the operator can do about this failure, when the store or the database's own error in its
   * causes says.
   */
  public java.util.Optional<String> remedy() {
    if (remedy != null) {
      return java.util.Optional.of(remedy);
    }
    if (connectionLost()) {
      return java.util.Optional.of(
          "the database server went away or ended the connection: check it is running and"
              + " reachable; the next sync resumes the run.");
    }
    for (Throwable t = this; t != null; t = t.getCause()) {
      if (t instanceof org.sqlite.SQLiteException e) {
        int primary = e.getResultCode().code & 0xff;
        if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
          return java.util.Optional.of(
              "another process held the inventory file's write lock longer than a write waits"
                  + " ("
                  + SqliteLockWait.SETTING
                  + ", default "
                  + SqliteLockWait.DEFAULT_SECONDS
                  + " s): stop that process (`fuser -v` on the file names it) or raise "
                  + SqliteLockWait.SETTING
                  + "; the next sync resumes the run.");
        }
        if (primary == SQLITE_READONLY) {
          return java.util.Optional.of(
              "make the inventory file, its folder and its file system writable again; the"
                  + " next sync resumes the run.");
        }
        if (primary == SQLITE_FULL) {
          return java.util.Optional.of(
              "free space on the inventory's disk; the next sync resumes the run.");
        }
      }
    }
    return java.util.Optional.empty();
  }
}

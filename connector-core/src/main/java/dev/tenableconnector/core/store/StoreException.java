package dev.tenableconnector.core.store;

/** The inventory store failed: the database cannot be opened, read or written. */
public class StoreException extends RuntimeException {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_FULL = 13;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What the operator can do about this failure, from the database's own error in its causes. */
  public String remedy() {
    for (Throwable t = this; t != null; t = t.getCause()) {
      if (t instanceof org.sqlite.SQLiteException e) {
        int primary = e.getResultCode().code & 0xff;
        if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
          return "another process held the inventory file's write lock longer than a write waits"
              + " ("
              + SqliteInventoryStore.BUSY_SECONDS_SETTING
              + ", default "
              + SqliteInventoryStore.DEFAULT_BUSY_SECONDS
              + " s): stop that process (`fuser -v` on the file names it) or raise "
              + SqliteInventoryStore.BUSY_SECONDS_SETTING
              + "; the next sync resumes the run.";
        }
        if (primary == SQLITE_FULL) {
          return "free space on the inventory's disk; the next sync resumes the run.";
        }
      }
    }
    return "check the --db path is writable and the disk has space.";
  }
}

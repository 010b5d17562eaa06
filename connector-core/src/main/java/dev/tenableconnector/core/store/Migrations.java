package dev.tenableconnector.core.store;

/** What a failed schema migration says to the operator: one line, with the database's own cause. */
final class Migrations {
  private Migrations() {}

  /**
   * One line for a Flyway failure: Flyway's messages run over several lines of SQL state and
   * dashes; the first line and the innermost cause are what an operator can act on.
   */
  static String failure(String where, Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String first =
        e.getMessage() == null
            ? e.getClass().getSimpleName()
            : e.getMessage().lines().findFirst().orElse("").strip();
    String cause =
        root == e || root.getMessage() == null
            ? ""
            : root.getMessage().lines().findFirst().orElse("").strip();
    boolean corrupt =
        (first + cause).contains("SQLITE_CORRUPT") || (first + cause).contains("SQLITE_NOTADB");
    return "cannot open the inventory "
        + where
        + ": "
        + (cause.isEmpty() || first.contains(cause) ? first : first + " (" + cause + ")")
        + (corrupt
            ? ". The file is damaged: restore it from a backup, or move it aside and sync"
                + " again into a new one"
            : "");
  }
}

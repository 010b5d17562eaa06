package dev.tenableconnector.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Copies a SQLite inventory while it is in use, with SQLite's online backup, into a file that is
 * checked whole before it takes its name; or puts such a copy back.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {
      "Copies the SQLite inventory to --to FILE while syncs and the service go on (SQLite's online"
          + " backup: a consistent copy of the moment it ends), checks the copy's integrity and"
          + " only then gives it its name. With --restore FILE, puts a copy back in place of --db"
          + " (stop the service and syncs first). The master key file beside the inventory is not"
          + " copied: keep it apart, as its own secret.",
      "PostgreSQL inventories: use pg_dump and pg_restore (docs/service.md).",
      "Exit codes: 0 done, 1 the copy failed, 2 bad options."
    })
final class BackupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin InventoryOption inventory = new InventoryOption();

  @Option(
      names = "--to",
      paramLabel = "FILE",
      description = "Where the copy goes (must not exist).")
  Path to;

  @Option(
      names = "--restore",
      paramLabel = "FILE",
      description = "A copy made by backup, to put in place of --db.")
  Path restore;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((to == null) == (restore == null)) {
      err.println("backup: give either --to FILE (make a copy) or --restore FILE (put one back)");
      return ExitCodes.USAGE;
    }
    if (inventory.db.startsWith("jdbc:")) {
      err.println(
          "backup: "
              + inventory.db
              + " is PostgreSQL: use pg_dump and pg_restore (docs/service.md)");
      return ExitCodes.USAGE;
    }
    return to != null ? backup(out, err) : restore(out, err);
  }

  private int backup(PrintWriter out, PrintWriter err) {
    if (!inventory.exists("backup", err)) {
      return ExitCodes.USAGE;
    }
    if (Files.exists(to)) {
      err.println("backup: " + to + " exists already; give a new file");
      return ExitCodes.USAGE;
    }
    Path partial = to.resolveSibling(to.getFileName() + ".partial");
    try {
      Files.deleteIfExists(partial);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + inventory.db);
          Statement s = c.createStatement()) {
        s.executeUpdate("backup to '" + partial.toString().replace("'", "''") + "'");
      }
      String summary = check(partial);
      Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
      out.println("backup: " + inventory.db + " copied to " + to + " (" + summary + ")");
      return ExitCodes.OK;
    } catch (SQLException | java.io.IOException | IllegalStateException e) {
      deleteQuietly(partial);
      err.println("backup failed: " + e.getMessage() + ". Nothing was written at " + to + ".");
      return ExitCodes.FAILED;
    }
  }

  private int restore(PrintWriter out, PrintWriter err) {
    if (!Files.isRegularFile(restore)) {
      err.println("backup: there is no file " + restore + " to restore");
      return ExitCodes.USAGE;
    }
    Path target = Path.of(inventory.db);
    Path partial = target.resolveSibling(target.getFileName() + ".restoring");
    try {
      String summary = check(restore);
      Files.copy(restore, partial, StandardCopyOption.REPLACE_EXISTING);
      // The log and shared memory of the database being replaced belong to it, not to the copy.
      Files.deleteIfExists(Path.of(inventory.db + "-wal"));
      Files.deleteIfExists(Path.of(inventory.db + "-shm"));
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      out.println("backup: " + restore + " restored as " + inventory.db + " (" + summary + ")");
      return ExitCodes.OK;
    } catch (SQLException | java.io.IOException | IllegalStateException e) {
      deleteQuietly(partial);
      err.println(
          "backup: restore failed: " + e.getMessage() + ". " + inventory.db + " is unchanged.");
      return ExitCodes.FAILED;
    }
  }

  /** Integrity and contents of a copy; throws when it is not a sound inventory. */
  private static String check(Path file) throws SQLException {
    org.sqlite.SQLiteConfig readOnly = new org.sqlite.SQLiteConfig();
    readOnly.setReadOnly(true);
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + file, readOnly.toProperties());
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        String result = rs.next() ? rs.getString(1) : "no answer";
        if (!"ok".equals(result)) {
          throw new IllegalStateException(file + " fails SQLite's integrity check: " + result);
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT (SELECT COUNT(*) FROM assets), (SELECT COUNT(*) FROM findings),"
                  + " (SELECT version FROM flyway_schema_history WHERE success"
                  + " ORDER BY installed_rank DESC LIMIT 1)")) {
        rs.next();
        return String.format(
            "integrity ok; %,d assets, %,d findings, schema version %s",
            rs.getLong(1), rs.getLong(2), rs.getString(3));
      } catch (SQLException e) {
        throw new IllegalStateException(file + " is not a tenable-connector inventory", e);
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (java.io.IOException e) {
      // nothing more to do: the message already says the copy failed
    }
  }
}

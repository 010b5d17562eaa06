package dev.tenableconnector.core.store;

import static dev.tenableconnector.core.store.Jdbc.inTransaction;

import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run locks of a SQLite inventory: a row per running connector (and its Tenable account) with a
 * heartbeat, refused to a second process while its holder lives and taken over once it is dead.
 */
final class SqliteRunLocks {
  private static final Logger log = LoggerFactory.getLogger(SqliteInventoryStore.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(20);

  /** A lock whose heartbeat is older than this is taken over (heartbeats come every 20 s). */
  private static final Duration STALE_LOCK = Duration.ofMinutes(3);

  private final SqliteInventoryStore store;
  private final Connection control;
  private final ScheduledExecutorService heartbeats;
  private volatile Duration heartbeat = HEARTBEAT;

  SqliteRunLocks(
      SqliteInventoryStore store, Connection control, ScheduledExecutorService heartbeats) {
    this.store = store;
    this.control = control;
    this.heartbeats = heartbeats;
  }

  /** Takes the connector's run lock, or throws {@link RunLockedException} naming the holder. */
  RunLock lock(String connector, String account) {
    String owner = UUID.randomUUID().toString();
    long pid = ProcessHandle.current().pid();
    String host = hostName();
    synchronized (control) {
      // A plain read first (WAL readers never wait for the writer): a sync already running is
      // refused at once, not after the running sync's chunk transaction lets go of the write lock.
      refuseIfHeld(connector, account, host);
      inTransaction(
          control,
          () -> {
            refuseIfHeld(
                connector, account, host); // again, now that no other writer can take it meanwhile
            try (PreparedStatement upsert =
                control.prepareStatement(
                    "INSERT INTO run_locks (connector, owner, host, pid, acquired_at, heartbeat_at, account)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (connector) DO UPDATE SET owner = excluded.owner,"
                        + " host = excluded.host, pid = excluded.pid, acquired_at = excluded.acquired_at,"
                        + " heartbeat_at = excluded.heartbeat_at, account = excluded.account")) {
              String now = Instant.now().toString();
              upsert.setString(1, connector);
              upsert.setString(2, owner);
              upsert.setString(3, host);
              upsert.setLong(4, pid);
              upsert.setString(5, now);
              upsert.setString(6, now);
              upsert.setString(7, account);
              upsert.executeUpdate();
            }
            return null;
          });
    }
    Duration every = heartbeat;
    var beat =
        heartbeats.scheduleWithFixedDelay(
            () -> {
              try {
                // Between two chunk transactions: SQLite's busy handler is not fair, and a run's
                // back-to-back chunks kept every heartbeat waiting out the lock wait for minutes.
                store.updateBetweenChunks(
                    "UPDATE run_locks SET heartbeat_at = ? WHERE connector = ? AND owner = ?",
                    Instant.now().toString(),
                    connector,
                    owner);
              } catch (RuntimeException e) {
                log.warn(
                    "run lock heartbeat for {} failed (the run goes on; the next heartbeat tries"
                        + " again): {}",
                    connector,
                    e.getMessage());
              }
            },
            every.toMillis(),
            every.toMillis(),
            TimeUnit.MILLISECONDS);
    return RunLock.of(
        connector,
        () -> {
          beat.cancel(false);
          try {
            store.updateBetweenChunks(
                "DELETE FROM run_locks WHERE connector = ? AND owner = ?", connector, owner);
          } catch (RuntimeException e) {
            // The run is recorded already; a lock this process leaves is taken over once it ends.
            log.warn(
                "releasing the run lock of {} failed (the next run takes it over once this"
                    + " process has ended): {}",
                connector,
                e.getMessage());
          }
        });
  }

  /** Heartbeats of locks taken from now on come this often (tests use less than a second). */
  void heartbeatEvery(Duration every) {
    heartbeat = every;
  }

  private void refuseIfHeld(String connector, String account, String host) {
    try (PreparedStatement select =
        control.prepareStatement(
            "SELECT connector, host, pid, acquired_at, heartbeat_at FROM run_locks WHERE connector = ?"
                + " OR (account IS NOT NULL AND account = ?)")) {
      select.setString(1, connector);
      select.setString(2, account);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          if (!holderAlive(
              rs.getString("host"),
              rs.getLong("pid"),
              Instant.parse(rs.getString("acquired_at")),
              Instant.parse(rs.getString("heartbeat_at")),
              host)) {
            continue;
          }
          String holder =
              "process "
                  + rs.getLong("pid")
                  + " on "
                  + rs.getString("host")
                  + " since "
                  + rs.getString("acquired_at");
          if (rs.getString("connector").equals(connector)) {
            throw new RunLockedException(
                "connector '"
                    + connector
                    + "' is already syncing (run lock held by "
                    + holder
                    + "); wait for that run to end");
          }
          throw new RunLockedException(
              "connector '"
                  + rs.getString("connector")
                  + "' is syncing the same Tenable"
                  + " account (the same URL and access key) right now ("
                  + holder
                  + "); one sync per Tenable account"
                  + " at a time, since Tenable limits exports per account and the two would collide. Wait for it to"
                  + " end, or give this connector its own Tenable user");
        }
      }
    } catch (SQLException e) {
      throw new StoreException("reading the run lock failed: " + e.getMessage(), e);
    }
  }

  /**
   * On this host a holder is alive while its process exists and started before it took the lock (so
   * a killed run's lock is free at once, and a reused PID does not keep it): its heartbeat may
   * lapse while its own chunk transactions keep the write lock busy for minutes, and that must not
   * hand the lock to a second run. Elsewhere, or where the start time is unknown, a holder is alive
   * while its heartbeat is fresh.
   */
  private static boolean holderAlive(
      String holderHost, long holderPid, Instant acquired, Instant heartbeat, String host) {
    boolean fresh = heartbeat.isAfter(Instant.now().minus(STALE_LOCK));
    if (holderHost.equals(host) && holderPid != ProcessHandle.current().pid()) {
      Optional<ProcessHandle> process = ProcessHandle.of(holderPid).filter(ProcessHandle::isAlive);
      if (process.isEmpty()) {
        return false;
      }
      Optional<Instant> started = process.get().info().startInstant();
      return started.isPresent() ? !started.get().isAfter(acquired) : fresh;
    }
    return fresh;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}

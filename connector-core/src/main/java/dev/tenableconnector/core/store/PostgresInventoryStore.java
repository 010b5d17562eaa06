package dev.tenableconnector.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.SqlDialect;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory in PostgreSQL (15+): a HikariCP pool, schema by Flyway, chunk writes through COPY
 * into a staging table and one upsert per batch ({@link PostgresChunkWriter}), and the run lock as
 * a session advisory lock, which PostgreSQL frees by itself when the holder's connection ends.
 * Several service instances can share one database.
 */
public final class PostgresInventoryStore extends JdbcInventoryStore {
  private static final Logger log = LoggerFactory.getLogger(PostgresInventoryStore.class);

  /** Connections queries may take at once; the rest of the pool stays free for syncs. */
  private static final int QUERY_CONNECTIONS = 6;

  /** PostgreSQL's SQLSTATE for a statement cancelled or past its statement_timeout. */
  private static final String QUERY_CANCELED = "57014";

  private final HikariDataSource pool;
  private final java.util.concurrent.Semaphore queries =
      new java.util.concurrent.Semaphore(QUERY_CONNECTIONS);
  private final java.util.Map<QueryBudget, Connection> active =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final String location;
  private final PartRows partRows = new PartRows();

  private PostgresInventoryStore(String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setPoolName("inventory");
    config.setMaximumPoolSize(10);
    config.setConnectionTimeout(30_000);
    config.addDataSourceProperty(
        "ApplicationName", "tenable-connector " + ProcessHandle.current().pid() + "@" + hostName());
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    // A chunk's staging table holds up to ~25k findings; keep it in memory, not on temp files.
    config.setConnectionInitSql("SET temp_buffers = '128MB'");
    this.pool = new HikariDataSource(config);
    this.location = withoutCredentials(jdbcUrl);
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/migration/postgresql")
          .javaMigrations(new CompactFindings("4"), new BackfillHistory("7"))
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (org.flywaydb.core.api.FlywayException e) {
      pool.close();
      throw new StoreException(Migrations.failure(location, e), e);
    }
  }

  /**
   * Opens (migrating when older) the inventory at a {@code jdbc:postgresql://} URL. The user and
   * password come from the URL or the arguments; they never appear in {@link #describe()}.
   */
  public static PostgresInventoryStore open(String jdbcUrl, String user, String password) {
    try {
      return new PostgresInventoryStore(jdbcUrl, user, password);
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new StoreException(
          "cannot open the inventory "
              + withoutCredentials(jdbcUrl)
              + ": "
              + (password == null ? message : message.replace(password, "***")),
          e);
    }
  }

  /**
   * Opens with credentials from the environment: {@code TENABLE_CONNECTOR_DB_USER} and {@code
   * TENABLE_CONNECTOR_DB_PASSWORD} (or {@code TENABLE_CONNECTOR_DB_PASSWORD_FILE}, a file holding
   * it, as container secrets are mounted), else {@code PGUSER} and {@code PGPASSWORD}.
   */
  public static PostgresInventoryStore open(String jdbcUrl, Map<String, String> env) {
    String user = first(env.get("TENABLE_CONNECTOR_DB_USER"), env.get("PGUSER"));
    String password = env.get("TENABLE_CONNECTOR_DB_PASSWORD");
    String file = env.get("TENABLE_CONNECTOR_DB_PASSWORD_FILE");
    if ((password == null || password.isBlank()) && file != null && !file.isBlank()) {
      try {
        password = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
      } catch (java.io.IOException e) {
        throw new StoreException(
            "cannot read the database password file " + file + ": " + e.getMessage(), e);
      }
    }
    return open(jdbcUrl, user, first(password, env.get("PGPASSWORD")));
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }

  static String withoutCredentials(String jdbcUrl) {
    String url = jdbcUrl.replaceAll("(?i)([?&])(password|user)=[^&]*", "$1$2=***");
    return url.replaceAll("//[^/@]*@", "//***@");
  }

  @Override
  public String describe() {
    return "PostgreSQL " + location;
  }

  @Override
  public long sizeBytes() {
    return read(
        c ->
            Jdbc.querySingle(c, "SELECT pg_database_size(current_database())", rs -> rs.getLong(1))
                .orElse(0L));
  }

  @Override
  protected SqlDialect dialect() {
    return SqlDialect.POSTGRESQL;
  }

  @Override
  protected <T> T write(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }

  @Override
  protected <T> T read(QueryBudget budget, Work<T> work) {
    try {
      if (!queries.tryAcquire(
          connectionWait(budget).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new StoreBusyException(
            "the inventory is busy: all "
                + QUERY_CONNECTIONS
                + " query connections stayed"
                + " in use for "
                + QueryBudget.describe(connectionWait(budget))
                + "; try again shortly");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a database connection", e);
    }
    running.add(budget);
    try (Connection c = pool.getConnection()) {
      active.put(budget, c);
      // The server enforces the limit per statement (per fetch of a cursor), which also makes an
      // idle budget exact for streamed reads.
      long limit = budget.limit() == null ? 0 : budget.remainingMillis();
      if (limit > 0) {
        try (Statement s = c.createStatement()) {
          s.execute("SET statement_timeout = " + limit);
        }
      }
      try {
        budget.check();
        return work.run(c);
      } finally {
        if (limit > 0 && !c.isClosed()) {
          try (Statement s = c.createStatement()) {
            s.execute("RESET statement_timeout");
          } catch (SQLException e) {
            log.debug("resetting the statement timeout failed: {}", e.toString());
          }
        }
      }
    } catch (SQLException | StoreException e) {
      if (e instanceof QueryStoppedException stopped) {
        throw stopped;
      }
      if (budget.exhausted() || (budget.limit() != null && QUERY_CANCELED.equals(sqlState(e)))) {
        throw budget.stoppedException();
      }
      throw failure(e);
    } finally {
      active.remove(budget);
      running.remove(budget);
      queries.release();
    }
  }

  @Override
  protected void onCancel(QueryBudget budget) {
    Connection c = active.get(budget);
    if (c != null) {
      try {
        c.unwrap(org.postgresql.PGConnection.class).cancelQuery();
      } catch (SQLException e) {
        log.debug("cancelling a query failed: {}", e.toString());
      }
    }
  }

  private static String sqlState(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  @Override
  protected boolean cursorsNeedTransaction() {
    return true;
  }

  @Override
  public RunLock lock(String connector, String account) {
    long key = lockKey(connector);
    Long accountKey = account == null ? null : lockKey("account " + account);
    Connection c;
    try {
      c = pool.getConnection();
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
    try {
      if (!tryAdvisoryLock(c, key)) {
        String holder = holder(c, key);
        c.close();
        throw new RunLockedException(
            "connector '"
                + connector
                + "' is already syncing (its PostgreSQL"
                + " advisory lock is held by "
                + holder
                + "); wait for that run to end");
      }
      if (accountKey != null && !tryAdvisoryLock(c, accountKey)) {
        String holder = holder(c, accountKey);
        c.close(); // releases the connector's lock with the session
        throw new RunLockedException(
            "another connector is syncing the same Tenable account (the same URL and"
                + " access key) right now (held by "
                + holder
                + "); one sync per Tenable account at a time, since"
                + " Tenable limits exports per account and the two would collide. Wait for it to end, or give this"
                + " connector its own Tenable user");
      }
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StoreException("cannot take the run lock: " + e.getMessage(), e);
    }
    return RunLock.of(
        connector,
        () -> {
          try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock_all()")) {
            s.execute();
          } catch (SQLException e) {
            log.warn(
                "releasing the run lock of {} failed (it ends with the connection): {}",
                connector,
                e.getMessage());
          } finally {
            closeQuietly(c);
          }
        });
  }

  private static boolean tryAdvisoryLock(Connection c, long key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      s.setLong(1, key);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static String holder(Connection c, long key) {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT a.pid, a.application_name, a.client_addr,"
                + " a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE"
                + " l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = ?")) {
      s.setLong(1, key);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          return "'"
              + rs.getString(2)
              + "' (server pid "
              + rs.getLong(1)
              + ", since "
              + rs.getString(4)
              + ")";
        }
      }
    } catch (SQLException e) {
      log.debug("cannot name the lock holder: {}", e.toString());
    }
    return "another session";
  }

  /** A stable 64-bit key per connector for PostgreSQL's advisory locks. */
  static long lockKey(String connector) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(("tenable-connector run lock " + connector).getBytes(StandardCharsets.UTF_8));
      long k = 0;
      for (int i = 0; i < 8; i++) {
        k = k << 8 | (d[i] & 0xff);
      }
      return k;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public ChunkTransaction beginChunk(long runId, String exportUuid, int chunkId, Entity entity) {
    try {
      return new PostgresChunkWriter(
          pool.getConnection(), runId, exportUuid, chunkId, entity, partRows.begin());
    } catch (SQLException e) {
      throw new StoreException(
          "cannot begin the transaction of chunk " + chunkId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    stopQueries("the inventory is closing");
    pool.close();
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("closing a connection failed: {}", e.toString());
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}

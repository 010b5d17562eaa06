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

  private final HikariDataSource pool;
  private final String location;
  private final ConnectorRegistry connectors;

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
    config.addDataSourceProperty("ApplicationName", "tenable-connector " + ProcessHandle.current().pid()
        + "@" + hostName());
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    // A chunk's staging table holds up to ~25k findings; keep it in memory, not on temp files.
    config.setConnectionInitSql("SET temp_buffers = '128MB'");
    this.pool = new HikariDataSource(config);
    this.location = withoutCredentials(jdbcUrl);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration/postgresql").loggers("slf4j")
          .load().migrate();
    } catch (org.flywaydb.core.api.FlywayException e) {
      pool.close();
      throw new StoreException(Migrations.failure(location, e), e);
    }
    this.connectors = new JdbcConnectorRegistry(this::write);
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
      throw new StoreException("cannot open the inventory " + withoutCredentials(jdbcUrl) + ": "
          + (password == null ? message : message.replace(password, "***")), e);
    }
  }

  /**
   * Opens with credentials from the environment: {@code TENABLE_CONNECTOR_DB_USER} and
   * {@code TENABLE_CONNECTOR_DB_PASSWORD} (or {@code TENABLE_CONNECTOR_DB_PASSWORD_FILE}, a file
   * holding it, as container secrets are mounted), else {@code PGUSER} and {@code PGPASSWORD}.
   */
  public static PostgresInventoryStore open(String jdbcUrl, Map<String, String> env) {
    String user = first(env.get("TENABLE_CONNECTOR_DB_USER"), env.get("PGUSER"));
    String password = env.get("TENABLE_CONNECTOR_DB_PASSWORD");
    String file = env.get("TENABLE_CONNECTOR_DB_PASSWORD_FILE");
    if ((password == null || password.isBlank()) && file != null && !file.isBlank()) {
      try {
        password = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
      } catch (java.io.IOException e) {
        throw new StoreException("cannot read the database password file " + file + ": " + e.getMessage(), e);
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
    return read(c -> Jdbc.querySingle(c, "SELECT pg_database_size(current_database())", rs -> rs.getLong(1))
        .orElse(0L));
  }

  @Override
  protected SqlDialect dialect() {
    return SqlDialect.POSTGRESQL;
  }

  @Override
  protected <T> T write(Work<T> work) {
    return read(work);
  }

  @Override
  protected <T> T read(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }

  @Override
  protected boolean cursorsNeedTransaction() {
    return true;
  }

  @Override
  public RunLock lock(String connector) {
    long key = lockKey(connector);
    Connection c;
    try {
      c = pool.getConnection();
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
    try {
      boolean locked;
      try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        s.setLong(1, key);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          locked = rs.getBoolean(1);
        }
      }
      if (!locked) {
        String holder = holder(c, key);
        c.close();
        throw new RunLockedException("connector '" + connector + "' is already syncing (its PostgreSQL"
            + " advisory lock is held by " + holder + "); wait for that run to end");
      }
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StoreException("cannot take the run lock: " + e.getMessage(), e);
    }
    return new RunLock() {
      @Override
      public String connector() {
        return connector;
      }

      @Override
      public void close() {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          s.setLong(1, key);
          s.execute();
        } catch (SQLException e) {
          log.warn("releasing the run lock of {} failed (it ends with the connection): {}", connector, e.toString());
        } finally {
          closeQuietly(c);
        }
      }
    };
  }

  private static String holder(Connection c, long key) {
    try (PreparedStatement s = c.prepareStatement("SELECT a.pid, a.application_name, a.client_addr,"
        + " a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE"
        + " l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = ?")) {
      s.setLong(1, key);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          return "'" + rs.getString(2) + "' (server pid " + rs.getLong(1) + ", since " + rs.getString(4) + ")";
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
      byte[] d = MessageDigest.getInstance("SHA-256")
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
      return new PostgresChunkWriter(pool.getConnection(), runId, exportUuid, chunkId, entity);
    } catch (SQLException e) {
      throw new StoreException("cannot begin the transaction of chunk " + chunkId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ConnectorRegistry connectors() {
    return connectors;
  }

  @Override
  public void close() {
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

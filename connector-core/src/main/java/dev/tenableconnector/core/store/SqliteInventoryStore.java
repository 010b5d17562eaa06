package dev.tenableconnector.core.store;

import static dev.tenableconnector.core.store.Jdbc.bind;
import static dev.tenableconnector.core.store.Jdbc.inTransaction;
import static dev.tenableconnector.core.store.Jdbc.instant;
import static dev.tenableconnector.core.store.Jdbc.querySingle;
import static dev.tenableconnector.core.store.Jdbc.setInstant;


import dev.tenableconnector.core.model.Entity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The inventory in one SQLite file: WAL journal so readers never wait for the writer, immediate
 * write transactions so two writers queue instead of failing, schema by Flyway migrations.
 * One connection writes chunks, one writes run bookkeeping, a few read.
 */
public final class SqliteInventoryStore implements InventoryStore {
  private static final Logger log = LoggerFactory.getLogger(SqliteInventoryStore.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(20);
  /** A lock whose heartbeat is older than this is taken over (heartbeats come every 20 s). */
  private static final Duration STALE_LOCK = Duration.ofMinutes(3);
  private static final int READERS = 3;
  private static final int PAGE_SIZE = 32_768;

  private final Path file;
  private final SQLiteDataSource dataSource;
  private final SqliteChunkWriter chunkWriter;
  private final Connection control;
  private final Connection checkpointConnection;
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final List<Connection> allReaders = new ArrayList<>();
  private final ScheduledExecutorService heartbeats;
  private final ConnectorRegistry connectors;

  private SqliteInventoryStore(Path file) throws SQLException {
    this.file = file;
    if (!Files.exists(file)) {
      // Rows are a few KiB of JSON: with the default 4 KiB pages most of each page stays empty
      // and inserts run at half the speed (measured: 43k vs 93k rows/s). The page size must be
      // set before anything else touches a new file, the WAL switch included.
      try (Connection init = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
          Statement s = init.createStatement()) {
        s.execute("PRAGMA page_size = " + PAGE_SIZE);
        s.execute("VACUUM");
      }
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setBusyTimeout(120_000);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.setCacheSize(-65_536);
    dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/sqlite")
        .loggers("slf4j")
        .load()
        .migrate();
    chunkWriter = new SqliteChunkWriter(dataSource.getConnection());
    checkpointConnection = dataSource.getConnection();
    control = dataSource.getConnection();
    connectors = new SqliteConnectorRegistry(control);
    for (int i = 0; i < READERS; i++) {
      Connection reader = dataSource.getConnection();
      allReaders.add(reader);
      readers.add(reader);
    }
    heartbeats = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "inventory-housekeeping");
      t.setDaemon(true);
      return t;
    });
    heartbeats.scheduleWithFixedDelay(this::checkpoint, 1, 1, TimeUnit.SECONDS);
  }

  /** Opens (creating when missing, migrating when older) the inventory file. */
  public static SqliteInventoryStore open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new SqliteInventoryStore(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + file, e);
    } catch (SQLException e) {
      throw new StoreException("cannot open the inventory " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "SQLite " + file.toAbsolutePath();
  }

  public Path file() {
    return file;
  }

  // ---- run lock ----

  @Override
  public RunLock lock(String connector) {
    String owner = UUID.randomUUID().toString();
    long pid = ProcessHandle.current().pid();
    String host = hostName();
    synchronized (control) {
      inTransaction(control, () -> {
        try (PreparedStatement select = control.prepareStatement(
            "SELECT owner, host, pid, acquired_at, heartbeat_at FROM run_locks WHERE connector = ?")) {
          select.setString(1, connector);
          try (ResultSet rs = select.executeQuery()) {
            if (rs.next() && holderAlive(rs.getString("host"), rs.getLong("pid"),
                Instant.parse(rs.getString("heartbeat_at")), host)) {
              throw new RunLockedException("connector '" + connector + "' is already syncing (run lock held by"
                  + " process " + rs.getLong("pid") + " on " + rs.getString("host") + " since "
                  + rs.getString("acquired_at") + "); wait for that run to end");
            }
          }
        }
        try (PreparedStatement upsert = control.prepareStatement(
            "INSERT INTO run_locks (connector, owner, host, pid, acquired_at, heartbeat_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (connector) DO UPDATE SET owner = excluded.owner,"
                + " host = excluded.host, pid = excluded.pid, acquired_at = excluded.acquired_at,"
                + " heartbeat_at = excluded.heartbeat_at")) {
          String now = Instant.now().toString();
          upsert.setString(1, connector);
          upsert.setString(2, owner);
          upsert.setString(3, host);
          upsert.setLong(4, pid);
          upsert.setString(5, now);
          upsert.setString(6, now);
          upsert.executeUpdate();
        }
        return null;
      });
    }
    var beat = heartbeats.scheduleWithFixedDelay(() -> {
      try {
        controlUpdate("UPDATE run_locks SET heartbeat_at = ? WHERE connector = ? AND owner = ?",
            Instant.now().toString(), connector, owner);
      } catch (RuntimeException e) {
        log.warn("run lock heartbeat for {} failed: {}", connector, e.toString());
      }
    }, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    return new RunLock() {
      @Override
      public String connector() {
        return connector;
      }

      @Override
      public void close() {
        beat.cancel(false);
        controlUpdate("DELETE FROM run_locks WHERE connector = ? AND owner = ?", connector, owner);
      }
    };
  }

  private void checkpoint() {
    synchronized (checkpointConnection) {
      try (Statement s = checkpointConnection.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
      } catch (SQLException e) {
        log.debug("checkpoint failed: {}", e.toString());
      }
    }
  }

  /**
   * A holder is alive while its heartbeat is fresh and, on this host, its process exists (so a
   * killed run's lock is free at once, and a reused PID does not keep it for ever).
   */
  private static boolean holderAlive(String holderHost, long holderPid, Instant heartbeat, String host) {
    boolean fresh = heartbeat.isAfter(Instant.now().minus(STALE_LOCK));
    if (holderHost.equals(host) && holderPid != ProcessHandle.current().pid()) {
      return fresh && ProcessHandle.of(holderPid).map(ProcessHandle::isAlive).orElse(false);
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

  // ---- watermark and runs ----

  @Override
  public Optional<Instant> watermark(String connector) {
    return querySingle(control, "SELECT watermark FROM sync_state WHERE connector = ?",
        rs -> rs.getString(1) == null ? null : Instant.parse(rs.getString(1)), connector);
  }

  @Override
  public void resetWatermark(String connector) {
    controlUpdate("UPDATE sync_state SET watermark = NULL, updated_at = ? WHERE connector = ?",
        Instant.now().toString(), connector);
  }

  @Override
  public long startRun(String connector, String mode, String scope, String preset,
      String settingsJson, String mapName, Instant watermarkBefore, Instant startedAt) {
    return insertReturningId("INSERT INTO sync_runs (connector, mode, status, scope, preset, settings,"
        + " map_name, started_at, watermark_before) VALUES (?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?)",
        connector, mode, scope, preset, settingsJson, mapName, startedAt, watermarkBefore);
  }

  /** Inserts one row on the control connection and returns its generated id. */
  private long insertReturningId(String sql, Object... args) {
    synchronized (control) {
      return inTransaction(control, () -> {
        try (PreparedStatement insert = control.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
          bind(insert, args);
          insert.executeUpdate();
          try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
          }
        }
      });
    }
  }

  @Override
  public Optional<RunRecord> unfinishedRun(String connector) {
    Optional<Long> id = querySingle(control,
        "SELECT run_id FROM sync_runs WHERE connector = ? AND status = 'RUNNING' ORDER BY run_id DESC LIMIT 1",
        rs -> rs.getLong(1), connector);
    return id.flatMap(this::run);
  }

  @Override
  public void markResumed(long runId) {
    controlUpdate("UPDATE sync_runs SET resumed_count = resumed_count + 1 WHERE run_id = ?", runId);
  }

  @Override
  public void abandonRun(long runId, Instant at, String message) {
    controlUpdate("UPDATE sync_runs SET status = 'ABANDONED', finished_at = ?, error_message = ?"
        + " WHERE run_id = ?", at.toString(), message, runId);
  }

  @Override
  public RunExport addExport(long runId, String phase, String kind, String exportUuid,
      String request, int attempt, Instant requestedAt, Instant dataAsOf) {
    long id = insertReturningId("INSERT INTO run_exports (run_id, phase, kind, export_uuid, request,"
        + " attempt, requested_at, data_as_of, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING')",
        runId, phase, kind, exportUuid, request, attempt, requestedAt, dataAsOf);
    return new RunExport(id, runId, phase, kind, exportUuid, request, attempt, requestedAt, dataAsOf,
        RunExport.RUNNING, null, null);
  }

  @Override
  public void finishExport(long exportId, String status, String outcome, String message, Instant at) {
    controlUpdate("UPDATE run_exports SET status = ?, outcome = ?, message = ?, finished_at = ?"
        + " WHERE id = ?", status, outcome, message, at.toString(), exportId);
  }

  @Override
  public Set<Integer> chunksDone(String exportUuid) {
    Set<Integer> done = new HashSet<>();
    synchronized (control) {
      try (PreparedStatement select = control.prepareStatement(
          "SELECT chunk_id FROM run_chunks WHERE export_uuid = ?")) {
        select.setString(1, exportUuid);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            done.add(rs.getInt(1));
          }
        }
      } catch (SQLException e) {
        throw new StoreException("cannot read chunk progress: " + e.getMessage(), e);
      }
    }
    return done;
  }

  @Override
  public void completeRun(long runId, Instant finishedAt, Instant watermarkAfter) {
    synchronized (control) {
      inTransaction(control, () -> {
        String connector;
        try (PreparedStatement update = control.prepareStatement(
            "UPDATE sync_runs SET status = 'COMPLETED', finished_at = ?, watermark_after = ?,"
                + " error_code = NULL, tenable_status = NULL, error_message = NULL, remedy = NULL"
                + " WHERE run_id = ? RETURNING connector")) {
          update.setString(1, finishedAt.toString());
          setInstant(update, 2, watermarkAfter);
          update.setLong(3, runId);
          try (ResultSet rs = update.executeQuery()) {
            if (!rs.next()) {
              throw new StoreException("run " + runId + " does not exist", null);
            }
            connector = rs.getString(1);
          }
        }
        try (PreparedStatement state = control.prepareStatement(
            "INSERT INTO sync_state (connector, watermark, last_run_id, updated_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (connector) DO UPDATE SET watermark = excluded.watermark,"
                + " last_run_id = excluded.last_run_id, updated_at = excluded.updated_at")) {
          state.setString(1, connector);
          setInstant(state, 2, watermarkAfter);
          state.setLong(3, runId);
          state.setString(4, finishedAt.toString());
          state.executeUpdate();
        }
        return null;
      });
    }
  }

  @Override
  public void failRun(long runId, Instant finishedAt, RunFailure failure) {
    synchronized (control) {
      inTransaction(control, () -> {
        try (PreparedStatement update = control.prepareStatement(
            "UPDATE sync_runs SET status = 'FAILED', finished_at = ?, error_code = ?, tenable_status = ?,"
                + " error_message = ?, remedy = ? WHERE run_id = ?")) {
          update.setString(1, finishedAt.toString());
          update.setString(2, failure.errorCode());
          if (failure.tenableStatus() == null) {
            update.setNull(3, Types.INTEGER);
          } else {
            update.setInt(3, failure.tenableStatus());
          }
          update.setString(4, failure.message());
          update.setString(5, failure.remedy());
          update.setLong(6, runId);
          update.executeUpdate();
        }
        return null;
      });
    }
  }

  @Override
  public Optional<RunRecord> run(long runId) {
    List<RunRecord> runs = readRuns("WHERE run_id = ?", 1, runId);
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
  }

  @Override
  public List<RunRecord> runs(String connector, int limit) {
    return connector == null ? readRuns("", limit) : readRuns("WHERE connector = ?", limit, connector);
  }

  private List<RunRecord> readRuns(String where, int limit, Object... args) {
    List<RunRecord> out = new ArrayList<>();
    Connection c = borrow();
    try {
      try (PreparedStatement select = c.prepareStatement("SELECT * FROM sync_runs " + where
          + " ORDER BY run_id DESC LIMIT " + Math.max(1, limit))) {
        bind(select, args);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            long runId = rs.getLong("run_id");
            Object status = rs.getObject("tenable_status");
            out.add(new RunRecord(runId, rs.getString("connector"), rs.getString("mode"),
                rs.getString("status"), rs.getString("scope"), rs.getString("preset"),
                rs.getString("settings"), rs.getString("map_name"), instant(rs.getString("started_at")),
                instant(rs.getString("finished_at")), instant(rs.getString("watermark_before")),
                instant(rs.getString("watermark_after")), rs.getInt("resumed_count"),
                rs.getString("error_code"), status == null ? null : ((Number) status).intValue(),
                rs.getString("error_message"), rs.getString("remedy"), null, null));
          }
        }
      }
      List<RunRecord> full = new ArrayList<>();
      for (RunRecord r : out) {
        full.add(new RunRecord(r.runId(), r.connector(), r.mode(), r.status(), r.scope(), r.preset(),
            r.settings(), r.mapName(), r.startedAt(), r.finishedAt(), r.watermarkBefore(), r.watermarkAfter(),
            r.resumedCount(), r.errorCode(), r.tenableStatus(), r.errorMessage(), r.remedy(),
            counts(c, r.runId()), exports(c, r.runId())));
      }
      return full;
    } catch (SQLException e) {
      throw new StoreException("cannot read the run history: " + e.getMessage(), e);
    } finally {
      readers.add(c);
    }
  }

  private static Map<Entity, ChunkCounts> counts(Connection c, long runId) throws SQLException {
    Map<Entity, ChunkCounts> counts = new EnumMap<>(Entity.class);
    try (PreparedStatement select = c.prepareStatement("SELECT entity, SUM(seen), SUM(inserted),"
        + " SUM(updated), SUM(unchanged), SUM(rejected), SUM(filtered), SUM(deleted), SUM(terminated),"
        + " SUM(fixed), SUM(bytes) FROM run_chunks WHERE run_id = ? GROUP BY entity")) {
      select.setLong(1, runId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ChunkCounts k = new ChunkCounts();
          k.seen = rs.getLong(2);
          k.inserted = rs.getLong(3);
          k.updated = rs.getLong(4);
          k.unchanged = rs.getLong(5);
          k.rejected = rs.getLong(6);
          k.filtered = rs.getLong(7);
          k.deleted = rs.getLong(8);
          k.terminated = rs.getLong(9);
          k.fixed = rs.getLong(10);
          k.bytes = rs.getLong(11);
          counts.put(Entity.valueOf(rs.getString(1)), k);
        }
      }
    }
    return counts;
  }

  private static List<RunExport> exports(Connection c, long runId) throws SQLException {
    List<RunExport> exports = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement(
        "SELECT * FROM run_exports WHERE run_id = ? ORDER BY id")) {
      select.setLong(1, runId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          exports.add(new RunExport(rs.getLong("id"), runId, rs.getString("phase"),
              rs.getString("kind"), rs.getString("export_uuid"), rs.getString("request"),
              rs.getInt("attempt"), instant(rs.getString("requested_at")),
              instant(rs.getString("data_as_of")), rs.getString("status"), rs.getString("outcome"),
              rs.getString("message")));
        }
      }
    }
    return exports;
  }

  @Override
  public List<RejectedRecord> rejected(long runId, int limit) {
    List<RejectedRecord> out = new ArrayList<>();
    Connection c = borrow();
    try (PreparedStatement select = c.prepareStatement("SELECT * FROM rejected_records WHERE run_id = ?"
        + " ORDER BY id LIMIT " + Math.max(1, limit))) {
      select.setLong(1, runId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          out.add(new RejectedRecord(Entity.valueOf(rs.getString("entity")), rs.getString("export_uuid"),
              rs.getInt("chunk_id"), rs.getInt("position"), rs.getString("reason"),
              rs.getString("excerpt")));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read rejected records: " + e.getMessage(), e);
    } finally {
      readers.add(c);
    }
    return out;
  }

  // ---- inventory reads ----

  @Override
  public Optional<String> assetRaw(String externalAssetId) {
    Connection c = borrow();
    try {
      return querySingle(c, "SELECT raw FROM assets WHERE external_asset_id = ?",
          rs -> rs.getString(1), externalAssetId);
    } finally {
      readers.add(c);
    }
  }

  @Override
  public Optional<String> rawRecord(Entity entity, String key) {
    Connection c = borrow();
    try {
      if (entity == Entity.ASSET) {
        return querySingle(c, "SELECT raw FROM assets WHERE external_asset_id = ?", rs -> rs.getString(1), key);
      }
      return querySingle(c, "SELECT f.raw, p.raw FROM findings f LEFT JOIN plugins p ON p.plugin_id = f.plugin_id"
          + " WHERE f.external_finding_id = ?", rs -> withPlugin(rs.getString(1), rs.getString(2)), key);
    } finally {
      readers.add(c);
    }
  }

  /** A finding's stored raw JSON with its plugin object put back. */
  static String withPlugin(String raw, String plugin) {
    if (plugin == null) {
      return raw;
    }
    String body = raw.substring(0, raw.lastIndexOf('}')).strip();
    return body + (body.equals("{") ? "" : ",") + "\"plugin\":" + plugin + "}";
  }

  @Override
  public long count(Entity entity) {
    Connection c = borrow();
    try {
      return querySingle(c, "SELECT COUNT(*) FROM " + entity.plural(), rs -> rs.getLong(1)).orElse(0L);
    } finally {
      readers.add(c);
    }
  }

  @Override
  public Optional<String> pluginRaw(long pluginId) {
    Connection c = borrow();
    try {
      return querySingle(c, "SELECT raw FROM plugins WHERE plugin_id = ?", rs -> rs.getString(1), pluginId);
    } finally {
      readers.add(c);
    }
  }

  @Override
  public void forEach(Entity entity, String connector, Consumer<StoredRecord> consumer) {
    String key = entity == Entity.ASSET ? "external_asset_id" : "external_finding_id";
    Connection c = borrow();
    try (PreparedStatement select = c.prepareStatement(
        "SELECT " + key + ", data, raw FROM " + entity.plural()
            + (connector == null ? "" : " WHERE connector = ?") + " ORDER BY " + key)) {
      select.setFetchSize(500);
      if (connector != null) {
        select.setString(1, connector);
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          consumer.accept(new StoredRecord(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read " + entity.plural() + ": " + e.getMessage(), e);
    } finally {
      readers.add(c);
    }
  }

  @Override
  public RecordPage page(PageRequest request) {
    List<String> problems = request.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    List<Object> args = new ArrayList<>();
    String where = request.where(args);
    String table = request.entity().plural();
    Connection c = borrow();
    try {
      long total = querySingle(c, "SELECT COUNT(*) FROM " + table + where, rs -> rs.getLong(1),
          args.toArray()).orElse(0L);
      List<StoredRecord> items = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement("SELECT " + request.keyColumn() + ", data, raw FROM "
          + table + where + request.orderBy() + " LIMIT ? OFFSET ?")) {
        List<Object> all = new ArrayList<>(args);
        all.add(request.limit());
        all.add(request.offset());
        bind(select, all.toArray());
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            items.add(new StoredRecord(rs.getString(1), rs.getString(2), rs.getString(3)));
          }
        }
      }
      return new RecordPage(items, total);
    } catch (SQLException e) {
      throw new StoreException("cannot read " + table + ": " + e.getMessage(), e);
    } finally {
      readers.add(c);
    }
  }

  @Override
  public ConnectorRegistry connectors() {
    return connectors;
  }

  // ---- chunk writes ----

  @Override
  public ChunkTransaction beginChunk(long runId, String exportUuid, int chunkId, Entity entity) {
    return chunkWriter.begin(runId, exportUuid, chunkId, entity);
  }

  // ---- helpers ----

  private Connection borrow() {
    try {
      return readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a database connection", e);
    }
  }

  private void controlUpdate(String sql, Object... args) {
    synchronized (control) {
      try (PreparedStatement s = control.prepareStatement(sql)) {
        bind(s, args);
        s.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException("database error: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    synchronized (checkpointConnection) {
      try (Statement s = checkpointConnection.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (SQLException e) {
        log.debug("final checkpoint failed: {}", e.toString());
      }
    }
    chunkWriter.close();
    List<Connection> all = new ArrayList<>(allReaders);
    all.add(control);
    all.add(checkpointConnection);
    for (Connection c : all) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("closing a connection failed: {}", e.toString());
      }
    }
  }
}

package dev.tenableconnector.core.store;

import static dev.tenableconnector.core.store.Jdbc.bind;
import static dev.tenableconnector.core.store.Jdbc.inTransaction;
import static dev.tenableconnector.core.store.Jdbc.instant;
import static dev.tenableconnector.core.store.Jdbc.querySingle;
import static dev.tenableconnector.core.store.Jdbc.setInstant;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.CompiledQuery;
import dev.tenableconnector.core.query.InventoryQuery;
import dev.tenableconnector.core.query.QueryCompiler;
import dev.tenableconnector.core.query.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The part of the store contract that is the same SQL on every engine: run bookkeeping, the
 * watermark, run history, rejected records and inventory reads. An engine says how it hands out
 * connections ({@link #write}, {@link #read}) and supplies the run lock and chunk writes.
 */
public abstract class JdbcInventoryStore implements InventoryStore {
  /** Work on one connection. */
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Bookkeeping writes (and reads that must see them), serialized where the engine needs it. */
  protected abstract <T> T write(Work<T> work);

  /** Reads on a connection of their own. */
  protected final <T> T read(Work<T> work) {
    return read(QueryBudget.unlimited(), work);
  }

  /**
   * Runs a read on a query connection within the budget. Waiting for a free connection is bounded
   * ({@link StoreBusyException}); a budget that runs out ends the read with {@link
   * QueryStoppedException}.
   */
  protected abstract <T> T read(QueryBudget budget, Work<T> work);

  private volatile String damage;

  @Override
  public Optional<String> damage() {
    return Optional.ofNullable(damage);
  }

  /** Keeps the first error that says the database itself is damaged; returns the error. */
  protected final <E extends Exception> E noteDamage(E error) {
    if (damage == null) {
      for (Throwable t = error; t != null; t = t.getCause()) {
        String text = String.valueOf(t.getMessage());
        String state = t instanceof SQLException sql ? sql.getSQLState() : null;
        if (text.contains("SQLITE_CORRUPT")
            || text.contains("SQLITE_NOTADB")
            || text.contains("malformed")
            || "XX001".equals(state)
            || "XX002".equals(state)) {
          damage =
              "the inventory database is damaged ("
                  + text.strip()
                  + "); restore it from a backup or"
                  + " rebuild it with a full sync into a new file";
          break;
        }
      }
    }
    return error;
  }

  /** How long a read waits for a free query connection before {@link StoreBusyException}. */
  protected static final java.time.Duration QUERY_WAIT = java.time.Duration.ofSeconds(5);

  /** The reads running now, so that {@link #stopQueries} reaches them. */
  protected final java.util.Set<QueryBudget> running =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  @Override
  public void stopQueries(String why) {
    for (QueryBudget budget : running) {
      budget.cancel(why);
      onCancel(budget);
    }
  }

  /** Engine-specific work to stop a cancelled read at once (PostgreSQL: a cancel request). */
  protected void onCancel(QueryBudget budget) {}

  /** The SQL the inventory query language compiles to on this engine. */
  protected abstract SqlDialect dialect();

  @Override
  public Optional<Instant> watermark(String connector) {
    return write(
        c ->
            querySingle(
                c,
                "SELECT watermark FROM sync_state WHERE connector = ?",
                rs -> rs.getString(1) == null ? null : Instant.parse(rs.getString(1)),
                connector));
  }

  @Override
  public void resetWatermark(String connector) {
    update(
        "UPDATE sync_state SET watermark = NULL, updated_at = ? WHERE connector = ?",
        Instant.now().toString(),
        connector);
  }

  @Override
  public long startRun(
      String connector,
      String mode,
      String scope,
      String preset,
      String settingsJson,
      String mapName,
      Instant watermarkBefore,
      Instant startedAt) {
    return insertReturningId(
        "INSERT INTO sync_runs (connector, mode, status, scope, preset, settings,"
            + " map_name, started_at, watermark_before) VALUES (?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?)",
        connector,
        mode,
        scope,
        preset,
        settingsJson,
        mapName,
        startedAt,
        watermarkBefore);
  }

  /** Inserts one row and returns its generated id (the table's first column). */
  private long insertReturningId(String sql, Object... args) {
    return write(
        c ->
            inTransaction(
                c,
                () -> {
                  try (PreparedStatement insert =
                      c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                    bind(insert, args);
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                      keys.next();
                      return keys.getLong(1);
                    }
                  }
                }));
  }

  @Override
  public Optional<RunRecord> unfinishedRun(String connector) {
    Optional<Long> id =
        write(
            c ->
                querySingle(
                    c,
                    "SELECT run_id FROM sync_runs WHERE connector = ? AND status = 'RUNNING' ORDER BY run_id DESC LIMIT 1",
                    rs -> rs.getLong(1),
                    connector));
    return id.flatMap(this::run);
  }

  @Override
  public void markResumed(long runId) {
    update("UPDATE sync_runs SET resumed_count = resumed_count + 1 WHERE run_id = ?", runId);
  }

  @Override
  public void abandonRun(long runId, Instant at, String message) {
    update(
        "UPDATE sync_runs SET status = 'ABANDONED', finished_at = ?, error_message = ?"
            + " WHERE run_id = ?",
        at.toString(),
        message,
        runId);
  }

  @Override
  public RunExport addExport(
      long runId,
      String phase,
      String kind,
      String exportUuid,
      String request,
      int attempt,
      Instant requestedAt,
      Instant dataAsOf) {
    long id =
        insertReturningId(
            "INSERT INTO run_exports (run_id, phase, kind, export_uuid, request,"
                + " attempt, requested_at, data_as_of, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING')",
            runId,
            phase,
            kind,
            exportUuid,
            request,
            attempt,
            requestedAt,
            dataAsOf);
    return new RunExport(
        id,
        runId,
        phase,
        kind,
        exportUuid,
        request,
        attempt,
        requestedAt,
        dataAsOf,
        RunExport.RUNNING,
        null,
        null);
  }

  @Override
  public void finishExport(
      long exportId, String status, String outcome, String message, Instant at) {
    update(
        "UPDATE run_exports SET status = ?, outcome = ?, message = ?, finished_at = ?"
            + " WHERE id = ?",
        status,
        outcome,
        message,
        at.toString(),
        exportId);
  }

  @Override
  public Set<Integer> chunksDone(String exportUuid) {
    return write(
        c -> {
          Set<Integer> done = new HashSet<>();
          try (PreparedStatement select =
              c.prepareStatement("SELECT chunk_id FROM run_chunks WHERE export_uuid = ?")) {
            select.setString(1, exportUuid);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                done.add(rs.getInt(1));
              }
            }
          }
          return done;
        });
  }

  @Override
  public void completeRun(long runId, Instant finishedAt, Instant watermarkAfter) {
    write(
        c ->
            inTransaction(
                c,
                () -> {
                  String connector;
                  try (PreparedStatement update =
                      c.prepareStatement(
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
                  try (PreparedStatement state =
                      c.prepareStatement(
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
                }));
  }

  @Override
  public void failRun(long runId, Instant finishedAt, RunFailure failure) {
    write(
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
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

  @Override
  public Optional<RunRecord> run(long runId) {
    List<RunRecord> runs = readRuns("WHERE run_id = ?", 1, runId);
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
  }

  @Override
  public List<RunRecord> runs(String connector, int limit) {
    return connector == null
        ? readRuns("", limit)
        : readRuns("WHERE connector = ?", limit, connector);
  }

  private List<RunRecord> readRuns(String where, int limit, Object... args) {
    return read(
        c -> {
          List<RunRecord> out = new ArrayList<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT * FROM sync_runs "
                      + where
                      + " ORDER BY run_id DESC LIMIT "
                      + Math.max(1, limit))) {
            bind(select, args);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                long runId = rs.getLong("run_id");
                Object status = rs.getObject("tenable_status");
                out.add(
                    new RunRecord(
                        runId,
                        rs.getString("connector"),
                        rs.getString("mode"),
                        rs.getString("status"),
                        rs.getString("scope"),
                        rs.getString("preset"),
                        rs.getString("settings"),
                        rs.getString("map_name"),
                        instant(rs.getString("started_at")),
                        instant(rs.getString("finished_at")),
                        instant(rs.getString("watermark_before")),
                        instant(rs.getString("watermark_after")),
                        rs.getInt("resumed_count"),
                        rs.getString("error_code"),
                        status == null ? null : ((Number) status).intValue(),
                        rs.getString("error_message"),
                        rs.getString("remedy"),
                        null,
                        null));
              }
            }
          }
          List<RunRecord> full = new ArrayList<>();
          for (RunRecord r : out) {
            full.add(
                new RunRecord(
                    r.runId(),
                    r.connector(),
                    r.mode(),
                    r.status(),
                    r.scope(),
                    r.preset(),
                    r.settings(),
                    r.mapName(),
                    r.startedAt(),
                    r.finishedAt(),
                    r.watermarkBefore(),
                    r.watermarkAfter(),
                    r.resumedCount(),
                    r.errorCode(),
                    r.tenableStatus(),
                    r.errorMessage(),
                    r.remedy(),
                    counts(c, r.runId()),
                    exports(c, r.runId())));
          }
          return full;
        });
  }

  private static Map<Entity, ChunkCounts> counts(Connection c, long runId) throws SQLException {
    Map<Entity, ChunkCounts> counts = new EnumMap<>(Entity.class);
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT entity, SUM(seen), SUM(inserted),"
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
    try (PreparedStatement select =
        c.prepareStatement("SELECT * FROM run_exports WHERE run_id = ? ORDER BY id")) {
      select.setLong(1, runId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          exports.add(
              new RunExport(
                  rs.getLong("id"),
                  runId,
                  rs.getString("phase"),
                  rs.getString("kind"),
                  rs.getString("export_uuid"),
                  rs.getString("request"),
                  rs.getInt("attempt"),
                  instant(rs.getString("requested_at")),
                  instant(rs.getString("data_as_of")),
                  rs.getString("status"),
                  rs.getString("outcome"),
                  rs.getString("message")));
        }
      }
    }
    return exports;
  }

  @Override
  public List<RejectedRecord> rejected(long runId, int limit) {
    return read(
        c -> {
          List<RejectedRecord> out = new ArrayList<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT * FROM rejected_records WHERE run_id = ?"
                      + " ORDER BY id LIMIT "
                      + Math.max(1, limit))) {
            select.setLong(1, runId);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new RejectedRecord(
                        Entity.valueOf(rs.getString("entity")),
                        rs.getString("export_uuid"),
                        rs.getInt("chunk_id"),
                        rs.getInt("position"),
                        rs.getString("reason"),
                        rs.getString("excerpt")));
              }
            }
          }
          return out;
        });
  }

  // ---- inventory reads ----

  @Override
  public Optional<String> assetRaw(String externalAssetId) {
    return read(
        c ->
            querySingle(
                c,
                "SELECT raw FROM assets WHERE external_asset_id = ?",
                rs -> rs.getString(1),
                externalAssetId));
  }

  @Override
  public Optional<String> rawRecord(Entity entity, String key) {
    if (entity == Entity.ASSET) {
      return assetRaw(key);
    }
    return read(
        c ->
            querySingle(
                c,
                "SELECT f.raw, p.raw FROM findings f LEFT JOIN plugins p"
                    + " ON p.plugin_id = f.plugin_id WHERE f.external_finding_id = ?",
                rs -> withPlugin(rs.getString(1), rs.getString(2)),
                key));
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
    return read(
        c ->
            querySingle(c, "SELECT COUNT(*) FROM " + entity.plural(), rs -> rs.getLong(1))
                .orElse(0L));
  }

  @Override
  public Optional<String> pluginRaw(long pluginId) {
    return read(
        c ->
            querySingle(
                c, "SELECT raw FROM plugins WHERE plugin_id = ?", rs -> rs.getString(1), pluginId));
  }

  @Override
  public void forEach(
      Entity entity,
      String connector,
      InventoryQuery query,
      QueryBudget budget,
      Consumer<StoredRecord> consumer) {
    String key = entity == Entity.ASSET ? "external_asset_id" : "external_finding_id";
    List<String> conditions = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (connector != null) {
      conditions.add("connector = ?");
      args.add(connector);
    }
    if (query != null) {
      CompiledQuery compiled =
          QueryCompiler.compile(query, entity, entity.plural(), dialect(), Instant.now());
      conditions.add("(" + compiled.sql() + ")");
      args.addAll(compiled.params());
    }
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    read(
        budget,
        c -> {
          boolean transaction = cursorsNeedTransaction();
          if (transaction) {
            c.setAutoCommit(false);
          }
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT "
                      + key
                      + ", data, raw FROM "
                      + entity.plural()
                      + where
                      + " ORDER BY "
                      + key)) {
            select.setFetchSize(500);
            bind(select, args.toArray());
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                consumer.accept(
                    new StoredRecord(rs.getString(1), rs.getString(2), rs.getString(3)));
                budget.rowDelivered();
                budget.check(); // between fetches no statement runs for the engine to interrupt
              }
            }
          } finally {
            if (transaction) {
              c.rollback();
              c.setAutoCommit(true);
            }
          }
          return null;
        });
  }

  /**
   * Whether a streaming read must run in a transaction: PostgreSQL's driver fetches in batches only
   * then (otherwise it reads every row into memory first). SQLite streams anyway, and there a
   * transaction would take the write lock (the store opens immediate transactions).
   */
  protected boolean cursorsNeedTransaction() {
    return false;
  }

  @Override
  public RecordPage page(PageRequest request, QueryBudget budget) {
    List<String> problems = request.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    List<Object> args = new ArrayList<>();
    String where = request.where(args, dialect());
    String table = request.entity().plural();
    return read(
        budget,
        c -> {
          long total =
              querySingle(
                      c,
                      "SELECT COUNT(*) FROM " + table + where,
                      rs -> rs.getLong(1),
                      args.toArray())
                  .orElse(0L);
          List<StoredRecord> items = new ArrayList<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT "
                      + request.keyColumn()
                      + ", data, raw FROM "
                      + table
                      + where
                      + request.orderBy()
                      + " LIMIT ? OFFSET ?")) {
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
        });
  }

  @Override
  public List<ValueCount> countBy(
      Entity entity, String field, InventoryQuery query, QueryBudget budget) {
    PageRequest.Field f = PageRequest.Field.of(entity, field);
    if (f == null) {
      throw new IllegalArgumentException(
          "'"
              + field
              + "' is not a countable field of "
              + entity.plural()
              + " (known: "
              + String.join(", ", PageRequest.Field.names(entity))
              + ")");
    }
    List<Object> args = new ArrayList<>();
    String where = "";
    if (query != null) {
      CompiledQuery compiled =
          QueryCompiler.compile(query, entity, entity.plural(), dialect(), Instant.now());
      where = " WHERE " + compiled.sql();
      args.addAll(compiled.params());
    }
    String sql =
        "SELECT "
            + f.column()
            + ", COUNT(*) FROM "
            + entity.plural()
            + where
            + " GROUP BY "
            + f.column()
            + " ORDER BY COUNT(*) DESC, "
            + f.column();
    return read(
        budget,
        c -> {
          List<ValueCount> out = new ArrayList<>();
          try (PreparedStatement select = c.prepareStatement(sql)) {
            bind(select, args.toArray());
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                out.add(new ValueCount(rs.getObject(1), rs.getLong(2)));
              }
            }
          }
          return out;
        });
  }

  protected void update(String sql, Object... args) {
    write(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
          }
          return null;
        });
  }
}

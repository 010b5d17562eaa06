package dev.tenableconnector.core.store;

import static dev.tenableconnector.core.store.Jdbc.querySingle;
import static dev.tenableconnector.core.store.Jdbc.setLong;

import dev.tenableconnector.core.model.Entity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes chunks into the SQLite inventory on its own connection, one transaction per chunk: looks
 * up the stored hashes of a batch's keys, upserts what is new or changed, skips what is not, and
 * records the chunk as done in the same transaction. Used by one thread at a time.
 */
final class SqliteChunkWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqliteChunkWriter.class);
  private static final int LOOKUP_BATCH = 400;

  private final Connection chunkConnection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final PartRows parts = new PartRows();

  /**
   * One chunk transaction at a time on the shared connection: the runs of several connectors (the
   * service runs them side by side) each have a writer thread, and they take turns here. A
   * semaphore, not a lock, because a rollback may come from another thread than the begin.
   */
  private final Semaphore turn = new Semaphore(1, true);

  /**
   * The writer's page cache, in KiB (SQLite fills it only as pages are read, so a small inventory
   * never uses it all). A new finding goes into five B-trees keyed at random (its id, the severity
   * and status indexes, its transition and its episode); once they outgrow the cache every insert
   * reads pages back. 256 MB instead of the 64 MB every other connection has: the 949k-finding sync
   * 183 → 130 s, 328 → 280 cpu-s per million, peak RSS 854 → 1,219 MB (docs/benchmarks.md).
   */
  static final int WRITER_CACHE_KIB = 262_144;

  /**
   * The connection stays in auto-commit until a chunk begins: in manual mode the driver keeps a
   * write transaction open between commits, which would hold the file's write lock for as long as
   * the store is open.
   */
  SqliteChunkWriter(Connection connection) throws SQLException {
    this.chunkConnection = connection;
    try (Statement pragmas = chunkConnection.createStatement()) {
      // The writer never checkpoints (copying the log into the file and syncing it took up to 40%
      // of its time); the store's housekeeping thread does, without blocking it.
      pragmas.execute("PRAGMA wal_autocheckpoint = 0");
      pragmas.execute("PRAGMA cache_size = -" + WRITER_CACHE_KIB);
    }
  }

  /**
   * Runs {@code action} between two chunk transactions, holding the next one up until it is done
   * (SQLite's own lock would let a writer that never pauses starve it); gives up, returning false,
   * when no chunk has ended within {@code seconds}.
   */
  boolean between(Runnable action, long seconds) throws InterruptedException {
    if (!turn.tryAcquire(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
      return false;
    }
    try {
      action.run();
      return true;
    } finally {
      turn.release();
    }
  }

  ChunkTransaction begin(long runId, String exportUuid, int chunkId, Entity entity) {
    return new Transaction(runId, exportUuid, chunkId, entity);
  }

  /** One chunk's writes on the chunk connection; only one is open at a time (the writer thread). */
  private final class Transaction implements ChunkTransaction {
    private final long runId;
    private final String exportUuid;
    private final int chunkId;
    private final Entity entity;
    private final Instant seenAt = Instant.now();
    private final String now = seenAt.toString();
    private final PartRows.Pending pendingParts = parts.begin();
    private boolean finished;

    Transaction(long runId, String exportUuid, int chunkId, Entity entity) {
      this.runId = runId;
      this.exportUuid = exportUuid;
      this.chunkId = chunkId;
      this.entity = entity;
      try {
        turn.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while waiting to store chunk " + chunkId, e);
      }
      try {
        chunkConnection.setAutoCommit(false);
      } catch (SQLException e) {
        turn.release();
        throw new StoreException(
            "cannot begin the transaction of chunk " + chunkId + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void write(Entity rowsEntity, List<StoreRow> rows, ChunkCounts counts) {
      try {
        for (int from = 0; from < rows.size(); from += LOOKUP_BATCH) {
          writeBatch(
              rowsEntity, rows.subList(from, Math.min(rows.size(), from + LOOKUP_BATCH)), counts);
        }
      } catch (SQLException e) {
        throw new StoreException(
            "cannot store " + rowsEntity.plural() + " of chunk " + chunkId + ": " + e.getMessage(),
            e);
      }
    }

    private void writeBatch(Entity rowsEntity, List<StoreRow> rows, ChunkCounts counts)
        throws SQLException {
      Map<String, Existing> existing = lookup(rowsEntity, rows);
      List<StoreRow> changed = new java.util.ArrayList<>(rows.size());
      List<HistoryRows.Seen> seen = new java.util.ArrayList<>();
      List<HistoryRows.Gone> gone = new java.util.ArrayList<>();
      for (StoreRow row : rows) {
        counts.seen++;
        Existing before = existing.get(row.key());
        if (before != null && before.hash == row.contentHash()) {
          counts.unchanged++;
          continue;
        }
        if (before == null) {
          counts.inserted++;
        } else {
          counts.updated++;
          if (rowsEntity == Entity.ASSET) {
            if ("DELETED".equals(row.status()) && !"DELETED".equals(before.status)) {
              counts.deleted++;
            } else if ("TERMINATED".equals(row.status()) && !"TERMINATED".equals(before.status)) {
              counts.terminated++;
            }
          } else if ("FIXED".equals(row.status()) && !"FIXED".equals(before.status)) {
            counts.fixed++;
          }
        }
        if (row.observation() != null) {
          seen.add(new HistoryRows.Seen(row.observation(), before == null ? null : before.status));
        } else if (before != null) {
          HistoryRows.Gone g = HistoryRows.Staged.of(row).gone(row.key(), before.status, seenAt);
          if (g != null) {
            gone.add(g);
          }
        }
        existing.put(row.key(), new Existing(row.contentHash(), row.status()));
        changed.add(row);
      }
      if (changed.isEmpty()) {
        return;
      }
      HistoryRows.findings(chunkConnection, runId, seenAt, seen, null);
      HistoryRows.assetsGone(chunkConnection, runId, gone);
      if (rowsEntity == Entity.FINDING) {
        pendingParts.store(chunkConnection, changed, now);
      }
      PreparedStatement upsert = upsertStatement(rowsEntity);
      for (StoreRow row : changed) {
        bindRow(upsert, rowsEntity, row);
        upsert.addBatch();
      }
      upsert.executeBatch();
    }

    private Map<String, Existing> lookup(Entity rowsEntity, List<StoreRow> rows)
        throws SQLException {
      String key = rowsEntity == Entity.ASSET ? "external_asset_id" : "external_finding_id";
      String status = rowsEntity == Entity.ASSET ? "asset_status" : "finding_status";
      StringBuilder sql =
          new StringBuilder("SELECT ")
              .append(key)
              .append(", content_hash, ")
              .append(status)
              .append(" FROM ")
              .append(rowsEntity.plural())
              .append(" WHERE ")
              .append(key)
              .append(" IN (");
      for (int i = 0; i < rows.size(); i++) {
        sql.append(i == 0 ? "?" : ",?");
      }
      sql.append(')');
      Map<String, Existing> existing = new HashMap<>(rows.size() * 2);
      try (PreparedStatement select = chunkConnection.prepareStatement(sql.toString())) {
        for (int i = 0; i < rows.size(); i++) {
          select.setString(i + 1, rows.get(i).key());
        }
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            existing.put(rs.getString(1), new Existing(rs.getLong(2), rs.getString(3)));
          }
        }
      }
      return existing;
    }

    private void bindRow(PreparedStatement s, Entity rowsEntity, StoreRow row) throws SQLException {
      if (rowsEntity == Entity.ASSET) {
        s.setString(1, row.key());
        s.setString(2, connectorOf());
        s.setString(3, row.name());
        s.setString(4, row.status() == null ? "ACTIVE" : row.status());
        s.setString(5, row.cloudProvider());
        s.setString(6, row.changedAt());
        s.setLong(7, row.contentHash());
        s.setLong(8, runId);
        s.setLong(9, runId);
        s.setString(10, now);
        s.setBytes(11, row.data());
        s.setBytes(12, row.raw());
      } else {
        s.setString(1, row.key());
        s.setString(2, connectorOf());
        s.setString(3, row.assetKey());
        s.setString(4, row.name());
        setLong(s, 5, row.severity());
        s.setString(6, row.status());
        setLong(s, 7, row.pluginId());
        s.setString(8, row.changedAt());
        s.setLong(9, row.contentHash());
        s.setLong(10, runId);
        s.setLong(11, runId);
        s.setBytes(12, row.data());
        s.setBytes(13, row.raw());
        setLong(s, 14, row.pluginPart() == null ? null : row.pluginPart().id());
        setLong(s, 15, row.assetPart() == null ? null : row.assetPart().id());
        setLong(s, 16, row.scanPart() == null ? null : row.scanPart().id());
      }
    }

    private String connector;

    private String connectorOf() throws SQLException {
      if (connector == null) {
        connector =
            querySingle(
                    chunkConnection,
                    "SELECT connector FROM sync_runs WHERE run_id = ?",
                    rs -> rs.getString(1),
                    runId)
                .orElseThrow(() -> new StoreException("run " + runId + " does not exist", null));
      }
      return connector;
    }

    @Override
    public void reject(RejectedRecord record) {
      ChunkRows.rejected(chunkConnection, runId, record, now);
    }

    @Override
    public void commit(ChunkCounts counts) {
      try {
        ChunkRows.done(chunkConnection, runId, exportUuid, chunkId, entity.name(), counts);
        chunkConnection.commit();
        pendingParts.committed();
        finished = true;
        try {
          chunkConnection.setAutoCommit(true);
        } finally {
          turn.release();
        }
      } catch (SQLException e) {
        rollback();
        throw new StoreException("cannot commit chunk " + chunkId + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void rollback() {
      if (finished) {
        return;
      }
      finished = true;
      try {
        chunkConnection.rollback();
        chunkConnection.setAutoCommit(true);
      } catch (SQLException e) {
        if (String.valueOf(e.getMessage()).contains("no transaction is active")) {
          // SQLite rolled it back itself (as on SQLITE_FULL): nothing of the chunk was kept.
          log.debug("chunk {} was rolled back by SQLite already", chunkId);
          try {
            chunkConnection.setAutoCommit(true);
          } catch (SQLException again) {
            log.debug("back to auto-commit after chunk {}: {}", chunkId, again.toString());
          }
        } else {
          log.warn("rolling back chunk {} failed: {}", chunkId, e.toString());
        }
      } finally {
        turn.release();
      }
    }

    @Override
    public void close() {
      rollback();
    }
  }

  private record Existing(long hash, String status) {}

  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement s = statements.get(sql);
    if (s == null) {
      s = chunkConnection.prepareStatement(sql);
      statements.put(sql, s);
    }
    return s;
  }

  private PreparedStatement upsertStatement(Entity entity) throws SQLException {
    if (entity == Entity.ASSET) {
      return statement(
          "INSERT INTO assets (external_asset_id, connector, asset_name, asset_status,"
              + " cloud_provider, updated_at, content_hash, first_run_id, last_run_id, stored_at, data, raw)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?)"
              + " ON CONFLICT (external_asset_id) DO UPDATE SET"
              + " connector = excluded.connector, asset_name = excluded.asset_name,"
              + " asset_status = excluded.asset_status, cloud_provider = excluded.cloud_provider,"
              + " updated_at = excluded.updated_at, content_hash = excluded.content_hash,"
              + " last_run_id = excluded.last_run_id, stored_at = excluded.stored_at,"
              + " data = excluded.data, raw = excluded.raw");
    }
    return statement(
        "INSERT INTO findings (external_finding_id, connector, external_asset_id,"
            + " finding_name, finding_severity, finding_status, plugin_id, last_found, content_hash,"
            + " first_run_id, last_run_id, data, raw, plugin_part, asset_part, scan_part)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?)"
            + " ON CONFLICT (external_finding_id) DO UPDATE SET"
            + " connector = excluded.connector, external_asset_id = excluded.external_asset_id,"
            + " finding_name = excluded.finding_name, finding_severity = excluded.finding_severity,"
            + " finding_status = excluded.finding_status, plugin_id = excluded.plugin_id,"
            + " last_found = excluded.last_found, content_hash = excluded.content_hash,"
            + " last_run_id = excluded.last_run_id,"
            + " data = excluded.data, raw = excluded.raw, plugin_part = excluded.plugin_part,"
            + " asset_part = excluded.asset_part, scan_part = excluded.scan_part");
  }

  @Override
  public void close() {
    for (PreparedStatement s : statements.values()) {
      try {
        s.close();
      } catch (SQLException ignored) {
        // closing the connection releases it anyway
      }
    }
    try {
      chunkConnection.close();
    } catch (SQLException e) {
      log.debug("closing the chunk connection failed: {}", e.toString());
    }
  }
}

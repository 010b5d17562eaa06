package dev.tenableconnector.core.store;

import static dev.tenableconnector.core.store.Jdbc.querySingle;

import dev.tenableconnector.core.model.Entity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chunk's writes on PostgreSQL, on a pooled connection of its own (so runs of several
 * connectors write side by side): its batches are copied (COPY, text format) into a temporary
 * staging table; at commit the staged rows are counted against the stored ones in one query and
 * merged with one upsert that skips unchanged content, in the transaction of the chunk's progress
 * row.
 */
final class PostgresChunkWriter implements ChunkTransaction {
  private static final Logger log = LoggerFactory.getLogger(PostgresChunkWriter.class);

  private static final String ASSET_COLUMNS =
      "external_asset_id, connector, asset_name, asset_status,"
          + " cloud_provider, updated_at, content_hash, first_run_id, last_run_id, stored_at, data, raw";
  private static final String FINDING_COLUMNS =
      "external_finding_id, connector, external_asset_id,"
          + " finding_name, finding_severity, finding_status, plugin_id, last_found, content_hash,"
          + " first_run_id, last_run_id, data, raw, plugin_part, asset_part, scan_part";

  private final Connection c;
  private final long runId;
  private final String exportUuid;
  private final int chunkId;
  private final Entity entity;
  private final String now = Instant.now().toString();
  private final String connector;

  /** The keys copied into each staging table in this transaction. */
  private final Map<Entity, Set<String>> staged = new java.util.EnumMap<>(Entity.class);

  private final PartRows.Pending parts;

  /** What the history needs of each staged row, by entity and key (the last of a key wins). */
  private final Map<Entity, Map<String, HistoryRows.Staged>> history =
      new java.util.EnumMap<>(Entity.class);

  private boolean finished;

  PostgresChunkWriter(
      Connection c,
      long runId,
      String exportUuid,
      int chunkId,
      Entity entity,
      PartRows.Pending parts)
      throws SQLException {
    this.c = c;
    this.parts = parts;
    this.runId = runId;
    this.exportUuid = exportUuid;
    this.chunkId = chunkId;
    this.entity = entity;
    try {
      c.setAutoCommit(false);
      this.connector =
          querySingle(
                  c,
                  "SELECT connector FROM sync_runs WHERE run_id = ?",
                  rs -> rs.getString(1),
                  runId)
              .orElseThrow(() -> new StoreException("run " + runId + " does not exist", null));
      try (Statement s = c.createStatement()) {
        // A chunk lost to a server crash after its commit is lost with its progress row, so the
        // run downloads it again on resume: waiting for the WAL flush buys nothing here. The
        // run's completion (and the watermark) still commits synchronously.
        s.execute("SET LOCAL synchronous_commit = off");
        s.execute(
            "CREATE TEMP TABLE IF NOT EXISTS stage_assets (LIKE assets) ON COMMIT DELETE ROWS");
        s.execute(
            "CREATE TEMP TABLE IF NOT EXISTS stage_findings (LIKE findings) ON COMMIT DELETE ROWS");
      }
    } catch (SQLException | RuntimeException e) {
      rollback();
      throw e;
    }
  }

  @Override
  public void write(Entity rowsEntity, List<StoreRow> rows, ChunkCounts counts) {
    if (rows.isEmpty()) {
      return;
    }
    // A key twice in one chunk: the last one wins, the earlier ones count as seen and unchanged.
    Map<String, StoreRow> unique = new LinkedHashMap<>();
    for (StoreRow row : rows) {
      unique.put(row.key(), row);
    }
    counts.seen += rows.size();
    counts.unchanged += rows.size() - unique.size();
    boolean assets = rowsEntity == Entity.ASSET;
    String stage = "stage_" + rowsEntity.plural();
    Set<String> keys = staged.computeIfAbsent(rowsEntity, e -> new HashSet<>());
    try {
      List<String> again = new ArrayList<>();
      for (String key : unique.keySet()) {
        if (!keys.add(key)) {
          again.add(key);
        }
      }
      if (!again.isEmpty()) {
        counts.unchanged += again.size();
        try (PreparedStatement delete =
            c.prepareStatement(
                "DELETE FROM "
                    + stage
                    + " WHERE "
                    + (assets ? "external_asset_id" : "external_finding_id")
                    + " = ANY (?)")) {
          delete.setArray(1, c.createArrayOf("text", again.toArray()));
          delete.executeUpdate();
        }
      }
      if (!assets) {
        parts.store(c, unique.values(), now);
      }
      Map<String, HistoryRows.Staged> pending =
          history.computeIfAbsent(rowsEntity, e -> new java.util.HashMap<>());
      for (StoreRow row : unique.values()) {
        pending.put(row.key(), HistoryRows.Staged.of(row));
      }
      copy(stage, assets ? ASSET_COLUMNS : FINDING_COLUMNS, unique.values(), assets);
    } catch (SQLException | IOException e) {
      throw new StoreException(
          "cannot stage " + rowsEntity.plural() + " of chunk " + chunkId + ": " + e.getMessage(),
          e);
    }
  }

  /** Records the history of what the staged rows change, before the merge changes them. */
  private void recordHistory(Entity rowsEntity) throws SQLException {
    HistoryRows.staged(
        c, rowsEntity, history.getOrDefault(rowsEntity, Map.of()), runId, Instant.parse(now));
  }

  /** Counts the staged rows against the stored ones, then merges them with one upsert. */
  private void merge(Entity rowsEntity, ChunkCounts counts) throws SQLException {
    boolean assets = rowsEntity == Entity.ASSET;
    String table = rowsEntity.plural();
    String stage = "stage_" + table;
    String key = assets ? "external_asset_id" : "external_finding_id";
    String status = assets ? "asset_status" : "finding_status";
    try (Statement s = c.createStatement()) {
      // Without statistics the planner takes the staging table for a large one and hash-joins it
      // with a full scan of the inventory: every chunk would read every stored row.
      s.execute("ANALYZE " + stage);
    }
    try (PreparedStatement count =
        c.prepareStatement(
            "SELECT"
                + " count(*) FILTER (WHERE t.k IS NULL),"
                + " count(*) FILTER (WHERE t.k IS NOT NULL AND t.h <> s.content_hash),"
                + " count(*) FILTER (WHERE t.h = s.content_hash),"
                + " count(*) FILTER (WHERE t.h <> s.content_hash AND s."
                + status
                + " = ? AND t.st IS DISTINCT FROM ?),"
                + " count(*) FILTER (WHERE t.h <> s.content_hash AND s."
                + status
                + " = ? AND t.st IS DISTINCT FROM ?)"
                + " FROM "
                + stage
                + " s LEFT JOIN (SELECT x."
                + key
                + " AS k, x.content_hash AS h, x."
                + status
                + " AS st FROM "
                + table
                + " x JOIN "
                + stage
                + " y ON y."
                + key
                + " = x."
                + key
                + ") t ON t.k = s."
                + key)) {
      String first = assets ? "DELETED" : "FIXED";
      String second = assets ? "TERMINATED" : "-";
      count.setString(1, first);
      count.setString(2, first);
      count.setString(3, second);
      count.setString(4, second);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        counts.inserted += rs.getLong(1);
        counts.updated += rs.getLong(2);
        counts.unchanged += rs.getLong(3);
        if (assets) {
          counts.deleted += rs.getLong(4);
          counts.terminated += rs.getLong(5);
        } else {
          counts.fixed += rs.getLong(4);
        }
      }
    }
    String columns = assets ? ASSET_COLUMNS : FINDING_COLUMNS;
    StringBuilder set = new StringBuilder();
    for (String column : columns.split(",\\s*")) {
      if (!column.equals(key) && !column.equals("first_run_id")) {
        set.append(set.length() == 0 ? "" : ", ")
            .append(column)
            .append(" = excluded.")
            .append(column);
      }
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO "
              + table
              + " ("
              + columns
              + ") SELECT "
              + columns
              + " FROM "
              + stage
              + " ON CONFLICT ("
              + key
              + ") DO UPDATE SET "
              + set
              + " WHERE "
              + table
              + ".content_hash <> excluded.content_hash");
    }
  }

  private void copy(String stage, String columns, Iterable<StoreRow> rows, boolean assets)
      throws SQLException, IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    String run = Long.toString(runId);
    for (StoreRow r : rows) {
      if (assets) {
        CopyText.fields(
            out,
            r.key(),
            connector,
            r.name(),
            r.status() == null ? "ACTIVE" : r.status(),
            r.cloudProvider(),
            r.changedAt());
      } else {
        CopyText.fields(
            out,
            r.key(),
            connector,
            r.assetKey(),
            r.name(),
            r.severity() == null ? null : r.severity().toString(),
            r.status(),
            r.pluginId() == null ? null : r.pluginId().toString(),
            r.changedAt());
      }
      if (assets) {
        CopyText.fields(out, Long.toString(r.contentHash()), run, run, now);
      } else {
        CopyText.fields(out, Long.toString(r.contentHash()), run, run);
      }
      CopyText.escaped(out, r.data());
      out.write('\t');
      CopyText.hex(out, r.raw());
      if (!assets) {
        out.write('\t');
        CopyText.fields(
            out,
            r.pluginPart() == null ? null : Long.toString(r.pluginPart().id()),
            r.assetPart() == null ? null : Long.toString(r.assetPart().id()));
        String scan = r.scanPart() == null ? "\\N" : Long.toString(r.scanPart().id());
        out.writeBytes(scan.getBytes(StandardCharsets.US_ASCII));
      }
      out.write('\n');
    }
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    copy.copyIn(
        "COPY " + stage + " (" + columns + ") FROM STDIN",
        new ByteArrayInputStream(out.toByteArray()));
  }

  @Override
  public void reject(RejectedRecord record) {
    ChunkRows.rejected(c, runId, record, now);
  }

  @Override
  public void commit(ChunkCounts counts) {
    try {
      for (Entity staged : this.staged.keySet()) {
        recordHistory(staged);
        merge(staged, counts);
      }
    } catch (SQLException e) {
      rollback();
      throw new StoreException(
          "cannot store the records of chunk " + chunkId + ": " + e.getMessage(), e);
    }
    try {
      ChunkRows.done(c, runId, exportUuid, chunkId, entity.name(), counts);
      c.commit();
      parts.committed();
      finished = true;
      release();
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
      c.rollback();
    } catch (SQLException e) {
      log.warn("rolling back chunk {} failed: {}", chunkId, e.toString());
    } finally {
      release();
    }
  }

  private void release() {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      log.debug("resetting the connection failed: {}", e.toString());
    }
    PostgresInventoryStore.closeQuietly(c);
  }

  @Override
  public void close() {
    rollback();
  }
}

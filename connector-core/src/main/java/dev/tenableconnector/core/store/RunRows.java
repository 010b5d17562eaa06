package dev.tenableconnector.core.store;

import static dev.tenableconnector.core.store.Jdbc.bind;
import static dev.tenableconnector.core.store.Jdbc.instant;

import dev.tenableconnector.core.model.Entity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads run records, with their counts by entity and their exports, from the run tables. */
final class RunRows {
  private RunRows() {}

  static List<RunRecord> select(Connection c, String where, int limit, Object... args)
      throws SQLException {
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
                  RunMode.stored(rs.getString("mode")),
                  RunStatus.stored(rs.getString("status")),
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
                  RunExport.Status.stored(rs.getString("status")),
                  rs.getString("outcome"),
                  rs.getString("message")));
        }
      }
    }
    return exports;
  }
}

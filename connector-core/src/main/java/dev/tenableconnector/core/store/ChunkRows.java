package dev.tenableconnector.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The rows a chunk transaction writes the same way on every engine: a record set aside, the chunk
 * done.
 */
final class ChunkRows {
  private ChunkRows() {}

  /** Records a record set aside. */
  static void rejected(Connection c, long runId, RejectedRecord record, String at) {
    try {
      insertRejected(c, runId, record, at);
    } catch (SQLException e) {
      throw new StoreException("cannot record a rejected record: " + e.getMessage(), e);
    }
  }

  private static void insertRejected(Connection c, long runId, RejectedRecord record, String at)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO rejected_records (run_id, entity,"
                + " export_uuid, chunk_id, position, reason, excerpt, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, runId);
      insert.setString(2, record.entity().name());
      insert.setString(3, record.exportUuid());
      insert.setInt(4, record.chunkId());
      insert.setInt(5, record.position());
      insert.setString(6, record.reason());
      insert.setString(7, record.excerpt());
      insert.setString(8, at);
      insert.executeUpdate();
    }
  }

  static void done(
      Connection c, long runId, String exportUuid, int chunkId, String entity, ChunkCounts counts)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO run_chunks (run_id, export_uuid, chunk_id,"
                + " entity, seen, inserted, updated, unchanged, rejected, filtered, deleted, terminated,"
                + " fixed, bytes, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (export_uuid, chunk_id) DO NOTHING")) {
      insert.setLong(1, runId);
      insert.setString(2, exportUuid);
      insert.setInt(3, chunkId);
      insert.setString(4, entity);
      insert.setLong(5, counts.seen);
      insert.setLong(6, counts.inserted);
      insert.setLong(7, counts.updated);
      insert.setLong(8, counts.unchanged);
      insert.setLong(9, counts.rejected);
      insert.setLong(10, counts.filtered);
      insert.setLong(11, counts.deleted);
      insert.setLong(12, counts.terminated);
      insert.setLong(13, counts.fixed);
      insert.setLong(14, counts.bytes);
      insert.setString(15, Instant.now().toString());
      insert.executeUpdate();
    }
  }
}

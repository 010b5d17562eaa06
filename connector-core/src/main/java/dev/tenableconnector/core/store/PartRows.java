package dev.tenableconnector.core.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores shared parts the same way on every engine: inserts those not known to be stored, and
 * checks that an id already taken holds the same content (a 64-bit hash collision fails the chunk
 * rather than mixing two parts' facts). Knows which parts committed transactions stored, so a part
 * is written once per process, and forgets a transaction's parts if it rolls back.
 */
final class PartRows {
  private static final int MAX_KNOWN = 200_000;

  private final Set<Long> committed = ConcurrentHashMap.newKeySet();

  /** The parts one transaction stored, to be known once it commits. */
  final class Pending {
    private final Set<Long> ids = new HashSet<>();

    /** Stores the rows' parts not stored yet. */
    void store(Connection c, Collection<StoreRow> rows, String at) throws SQLException {
      Map<Long, RecordPart> fresh = new java.util.LinkedHashMap<>();
      for (StoreRow row : rows) {
        for (RecordPart part :
            new RecordPart[] {row.pluginPart(), row.assetPart(), row.scanPart()}) {
          if (part != null && !committed.contains(part.id()) && !ids.contains(part.id())) {
            fresh.putIfAbsent(part.id(), part);
          }
        }
      }
      if (fresh.isEmpty()) {
        return;
      }
      insert(c, fresh.values(), at);
      ids.addAll(fresh.keySet());
    }

    void committed() {
      if (committed.size() + ids.size() > MAX_KNOWN) {
        committed.clear();
      }
      committed.addAll(ids);
      ids.clear();
    }
  }

  Pending begin() {
    return new Pending();
  }

  /** Inserts parts, verifying those whose id was taken already. */
  static void insert(Connection c, Collection<RecordPart> parts, String at) throws SQLException {
    int[] counts;
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO record_parts (part_id, owner, data, raw, stored_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (part_id) DO NOTHING")) {
      for (RecordPart part : parts) {
        insert.setLong(1, part.id());
        insert.setString(2, part.owner().name());
        insert.setString(3, new String(part.data(), StandardCharsets.UTF_8));
        insert.setString(4, new String(part.raw(), StandardCharsets.UTF_8));
        insert.setString(5, at);
        insert.addBatch();
      }
      counts = insert.executeBatch();
    }
    int i = 0;
    for (RecordPart part : parts) {
      if (counts.length != parts.size() || counts[i] != 1) {
        verify(c, part);
      }
      i++;
    }
  }

  private static void verify(Connection c, RecordPart part) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT data, raw FROM record_parts WHERE part_id = ?")) {
      select.setLong(1, part.id());
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new StoreException("shared part " + part.id() + " was not stored", null);
        }
        if (!Arrays.equals(rs.getString(1).getBytes(StandardCharsets.UTF_8), part.data())
            || !Arrays.equals(rs.getString(2).getBytes(StandardCharsets.UTF_8), part.raw())) {
          throw new StoreException(
              "two different shared parts have the same id "
                  + part.id()
                  + " (a 64-bit hash collision); please report it",
              null);
        }
      }
    }
  }
}

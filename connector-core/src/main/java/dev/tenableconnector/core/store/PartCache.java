package dev.tenableconnector.core.store;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared parts readers have needed lately, parsed, least recently used first out. A part never
 * changes once stored (its id is its content), so an entry is never stale; the cache holds up to
 * about {@link #MAX_CHARS} characters.
 */
final class PartCache {
  private static final long MAX_CHARS = 8L << 20;

  /** A part ready to assemble: each field's JSON text by catalog index, and its raw members. */
  record Parsed(String[] slices, String rawInner, int weight) {}

  private final Map<Long, Parsed> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private long chars;

  Parsed get(long id, Connection connection) throws SQLException {
    synchronized (this) {
      Parsed hit = entries.get(id);
      if (hit != null) {
        return hit;
      }
    }
    Parsed loaded = load(id, connection);
    synchronized (this) {
      if (entries.put(id, loaded) == null) {
        chars += loaded.weight();
      }
      var oldest = entries.entrySet().iterator();
      while (chars > MAX_CHARS && oldest.hasNext()) {
        chars -= oldest.next().getValue().weight();
        oldest.remove();
      }
    }
    return loaded;
  }

  private static Parsed load(long id, Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT data, raw FROM record_parts WHERE part_id = ?")) {
      select.setLong(1, id);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new StoreException(
              "the inventory is damaged: shared part " + id + " of a finding is missing", null);
        }
        String data = rs.getString(1);
        String raw = rs.getString(2);
        String[] slices = new String[FieldCatalog.of(Entity.FINDING).size()];
        FindingAssembly.slice(data, slices);
        return new Parsed(slices, FindingAssembly.inner(raw), data.length() + raw.length());
      }
    }
  }
}

package dev.tenableconnector.app;

import dev.tenableconnector.core.export.ExportFormat;
import dev.tenableconnector.core.export.InventoryExporter;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An inventory as {@code export} writes it, for tests that compare two: each entity's JSON lines,
 * sorted, so two stores that hold the same records compare equal whatever order they were written.
 */
final class InventorySnapshot {
  private InventorySnapshot() {}

  /** "assets" and "findings" to their sorted JSON lines. */
  static Map<String, List<String>> of(String db) {
    Map<String, List<String>> out = new TreeMap<>();
    try (InventoryStore store = InventoryStores.open(db, Map.of())) {
      for (Entity entity : Entity.values()) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InventoryExporter.export(store, entity, ExportFormat.JSONL, bytes);
        List<String> lines =
            new ArrayList<>(bytes.toString(StandardCharsets.UTF_8).lines().toList());
        lines.sort(null);
        out.put(entity.plural(), lines);
      }
    }
    return out;
  }

  /** Every record's line, assets then findings. */
  static List<String> lines(String db) {
    List<String> all = new ArrayList<>();
    of(db).values().forEach(all::addAll);
    return all;
  }

  /** The delta watermark the inventory at {@code db} holds (a SQLite file), or null. */
  static String watermark(String db) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.ResultSet rs =
            c.createStatement().executeQuery("SELECT watermark FROM sync_state")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}

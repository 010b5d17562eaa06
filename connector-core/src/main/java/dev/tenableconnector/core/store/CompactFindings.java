package dev.tenableconnector.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The migration that rewrites findings stored before {@link FindingLayout} in it: each row's full
 * normalized record and raw record (its plugin object put back from the old {@code plugins} table)
 * go through the same {@link FindingLayout#row} as a fresh import, so an upgraded inventory holds
 * what a new one would, content hashes included (the next sync finds nothing changed); asset
 * records are compressed ({@link RawCodec}). Then the {@code plugins} table goes. Runs in the
 * migration's transaction, a page of keys at a time.
 */
final class CompactFindings implements JavaMigration {
  private static final int PAGE = 1000;

  private final String version;

  CompactFindings(String version) {
    this.version = version;
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion(version);
  }

  @Override
  public String getDescription() {
    return "compact findings";
  }

  @Override
  public Integer getChecksum() {
    return 1;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    ObjectMapper mapper = new ObjectMapper();
    SharedFacts shared = new SharedFacts(mapper);
    RawCodec codec = RawCodec.forThisThread();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
    PartRows parts = new PartRows();
    PartRows.Pending pending = parts.begin();
    String now = Instant.now().toString();
    String after = "";
    while (true) {
      Map<String, StoreRow> page = new LinkedHashMap<>();
      try (PreparedStatement select =
          c.prepareStatement(
              "SELECT f.external_finding_id, f.data, f.raw, p.raw FROM findings f LEFT JOIN"
                  + " plugins p ON p.plugin_id = f.plugin_id WHERE f.external_finding_id > ?"
                  + " ORDER BY f.external_finding_id LIMIT "
                  + PAGE)) {
        select.setString(1, after);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            String key = rs.getString(1);
            NormalizedRecord record = RecordJson.read(Entity.FINDING, rs.getString(2));
            ObjectNode raw = (ObjectNode) mapper.readTree(codec.decode(rs.getBytes(3)));
            String plugin = rs.getString(4);
            if (plugin != null && !raw.has("plugin")) {
              raw.set("plugin", mapper.readTree(plugin));
            }
            page.put(key, FindingLayout.row(record, raw, shared, codec, mapper, buffer));
            after = key;
          }
        }
      }
      if (page.isEmpty()) {
        break;
      }
      pending.store(c, page.values(), now);
      update(c, page);
    }
    compressAssets(c, codec);
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE plugins");
    }
  }

  /** Asset records stored as JSON text are stored compressed, as new ones are (same hash). */
  private static void compressAssets(Connection c, RawCodec codec) throws Exception {
    String after = "";
    while (true) {
      Map<String, byte[]> page = new LinkedHashMap<>();
      try (PreparedStatement select =
          c.prepareStatement(
              "SELECT external_asset_id, raw FROM assets WHERE external_asset_id > ?"
                  + " ORDER BY external_asset_id LIMIT "
                  + PAGE)) {
        select.setString(1, after);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            after = rs.getString(1);
            String json = codec.decode(rs.getBytes(2));
            page.put(
                after, codec.encodeAsset(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
          }
        }
      }
      if (page.isEmpty()) {
        return;
      }
      try (PreparedStatement update =
          c.prepareStatement("UPDATE assets SET raw = ? WHERE external_asset_id = ?")) {
        for (Map.Entry<String, byte[]> e : page.entrySet()) {
          update.setBytes(1, e.getValue());
          update.setString(2, e.getKey());
          update.addBatch();
        }
        update.executeBatch();
      }
    }
  }

  private static void update(Connection c, Map<String, StoreRow> page) throws Exception {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE findings SET data = ?, raw = ?, plugin_part = ?, asset_part = ?,"
                + " scan_part = ?, plugin_id = ?, content_hash = ? WHERE external_finding_id = ?")) {
      List<String> keys = new ArrayList<>(page.keySet());
      for (String key : keys) {
        StoreRow row = page.get(key);
        update.setString(1, new String(row.data(), java.nio.charset.StandardCharsets.UTF_8));
        update.setBytes(2, row.raw());
        Jdbc.setLong(update, 3, row.pluginPart() == null ? null : row.pluginPart().id());
        Jdbc.setLong(update, 4, row.assetPart() == null ? null : row.assetPart().id());
        Jdbc.setLong(update, 5, row.scanPart() == null ? null : row.scanPart().id());
        Jdbc.setLong(update, 6, row.pluginId());
        update.setLong(7, row.contentHash());
        update.setString(8, key);
        update.addBatch();
      }
      update.executeBatch();
    }
  }
}

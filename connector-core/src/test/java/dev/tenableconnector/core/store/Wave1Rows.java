package dev.tenableconnector.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;

/**
 * Writes a store's records into a database at the first release's schema the way that release
 * stored them: each row's full normalized record in {@code data}, a finding's raw record without
 * its plugin object, which went once per plugin into {@code plugins}, and hashes over those bytes.
 */
final class Wave1Rows {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Wave1Rows() {}

  static void copy(InventoryStore from, Connection to) throws Exception {
    String now = Instant.now().toString();
    try (PreparedStatement asset =
            to.prepareStatement(
                "INSERT INTO assets (external_asset_id, connector, asset_name, asset_status,"
                    + " cloud_provider, updated_at, content_hash, first_run_id, last_run_id,"
                    + " stored_at, data, raw) VALUES (?, 'default', ?, ?, ?, ?, ?, 1, 1, ?, ?, ?)");
        PreparedStatement finding =
            to.prepareStatement(
                "INSERT INTO findings (external_finding_id, connector, external_asset_id,"
                    + " finding_name, finding_severity, finding_status, plugin_id, last_found,"
                    + " content_hash, first_run_id, last_run_id, stored_at, data, raw)"
                    + " VALUES (?, 'default', ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?)");
        PreparedStatement plugin =
            to.prepareStatement(
                "INSERT INTO plugins (plugin_id, content_hash, raw, stored_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (plugin_id) DO NOTHING")) {
      from.forEach(
          Entity.ASSET,
          r -> {
            NormalizedRecord record = RecordJson.read(Entity.ASSET, r.data());
            try {
              asset.setString(1, r.key());
              asset.setString(2, record.text("assetName"));
              asset.setString(3, record.text("assetStatus"));
              asset.setString(4, record.text("cloudProvider"));
              asset.setString(5, text(record.instant("updatedAt")));
              asset.setLong(6, StoreRow.hash(bytes(r.data()), bytes(r.raw())));
              asset.setString(7, now);
              asset.setString(8, r.data());
              asset.setString(9, r.raw());
              asset.executeUpdate();
            } catch (java.sql.SQLException e) {
              throw new IllegalStateException(e);
            }
          });
      from.forEach(
          Entity.FINDING,
          r -> {
            NormalizedRecord record = RecordJson.read(Entity.FINDING, r.data());
            try {
              ObjectNode raw = (ObjectNode) MAPPER.readTree(r.raw());
              JsonNode pluginObject = raw.remove("plugin");
              String rawText = MAPPER.writeValueAsString(raw);
              Long pluginId = record.integer("pluginId");
              finding.setString(1, r.key());
              finding.setString(2, record.text("externalAssetId"));
              finding.setString(3, record.text("findingName"));
              Jdbc.setLong(finding, 4, record.integer("findingSeverity"));
              finding.setString(5, record.text("findingStatus"));
              Jdbc.setLong(finding, 6, pluginId);
              finding.setString(7, text(record.instant("findingLastFoundOn")));
              finding.setLong(8, StoreRow.hash(bytes(r.data()), bytes(rawText)));
              finding.setString(9, now);
              finding.setString(10, r.data());
              finding.setString(11, rawText);
              finding.executeUpdate();
              if (pluginObject != null) {
                String pluginText = MAPPER.writeValueAsString(pluginObject);
                plugin.setLong(1, pluginId);
                plugin.setLong(2, StoreRow.hash(bytes(pluginText), new byte[0]));
                plugin.setString(3, pluginText);
                plugin.setString(4, now);
                plugin.executeUpdate();
              }
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}

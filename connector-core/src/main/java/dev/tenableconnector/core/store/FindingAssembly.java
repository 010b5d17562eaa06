package dev.tenableconnector.core.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.TargetField;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Puts a stored finding back together (see {@link FindingLayout}): its normalized JSON from the
 * columns, its own fields and its two shared parts, in catalog order and byte for byte the compact
 * form the transform produced; its raw record from its own members and the parts' members. Parts
 * come from the store's {@link PartCache}. One instance per read.
 */
final class FindingAssembly {
  /** The columns a read selects, in the order {@link #read} takes them. */
  static final String COLUMNS =
      "external_finding_id, data, raw, plugin_part, asset_part, external_asset_id,"
          + " finding_severity, finding_status, plugin_id, last_found, scan_part";

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final FieldCatalog CATALOG = FieldCatalog.of(Entity.FINDING);
  private static final List<TargetField> FIELDS = CATALOG.fields();
  private static final int KEY = CATALOG.require("externalFindingId").index();
  private static final int ASSET_KEY = CATALOG.require("externalAssetId").index();
  private static final int SEVERITY = CATALOG.require("findingSeverity").index();
  private static final int STATUS = CATALOG.require("findingStatus").index();
  private static final int PLUGIN_ID = CATALOG.require("pluginId").index();
  private static final int LAST_FOUND = CATALOG.require("findingLastFoundOn").index();

  private final PartCache parts;
  private final Connection connection;
  private final RawCodec codec = RawCodec.forThisThread();
  private final String[] slices = new String[CATALOG.size()];
  private final StringBuilder out = new StringBuilder(2048);

  FindingAssembly(PartCache parts, Connection connection) {
    this.parts = parts;
    this.connection = connection;
  }

  /** The finding at the result set's row, in the given form. */
  StoredRecord read(ResultSet rs, RecordForm form) throws SQLException {
    boolean withRaw = form == RecordForm.STORED_WITH_RAW;
    boolean everyField = form == RecordForm.EVERY_FIELD;
    java.util.Arrays.fill(slices, null);
    String key = rs.getString(1);
    slices[KEY] = quoted(key);
    slices[ASSET_KEY] = quoted(rs.getString(6));
    slices[SEVERITY] = number(rs, 7);
    slices[STATUS] = quoted(rs.getString(8));
    slices[PLUGIN_ID] = number(rs, 9);
    slices[LAST_FOUND] = quoted(rs.getString(10));
    slice(rs.getString(2), slices);
    PartCache.Parsed plugin = part(rs, 4);
    PartCache.Parsed asset = part(rs, 5);
    PartCache.Parsed scan = withRaw ? part(rs, 11) : null;
    for (PartCache.Parsed p : new PartCache.Parsed[] {plugin, asset}) {
      if (p != null) {
        for (int i = 0; i < slices.length; i++) {
          if (slices[i] == null) {
            slices[i] = p.slices()[i];
          }
        }
      }
    }
    out.setLength(0);
    out.append('{');
    for (TargetField field : FIELDS) {
      String value = slices[field.index()];
      if (value == null && everyField) {
        value = field.type().isList() ? "[]" : "null";
      }
      if (value != null) {
        if (out.length() > 1) {
          out.append(',');
        }
        out.append('"').append(field.name()).append("\":").append(value);
      }
    }
    String data = out.append('}').toString();
    String raw = null;
    if (withRaw) {
      String own = codec.decode(rs.getBytes(3));
      out.setLength(0);
      out.append('{');
      appendInner(asset == null ? null : asset.rawInner());
      appendInner(scan == null ? null : scan.rawInner());
      appendInner(own == null ? null : inner(own));
      appendInner(plugin == null ? null : plugin.rawInner());
      raw = out.append('}').toString();
    }
    return new StoredRecord(key, data, raw);
  }

  private PartCache.Parsed part(ResultSet rs, int column) throws SQLException {
    long id = rs.getLong(column);
    return rs.wasNull() ? null : parts.get(id, connection);
  }

  private void appendInner(String inner) {
    if (inner != null && !inner.isEmpty()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(inner);
    }
  }

  private static String quoted(String value) {
    return value == null
        ? null
        : '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
  }

  private static String number(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Long.toString(value);
  }

  /** The members of a JSON object's text, without its braces. */
  static String inner(String object) {
    String s = object.strip();
    return s.substring(1, s.length() - 1).strip();
  }

  /**
   * Fills {@code into} (where still empty) with the JSON text of each catalog field's value in a
   * stored object: the exact characters, so reassembly writes what was stored.
   */
  static void slice(String json, String[] into) {
    if (json == null || json.isEmpty()) {
      return;
    }
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new StoreException("a stored finding is not a JSON object", null);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        TargetField field = CATALOG.field(p.currentName()).orElse(null);
        JsonToken value = p.nextToken();
        int start = (int) p.getTokenLocation().getCharOffset();
        if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
          p.skipChildren();
        } else {
          p.finishToken();
        }
        int end = (int) p.getCurrentLocation().getCharOffset();
        if (field != null && into[field.index()] == null) {
          into[field.index()] = json.substring(start, end);
        }
      }
    } catch (IOException e) {
      throw new StoreException("a stored finding is damaged: " + e.getMessage(), e);
    }
  }
}

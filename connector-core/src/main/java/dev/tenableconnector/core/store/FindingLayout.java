package dev.tenableconnector.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.history.HistoryRules;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FactOwner;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import dev.tenableconnector.core.model.TargetField;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * How a finding is stored: the fields the store indexes as columns are kept only there, the other
 * fields of the finding's own in its {@code data}, its plugin's and its asset's facts and its scan
 * in three shared {@link RecordPart}s, and its own raw members (output, port, dates, state)
 * compressed. {@link FindingAssembly} puts the record back together on read.
 */
public final class FindingLayout {
  /** The raw members that belong to each shared part. */
  static final Map<FactOwner, List<String>> RAW_MEMBERS =
      Map.of(
          FactOwner.PLUGIN,
          List.of("plugin"),
          FactOwner.ASSET,
          List.of("asset"),
          FactOwner.SCAN,
          List.of("scan"));

  /** The finding fields kept only in columns, with their column, in catalog order. */
  static final List<ColumnField> COLUMN_FIELDS =
      List.of(
          new ColumnField("externalFindingId", "external_finding_id"),
          new ColumnField("externalAssetId", "external_asset_id"),
          new ColumnField("findingSeverity", "finding_severity"),
          new ColumnField("findingStatus", "finding_status"),
          new ColumnField("pluginId", "plugin_id"),
          new ColumnField("findingLastFoundOn", "last_found"));

  record ColumnField(String name, String column) {
    TargetField field() {
      return FieldCatalog.of(Entity.FINDING).require(name);
    }
  }

  private static final boolean[] IN_COLUMN = new boolean[FieldCatalog.of(Entity.FINDING).size()];

  static {
    for (ColumnField c : COLUMN_FIELDS) {
      IN_COLUMN[c.field().index()] = true;
    }
  }

  private FindingLayout() {}

  static boolean inColumn(TargetField field) {
    return field.entity() == Entity.FINDING && IN_COLUMN[field.index()];
  }

  /**
   * The row of a finding: {@code record} is its normalized form, {@code raw} its Tenable record
   * (the shared members are moved out of it).
   */
  public static StoreRow row(
      NormalizedRecord record,
      ObjectNode raw,
      SharedFacts shared,
      RawCodec codec,
      ObjectMapper mapper,
      ByteArrayOutputStream buffer) {
    NormalizedRecord own = new NormalizedRecord(Entity.FINDING);
    NormalizedRecord plugin = new NormalizedRecord(Entity.FINDING);
    NormalizedRecord asset = new NormalizedRecord(Entity.FINDING);
    for (TargetField field : record.catalog().fields()) {
      Object value = record.get(field);
      if (NormalizedRecord.isEmpty(value) || IN_COLUMN[field.index()]) {
        continue;
      }
      switch (field.owner()) {
        case PLUGIN -> plugin.set(field, value);
        case ASSET -> asset.set(field, value);
        default -> own.set(field, value);
      }
    }
    Long pluginId = record.integer("pluginId");
    String assetKey = record.text("externalAssetId");
    RecordPart pluginPart =
        shared.part(
            FactOwner.PLUGIN,
            pluginId == null ? null : pluginId.toString(),
            plugin,
            moveMembers(raw, FactOwner.PLUGIN, mapper));
    RecordPart assetPart =
        shared.part(FactOwner.ASSET, assetKey, asset, moveMembers(raw, FactOwner.ASSET, mapper));
    RecordPart scanPart =
        shared.part(
            FactOwner.SCAN,
            assetKey,
            new NormalizedRecord(Entity.FINDING),
            moveMembers(raw, FactOwner.SCAN, mapper));
    byte[] data = RecordJson.compactBytes(own, buffer);
    byte[] ownRaw;
    try {
      ownRaw = mapper.writeValueAsBytes(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Instant lastFound = record.instant("findingLastFoundOn");
    String key = record.text("externalFindingId");
    Long severity = record.integer("findingSeverity");
    String status = record.text("findingStatus");
    String lastFoundText = lastFound == null ? null : lastFound.toString();
    long hash =
        hash(
            data,
            ownRaw,
            new RecordPart[] {pluginPart, assetPart, scanPart},
            key,
            assetKey,
            severity,
            status,
            pluginId,
            lastFoundText);
    return new StoreRow(
        key,
        assetKey,
        record.text("findingName"),
        status,
        severity,
        pluginId,
        record.text("cloudProvider"),
        lastFoundText,
        hash,
        data,
        codec.encodeFinding(ownRaw),
        pluginPart,
        assetPart,
        scanPart,
        new HistoryRules.Observation(
            key,
            status,
            record.instant("findingFirstFoundOn"),
            lastFound,
            record.instant("findingFixedOn"),
            record.instant("findingResurfacedOn"),
            severity,
            record.text("severityModification")));
  }

  private static ObjectNode moveMembers(ObjectNode raw, FactOwner owner, ObjectMapper mapper) {
    ObjectNode members = mapper.createObjectNode();
    for (String name : RAW_MEMBERS.get(owner)) {
      JsonNode value = raw.remove(name);
      if (value != null) {
        members.set(name, value);
      }
    }
    return members;
  }

  /**
   * The content hash that tells a changed finding from an unchanged one: CRC-32C and CRC-32 over
   * everything the row holds, its columns and the ids of its parts included.
   */
  static long hash(byte[] data, byte[] raw, RecordPart[] parts, Object... columns) {
    CRC32C c = new CRC32C();
    CRC32 d = new CRC32();
    c.update(data);
    d.update(data);
    c.update(raw);
    d.update(raw);
    byte[] ids = new byte[8 * parts.length];
    for (int i = 0; i < ids.length; i++) {
      RecordPart part = parts[i / 8];
      ids[i] = (byte) ((part == null ? 0 : part.id()) >>> (8 * (i % 8)));
    }
    c.update(ids);
    d.update(ids);
    for (Object column : columns) {
      byte[] bytes =
          column == null ? new byte[] {0} : ("\u0001" + column).getBytes(StandardCharsets.UTF_8);
      c.update(bytes);
      d.update(bytes);
    }
    return c.getValue() << 32 | d.getValue();
  }
}

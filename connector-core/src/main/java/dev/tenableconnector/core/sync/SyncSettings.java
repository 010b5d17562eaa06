package dev.tenableconnector.core.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one connector syncs: its name, scope, preset and filters, whether to force a full import, the
 * overlap subtracted from the watermark, export sizes and how many times a failed export is started
 * again. No secrets: keys belong to the Tenable client.
 */
public record SyncSettings(
    String connector,
    String tenableUrl,
    Scope scope,
    Preset preset,
    SyncFilters filters,
    boolean full,
    Duration overlap,
    int assetChunkSize,
    int vulnNumAssets,
    boolean includeUnlicensed,
    int exportAttempts,
    int batchSize,
    boolean v2Assets) {

  public static final String DEFAULT_CONNECTOR = "default";
  public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(15);

  public static SyncSettings defaults(String tenableUrl) {
    return new SyncSettings(
        DEFAULT_CONNECTOR,
        tenableUrl,
        Scope.ASSETS_AND_FINDINGS,
        Preset.ALL,
        SyncFilters.NONE,
        false,
        DEFAULT_OVERLAP,
        1000,
        500,
        true,
        3,
        500,
        false);
  }

  public SyncSettings {
    if (connector == null || connector.isBlank()) {
      throw new IllegalArgumentException("the connector name is empty");
    }
    if (overlap.isNegative()) {
      throw new IllegalArgumentException("the overlap cannot be negative");
    }
    if (exportAttempts < 1) {
      throw new IllegalArgumentException("export attempts must be at least 1");
    }
    if (v2Assets && !filters.tags().isEmpty()) {
      throw new IllegalArgumentException(
          "tag filters need the v1 asset export: Tenable's v2 asset"
              + " export has no tag.<category> filter");
    }
  }

  /**
   * Reads assets through Tenable's v2 asset export ({@code POST /assets/v2/export}): nested records
   * that carry {@code types} and {@code is_public}, and one {@code since} export per delta that
   * covers updated, deleted and terminated assets alike.
   */
  public SyncSettings withV2Assets(boolean v2) {
    return new SyncSettings(
        connector,
        tenableUrl,
        scope,
        preset,
        filters,
        full,
        overlap,
        assetChunkSize,
        vulnNumAssets,
        includeUnlicensed,
        exportAttempts,
        batchSize,
        v2);
  }

  public SyncSettings withConnector(String name) {
    return new SyncSettings(
        name,
        tenableUrl,
        scope,
        preset,
        filters,
        full,
        overlap,
        assetChunkSize,
        vulnNumAssets,
        includeUnlicensed,
        exportAttempts,
        batchSize,
        v2Assets);
  }

  public SyncSettings withScope(Scope s) {
    return new SyncSettings(
        connector,
        tenableUrl,
        s,
        preset,
        filters,
        full,
        overlap,
        assetChunkSize,
        vulnNumAssets,
        includeUnlicensed,
        exportAttempts,
        batchSize,
        v2Assets);
  }

  public SyncSettings withPreset(Preset p) {
    return new SyncSettings(
        connector,
        tenableUrl,
        scope,
        p,
        filters,
        full,
        overlap,
        assetChunkSize,
        vulnNumAssets,
        includeUnlicensed,
        exportAttempts,
        batchSize,
        v2Assets);
  }

  public SyncSettings withFilters(SyncFilters f) {
    return new SyncSettings(
        connector,
        tenableUrl,
        scope,
        preset,
        f,
        full,
        overlap,
        assetChunkSize,
        vulnNumAssets,
        includeUnlicensed,
        exportAttempts,
        batchSize,
        v2Assets);
  }

  public SyncSettings withFull(boolean f) {
    return new SyncSettings(
        connector,
        tenableUrl,
        scope,
        preset,
        filters,
        f,
        overlap,
        assetChunkSize,
        vulnNumAssets,
        includeUnlicensed,
        exportAttempts,
        batchSize,
        v2Assets);
  }

  public SyncSettings withOverlap(Duration o) {
    return new SyncSettings(
        connector,
        tenableUrl,
        scope,
        preset,
        filters,
        full,
        o,
        assetChunkSize,
        vulnNumAssets,
        includeUnlicensed,
        exportAttempts,
        batchSize,
        v2Assets);
  }

  public SyncSettings withExportSizes(int assetsPerChunk, int assetsPerVulnChunk) {
    return new SyncSettings(
        connector,
        tenableUrl,
        scope,
        preset,
        filters,
        full,
        overlap,
        assetsPerChunk,
        assetsPerVulnChunk,
        includeUnlicensed,
        exportAttempts,
        batchSize,
        v2Assets);
  }

  public SyncSettings withExportAttempts(int attempts) {
    return new SyncSettings(
        connector,
        tenableUrl,
        scope,
        preset,
        filters,
        full,
        overlap,
        assetChunkSize,
        vulnNumAssets,
        includeUnlicensed,
        attempts,
        batchSize,
        v2Assets);
  }

  /**
   * What decides which exports a run asks for, as JSON; an interrupted run is resumed only when
   * this is unchanged. {@code full} is not part of it (a resumed full run stays full).
   */
  public String planJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode node = mapper.createObjectNode();
    node.put("tenableUrl", tenableUrl);
    node.put("scope", scope.cliName());
    node.put("preset", preset.cliName());
    node.putPOJO("severities", filters.severities().stream().map(Enum::name).sorted().toList());
    node.putPOJO("states", filters.states().stream().map(Enum::name).sorted().toList());
    node.putPOJO("tags", new TreeMap<>(sortedValues(filters.tags())));
    node.put("networkId", filters.networkId());
    node.put("cidrRange", filters.cidrRange());
    node.put("assetChunkSize", assetChunkSize);
    node.put("vulnNumAssets", vulnNumAssets);
    node.put("includeUnlicensed", includeUnlicensed);
    if (v2Assets) {
      // Only when set, so that inventories synced before the option existed keep their plan.
      node.put("assetExport", "v2");
    }
    return node.toString();
  }

  private static Map<String, List<String>> sortedValues(Map<String, List<String>> tags) {
    Map<String, List<String>> out = new TreeMap<>();
    tags.forEach((k, v) -> out.put(k, v.stream().sorted(Comparator.naturalOrder()).toList()));
    return out;
  }
}

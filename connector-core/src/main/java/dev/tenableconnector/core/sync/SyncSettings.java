package dev.tenableconnector.core.sync;

import java.time.Duration;

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
    return copy(b -> b.v2Assets = v2);
  }

  public SyncSettings withConnector(String name) {
    return copy(b -> b.connector = name);
  }

  public SyncSettings withScope(Scope s) {
    return copy(b -> b.scope = s);
  }

  public SyncSettings withPreset(Preset p) {
    return copy(b -> b.preset = p);
  }

  public SyncSettings withFilters(SyncFilters f) {
    return copy(b -> b.filters = f);
  }

  public SyncSettings withFull(boolean f) {
    return copy(b -> b.full = f);
  }

  public SyncSettings withOverlap(Duration o) {
    return copy(b -> b.overlap = o);
  }

  public SyncSettings withExportSizes(int assetsPerChunk, int assetsPerVulnChunk) {
    return copy(
        b -> {
          b.assetChunkSize = assetsPerChunk;
          b.vulnNumAssets = assetsPerVulnChunk;
        });
  }

  public SyncSettings withExportAttempts(int attempts) {
    return copy(b -> b.exportAttempts = attempts);
  }

  /** These settings with {@code change} made to a copy of their fields (checked again). */
  private SyncSettings copy(java.util.function.Consumer<Fields> change) {
    Fields b = new Fields(this);
    change.accept(b);
    return new SyncSettings(
        b.connector,
        tenableUrl,
        b.scope,
        b.preset,
        b.filters,
        b.full,
        b.overlap,
        b.assetChunkSize,
        b.vulnNumAssets,
        includeUnlicensed,
        b.exportAttempts,
        batchSize,
        b.v2Assets);
  }

  /** The fields a wither may change, mutable for the length of one {@link #copy}. */
  private static final class Fields {
    String connector;
    Scope scope;
    Preset preset;
    SyncFilters filters;
    boolean full;
    Duration overlap;
    int assetChunkSize;
    int vulnNumAssets;
    int exportAttempts;
    boolean v2Assets;

    Fields(SyncSettings s) {
      connector = s.connector;
      scope = s.scope;
      preset = s.preset;
      filters = s.filters;
      full = s.full;
      overlap = s.overlap;
      assetChunkSize = s.assetChunkSize;
      vulnNumAssets = s.vulnNumAssets;
      exportAttempts = s.exportAttempts;
      v2Assets = s.v2Assets;
    }
  }

  /**
   * What decides which exports a run asks for; {@code full} is not part of it (a resumed full run
   * stays full).
   */
  public RunPlan plan() {
    return RunPlan.of(this);
  }
}

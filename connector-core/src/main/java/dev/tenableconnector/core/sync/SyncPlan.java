package dev.tenableconnector.core.sync;

import dev.tenableconnector.client.export.AssetExportRequest;
import dev.tenableconnector.client.export.ExportRequest;
import dev.tenableconnector.client.export.VulnExportRequest;
import dev.tenableconnector.client.export.VulnState;
import dev.tenableconnector.core.model.Entity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The exports one run asks Tenable for, in order. Assets come first because findings are enriched
 * from their asset's record.
 *
 * <ul>
 *   <li>Full: every asset (the exposure-management preset: updated in the last 90 days), then every
 *       finding in the states asked for (default OPEN, REOPENED and FIXED, so a full import also
 *       settles findings fixed since the last run), {@code since} {@link
 *       VulnExportRequest#ALL_HISTORY}: without a time filter Tenable sends the last 30 days only.
 *   <li>Delta: assets updated since the watermark minus the overlap; assets deleted since then;
 *       assets terminated since then (Tenable leaves those out of an export unless asked); findings
 *       {@code since} the watermark minus the overlap with FIXED among the states, so fixed
 *       findings get closed.
 *   <li>With v2 asset exports: one asset export, {@code since} the watermark minus the overlap in a
 *       delta (it covers updated, deleted and terminated assets), none in a full run.
 * </ul>
 */
public final class SyncPlan {
  static final Duration EXPOSURE_WINDOW = Duration.ofDays(90);

  private SyncPlan() {}

  /** One export of a run: the phase name the run's bookkeeping uses, and the request. */
  public record PlannedExport(String phase, Entity entity, ExportRequest<?> request) {}

  public static List<PlannedExport> of(
      SyncSettings settings, boolean delta, Instant watermark, Instant now) {
    List<PlannedExport> plan = new ArrayList<>();
    SyncFilters filters = settings.filters();
    Instant since = delta ? watermark.minus(settings.overlap()) : null;
    Instant exposureFloor = now.minus(EXPOSURE_WINDOW);
    if (settings.preset() == Preset.EXPOSURE_MANAGEMENT
        && (since == null || since.isBefore(exposureFloor))) {
      since = exposureFloor;
    }
    if (settings.v2Assets()) {
      // v2's since covers updated, deleted and terminated assets in one export.
      AssetExportRequest.Builder assets = assetBase(settings).v2();
      if (since != null) {
        assets.since(since);
      }
      plan.add(
          new PlannedExport(delta ? "assets-changed" : "assets", Entity.ASSET, assets.build()));
    } else if (!delta) {
      AssetExportRequest.Builder assets = assetBase(settings);
      if (since != null) {
        assets.updatedAfter(since);
      }
      plan.add(new PlannedExport("assets", Entity.ASSET, assets.build()));
    } else {
      plan.add(
          new PlannedExport(
              "assets-updated", Entity.ASSET, assetBase(settings).updatedAfter(since).build()));
      plan.add(
          new PlannedExport(
              "assets-deleted", Entity.ASSET, assetBase(settings).deletedAfter(since).build()));
      plan.add(
          new PlannedExport(
              "assets-terminated",
              Entity.ASSET,
              assetBase(settings).terminatedAfter(since).build()));
    }
    if (settings.scope() == Scope.ASSETS_AND_FINDINGS) {
      plan.add(new PlannedExport("vulns", Entity.FINDING, vulns(settings, delta, since).build()));
    }
    return plan;
  }

  /**
   * The vulns export of a run, still open to more filters: a full run's when {@code delta} is false
   * and {@code since} null (all history), else a delta's from {@code since}.
   */
  public static VulnExportRequest.Builder vulns(
      SyncSettings settings, boolean delta, Instant since) {
    SyncFilters filters = settings.filters();
    VulnExportRequest.Builder vulns =
        VulnExportRequest.builder()
            .numAssets(settings.vulnNumAssets())
            .includeUnlicensed(settings.includeUnlicensed());
    Set<VulnState> states =
        filters.states().isEmpty()
            ? EnumSet.allOf(VulnState.class)
            : EnumSet.copyOf(filters.states());
    if (delta) {
      states.add(VulnState.FIXED);
    }
    vulns.state(states);
    // Without a time filter Tenable exports 30 days only: a full import asks for all history.
    vulns.since(since != null ? since : VulnExportRequest.ALL_HISTORY);
    if (!filters.severities().isEmpty()) {
      vulns.severity(EnumSet.copyOf(filters.severities()));
    }
    filters.tags().forEach(vulns::tag);
    if (filters.networkId() != null) {
      vulns.networkId(filters.networkId());
    }
    if (filters.cidrRange() != null) {
      vulns.cidrRange(filters.cidrRange());
    }
    return vulns;
  }

  private static AssetExportRequest.Builder assetBase(SyncSettings settings) {
    AssetExportRequest.Builder builder =
        AssetExportRequest.builder().chunkSize(settings.assetChunkSize());
    settings.filters().tags().forEach(builder::tag);
    if (settings.filters().networkId() != null) {
      builder.networkId(settings.filters().networkId());
    }
    return builder;
  }
}

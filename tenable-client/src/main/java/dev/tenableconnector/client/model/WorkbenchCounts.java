package dev.tenableconnector.client.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What Tenable's vulnerability workbench counts ({@code GET /workbenches/vulnerabilities}): per
 * plugin, the findings in its active states on licensed assets within the date range, with the
 * accepted and recast ones Tenable reports beside them. The number Tenable's screens show.
 */
public record WorkbenchCounts(
    Integer dateRange, List<Plugin> plugins, long totalVulnerabilityCount, long totalAssetCount) {

  /** One plugin's row: Tenable's severity 0-4 (the plugin's), and its counts. */
  public record Plugin(
      long pluginId,
      String name,
      int severity,
      long count,
      long acceptedCount,
      long recastedCount) {}

  /** The findings the workbench counts: the sum of the rows' counts. */
  public long findings() {
    return plugins.stream().mapToLong(Plugin::count).sum();
  }

  /** The accepted findings Tenable reports beside its counts. */
  public long accepted() {
    return plugins.stream().mapToLong(Plugin::acceptedCount).sum();
  }

  /** Reads Tenable's answer; numbers Tenable sends as text are read as numbers. */
  public static WorkbenchCounts from(JsonNode body, Integer dateRange) {
    List<Plugin> plugins = new ArrayList<>();
    for (JsonNode v : body.path("vulnerabilities")) {
      plugins.add(
          new Plugin(
              v.path("plugin_id").asLong(),
              v.path("plugin_name").asText(null),
              v.path("severity").asInt(),
              v.path("count").asLong(),
              v.path("accepted_count").asLong(),
              v.path("recasted_count").asLong()));
    }
    return new WorkbenchCounts(
        dateRange,
        List.copyOf(plugins),
        body.path("total_vulnerability_count").asLong(plugins.size()),
        body.path("total_asset_count").asLong());
  }
}

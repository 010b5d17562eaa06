package dev.tenableconnector.emulator.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.FindingState;
import dev.tenableconnector.emulator.data.Plugin;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /workbenches/vulnerabilities} as Tenable counts it: one row per plugin with the number
 * of findings in its active states (New, Active, Resurfaced: OPEN and REOPENED) last seen within
 * {@code date_range} days, on licensed assets that still exist; accepted findings are left out of
 * the count and given as {@code accepted_count}, recast ones counted at their new severity and
 * given as {@code recasted_count}. At most 450 days back and 5,000 rows, as the live API.
 */
public final class Workbench {
  private static final int MAX_DAYS = 450;
  private static final int MAX_ROWS = 5000;

  private Workbench() {}

  /** The answer for {@code date_range} (null: Tenable's longest, 450 days). */
  public static ObjectNode vulnerabilities(
      SyntheticEstate.View view, Integer dateRange, ObjectMapper mapper) {
    int days = dateRange == null ? MAX_DAYS : Math.max(1, Math.min(MAX_DAYS, dateRange));
    Instant since = view.time().minus(Duration.ofDays(days));
    Map<Long, Row> rows = new LinkedHashMap<>();
    long assets = 0;
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState a = view.asset(i);
      if (!a.live() || !a.identity().licensed() || a.lastScanAt().isBefore(since)) {
        continue;
      }
      boolean counted = false;
      for (FindingState f : view.findings(a)) {
        if (!f.active() || f.lastFound().isBefore(since)) {
          continue;
        }
        Plugin p = f.plugin();
        Row row = rows.computeIfAbsent(p.id(), k -> new Row(p));
        if ("ACCEPTED".equals(f.modificationType())) {
          row.accepted++;
          continue;
        }
        if ("RECASTED".equals(f.modificationType())) {
          row.recasted++;
        }
        row.count++;
        counted = true;
      }
      assets += counted ? 1 : 0;
    }
    ObjectNode out = mapper.createObjectNode();
    ArrayNode list = out.putArray("vulnerabilities");
    int n = 0;
    for (Row r : rows.values()) {
      if (r.count == 0 && r.accepted == 0 || n == MAX_ROWS) {
        continue;
      }
      n++;
      ObjectNode v = list.addObject();
      v.put("count", r.count);
      v.put("plugin_family", r.plugin.family());
      v.put("plugin_id", r.plugin.id());
      v.put("plugin_name", r.plugin.name());
      v.put("vulnerability_state", "Active");
      if (r.plugin.vprScore() != null) {
        v.put("vpr_score", r.plugin.vprScore());
      }
      v.put("accepted_count", r.accepted);
      v.put("recasted_count", r.recasted);
      v.put("severity", r.plugin.severityId());
    }
    out.put("total_vulnerability_count", n);
    out.put("total_asset_count", assets);
    return out;
  }

  /** One plugin's counts. */
  private static final class Row {
    final Plugin plugin;
    long count;
    long accepted;
    long recasted;

    Row(Plugin plugin) {
      this.plugin = plugin;
    }
  }
}

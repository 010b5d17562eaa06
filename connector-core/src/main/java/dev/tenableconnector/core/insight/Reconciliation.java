package dev.tenableconnector.core.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.model.WorkbenchCounts;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.RecordForm;
import dev.tenableconnector.core.store.RunMode;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.RunStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Why the inventory's count of a connector's findings differs from the one Tenable's screens show
 * (its vulnerability workbench): a waterfall from the open findings stored to what the workbench
 * should count, each step computed from the stored records and the connector's settings, then
 * Tenable's own figure and the unexplained remainder, always shown.
 */
public final class Reconciliation {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] TENABLE_SEVERITIES = {"INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"};

  /** One step: a name, what it means, and what it adds (negative: takes away). */
  public record Step(String step, String label, long count) {}

  /**
   * The waterfall, Tenable's figures, notes on what cannot be counted, and the last full export.
   */
  public record Report(
      String connector,
      int days,
      WorkbenchCounts tenable,
      List<Step> steps,
      long expected,
      long unexplained,
      List<String> notes,
      RunRecord lastFull) {

    public ObjectNode toJson() {
      ObjectNode n = MAPPER.createObjectNode();
      n.put("connector", connector);
      n.put("days", days);
      ObjectNode t = n.putObject("tenable");
      t.put("workbenchFindings", tenable.findings());
      t.put("plugins", tenable.totalVulnerabilityCount());
      t.put("assets", tenable.totalAssetCount());
      t.put("accepted", tenable.accepted());
      ArrayNode list = n.putArray("steps");
      for (Step s : steps) {
        list.addObject().put("step", s.step()).put("label", s.label()).put("count", s.count());
      }
      n.put("expected", expected);
      n.put("unexplained", unexplained);
      ArrayNode ns = n.putArray("notes");
      notes.forEach(ns::add);
      if (lastFull != null) {
        ObjectNode e = n.putObject("lastFullExport");
        e.put("runId", lastFull.runId());
        e.put(
            "finishedAt", lastFull.finishedAt() == null ? null : lastFull.finishedAt().toString());
        e.put("findingsSeen", lastFull.counts(Entity.FINDING).seen);
        e.put("rejected", lastFull.counts(Entity.FINDING).rejected);
        e.put("leftOutByPreset", lastFull.counts(Entity.FINDING).filtered);
        e.put(
            "stored",
            lastFull.counts(Entity.FINDING).inserted
                + lastFull.counts(Entity.FINDING).updated
                + lastFull.counts(Entity.FINDING).unchanged);
      } else {
        n.putNull("lastFullExport");
      }
      return n;
    }
  }

  private Reconciliation() {}

  /** The reconciliation of one connector's findings with the workbench's figure at {@code now}. */
  public static Report of(
      InventoryStore store, String connector, WorkbenchCounts tenable, Instant now) {
    int days = tenable.dateRange() == null ? 450 : tenable.dateRange();
    Instant since = now.minus(Duration.ofDays(days));
    Map<String, boolean[]> assets = new HashMap<>(); // {removed, unlicensed}
    store.forEach(
        Entity.ASSET,
        connector,
        null,
        dev.tenableconnector.core.store.QueryBudget.unlimited(),
        RecordForm.STORED_WITH_RAW,
        r -> {
          NormalizedRecord a = RecordJson.read(Entity.ASSET, r.data());
          String status = a.text("assetStatus");
          boolean unlicensed;
          try {
            JsonNode raw = MAPPER.readTree(r.raw());
            unlicensed =
                raw.has("last_licensed_scan_date") && raw.path("last_licensed_scan_date").isNull();
          } catch (IOException e) {
            unlicensed = false;
          }
          assets.put(
              r.key(),
              new boolean[] {"DELETED".equals(status) || "TERMINATED".equals(status), unlicensed});
        });
    long[] c = new long[5]; // open, removed, unlicensed, outside the window, accepted
    store.forEach(
        Entity.FINDING,
        connector,
        null,
        dev.tenableconnector.core.store.QueryBudget.unlimited(),
        RecordForm.STORED,
        r -> {
          NormalizedRecord f = RecordJson.read(Entity.FINDING, r.data());
          String state = f.text("findingStatus");
          if (!"OPEN".equals(state) && !"REOPENED".equals(state)) {
            return;
          }
          c[0]++;
          boolean[] asset = assets.getOrDefault(f.text("externalAssetId"), new boolean[2]);
          Instant lastFound = f.instant("findingLastFoundOn");
          if (asset[0]) {
            c[1]++;
          } else if (asset[1]) {
            c[2]++;
          } else if (lastFound == null || lastFound.isBefore(since)) {
            c[3]++;
          } else if ("ACCEPTED".equals(f.text("severityModification"))) {
            c[4]++;
          }
        });

    List<RunRecord> runs = store.runs(connector, 1000);
    RunRecord lastFull = null;
    long rejected = 0;
    for (RunRecord run : runs) { // newest first: the runs since the last full one
      if (run.status() == RunStatus.COMPLETED) {
        rejected += run.counts(Entity.FINDING).rejected;
        if (run.mode() == RunMode.FULL) {
          lastFull = run;
          break;
        }
      }
    }
    JsonNode settings = lastFull == null ? MAPPER.createObjectNode() : json(lastFull.settings());
    List<String> notes = new ArrayList<>();
    Set<String> severities = new java.util.HashSet<>();
    settings.path("severities").forEach(s -> severities.add(s.asText().toUpperCase(Locale.ROOT)));
    long severityFiltered = 0;
    if (!severities.isEmpty()) {
      for (WorkbenchCounts.Plugin p : tenable.plugins()) {
        String name = TENABLE_SEVERITIES[Math.max(0, Math.min(4, p.severity()))];
        if (!severities.contains(name)) {
          severityFiltered += p.count();
        }
      }
    }
    if (settings.path("states").size() > 0) {
      notes.add(
          "the connector imports only the states "
              + settings.path("states")
              + "; the workbench counts OPEN and REOPENED (not countable from here)");
    }
    if (settings.path("tags").size() > 0
        || !settings.path("networkId").isNull() && !settings.path("networkId").isMissingNode()
        || !settings.path("cidrRange").isNull() && !settings.path("cidrRange").isMissingNode()) {
      notes.add(
          "the connector's tag, network or IP range filters leave out findings the workbench"
              + " counts (not countable from here)");
    }
    if ("exposure-management".equals(settings.path("preset").asText())) {
      notes.add(
          "the exposure-management preset leaves out findings without a CVE and assets not"
              + " updated in 90 days; the last full export left out "
              + (lastFull == null ? 0 : lastFull.counts(Entity.FINDING).filtered)
              + " findings");
    }
    notes.add(
        "the workbench's severity is the plugin's; findings recast to another severity count"
            + " under their plugin's severity there, under their own here");
    if (tenable.accepted() > 0 || c[4] > 0) {
      notes.add(
          "Tenable reports "
              + tenable.accepted()
              + " accepted findings beside its count; the"
              + " inventory holds "
              + c[4]
              + " open accepted findings in the same window");
    }

    List<Step> steps = new ArrayList<>();
    steps.add(new Step("inventory", "open findings in the inventory (OPEN and REOPENED)", c[0]));
    steps.add(
        new Step(
            "assetRemoved",
            "on assets deleted or terminated in Tenable: kept here, gone from Tenable's screens",
            -c[1]));
    steps.add(
        new Step(
            "unlicensed",
            "on unlicensed assets: the connector asks for them (include_unlicensed), the workbench"
                + " counts licensed assets only",
            -c[2]));
    steps.add(
        new Step(
            "window",
            "last seen more than "
                + days
                + " days ago: the inventory keeps all history, the"
                + " workbench shows "
                + days
                + " days (Tenable's screens and exports without a time"
                + " filter default to 30)",
            -c[3]));
    steps.add(
        new Step(
            "accepted",
            "accepted risks: left out of the workbench's count (Tenable reports them apart)",
            -c[4]));
    steps.add(
        new Step(
            "severityFilter",
            "of severities the connector's filter leaves out (counted from the workbench)",
            severityFiltered));
    steps.add(
        new Step(
            "rejected",
            "records the connector set aside as malformed since its last full sync",
            rejected));
    long expected = c[0] - c[1] - c[2] - c[3] - c[4] + severityFiltered + rejected;
    return new Report(
        connector, days, tenable, steps, expected, tenable.findings() - expected, notes, lastFull);
  }

  private static JsonNode json(String text) {
    try {
      return text == null ? MAPPER.createObjectNode() : MAPPER.readTree(text);
    } catch (IOException e) {
      return MAPPER.createObjectNode();
    }
  }
}

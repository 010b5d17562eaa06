package dev.tenableconnector.core.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.decision.FindingInsight;
import dev.tenableconnector.core.decision.InsightRules;
import dev.tenableconnector.core.decision.RemediationPolicy;
import dev.tenableconnector.core.decision.Ssvc;
import dev.tenableconnector.core.decision.ThreatFacts;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.Jdbc;
import dev.tenableconnector.core.store.SqlAccess;
import dev.tenableconnector.core.store.StoredRecord;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps {@code finding_insights} current: computes again the insight of every finding that a run
 * wrote, closed or changed the asset of since the last refresh, or of every finding when the policy
 * or a feed changed since. Cheap when nothing changed; safe to call from any command.
 */
public final class InsightRefresh {
  private static final int BATCH = 5000;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What a refresh did. */
  public record Result(boolean full, long findings) {}

  private InsightRefresh() {}

  /** Brings the insights up to date with the store's runs, policy and feeds. */
  public static Result refresh(InventoryStore store) {
    SqlAccess sql = store.sql();
    RemediationPolicy policy = DecisionTables.policy(sql);
    List<DecisionTables.Snapshot> snapshots = DecisionTables.latestSnapshots(sql);
    StringBuilder inputs = new StringBuilder(Integer.toHexString(policy.json().hashCode()));
    snapshots.forEach(s -> inputs.append('/').append(s.feed()).append(':').append(s.id()));
    long[] state = sql.write(c -> state(c, inputs.toString()));
    long after = state[0];
    long through = state[1];
    if (after >= through && after >= 0) {
      if (!sql.write(c -> postureOfToday(c))) {
        Posture.refresh(sql, Instant.now());
      }
      return new Result(false, 0);
    }
    boolean full = after < 0;
    ThreatFacts feeds = DecisionTables.threatFacts(sql);
    InsightRules rules = new InsightRules(policy, feeds, Ssvc.table());
    PriorityReasons reasons = new PriorityReasons();
    long count = 0;
    String afterKey = "";
    while (true) {
      // Page by page, each read short: a long read would hold SQLite's log from being
      // checkpointed, and the checkpoint would then hold these writes up.
      List<StoredRecord> page = store.findingsChangedAfter(full ? 0 : after, afterKey, BATCH);
      if (page.isEmpty()) {
        break;
      }
      List<NormalizedRecord> batch = new ArrayList<>(page.size());
      for (StoredRecord r : page) {
        batch.add(RecordJson.read(Entity.FINDING, r.data()));
      }
      count += write(sql, rules, feeds, reasons, batch);
      afterKey = page.get(page.size() - 1).key();
      if (page.size() < BATCH) {
        break;
      }
    }
    sql.write(
        c ->
            Jdbc.inTransaction(
                c,
                () -> {
                  try (PreparedStatement delete = c.prepareStatement("DELETE FROM insight_state");
                      PreparedStatement insert =
                          c.prepareStatement(
                              "INSERT INTO insight_state (id, inputs, through_run) VALUES (1, ?, ?)")) {
                    delete.executeUpdate();
                    insert.setString(1, inputs.toString());
                    insert.setLong(2, through);
                    insert.executeUpdate();
                  }
                  if (full) {
                    PriorityReasons.prune(c);
                  }
                  return null;
                }));
    Posture.refresh(sql, Instant.now());
    return new Result(full, count);
  }

  /** Whether today's posture is stored (a new day needs its row even when nothing else moved). */
  private static boolean postureOfToday(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM posture_days WHERE day = ?")) {
      s.setString(1, java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * {after, through}: the runs whose findings are refreshed already (-1: none, the inputs changed)
   * and the last run whose writes are over (a run still going is refreshed after it ends).
   */
  private static long[] state(Connection c, String inputs) throws SQLException {
    long after = -1;
    try (PreparedStatement s =
            c.prepareStatement("SELECT inputs, through_run FROM insight_state WHERE id = 1");
        ResultSet rs = s.executeQuery()) {
      if (rs.next() && inputs.equals(rs.getString(1))) {
        after = rs.getLong(2);
      }
    }
    long through;
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT COALESCE(MAX(run_id), 0),"
                    + " MIN(CASE WHEN status = 'RUNNING' THEN run_id END) FROM sync_runs");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      through = rs.getLong(1);
      long running = rs.getLong(2);
      if (!rs.wasNull()) {
        through = Math.min(through, running - 1);
      }
    }
    return new long[] {after, through};
  }

  /** Computes and stores the insights of a batch of findings; returns how many. */
  private static int write(
      SqlAccess sql,
      InsightRules rules,
      ThreatFacts feeds,
      PriorityReasons reasons,
      List<NormalizedRecord> findings) {
    if (findings.isEmpty()) {
      return 0;
    }
    return sql.write(
        c -> Jdbc.inTransaction(c, () -> writeBatch(c, rules, feeds, reasons, findings)));
  }

  private static int writeBatch(
      Connection c,
      InsightRules rules,
      ThreatFacts feeds,
      PriorityReasons reasons,
      List<NormalizedRecord> findings)
      throws SQLException {
    List<String> keys = new ArrayList<>(findings.size());
    Set<String> assets = new HashSet<>();
    Set<String> cves = new HashSet<>();
    for (NormalizedRecord f : findings) {
      keys.add(f.text("externalFindingId"));
      assets.add(f.text("externalAssetId"));
      for (String cve : f.strings("cveId")) {
        cves.add(cve.strip().toUpperCase(java.util.Locale.ROOT));
      }
    }
    Map<String, long[]> episodes = lastEpisodes(c, keys);
    Map<String, Double> acr = criticality(c, new ArrayList<>(assets));
    InsightRules withEpss =
        cves.isEmpty()
            ? rules
            : rules.withFeeds(
                new ThreatFacts(
                    feeds.kev(),
                    feeds.kevSnapshot(),
                    DecisionTables.epss(c, cves),
                    feeds.epssSnapshot()));
    try (PreparedStatement upsert =
        c.prepareStatement(
            "INSERT INTO finding_insights (external_finding_id, severity, sla_start_ms,"
                + " sla_warn_ms, sla_due_ms, sla_due_at, closed_ms, in_kev, kev_date_added,"
                + " kev_due_date, epss, epss_percentile, priority, reason_id,"
                + " first_found_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (external_finding_id) DO UPDATE SET"
                + " severity = excluded.severity, sla_start_ms = excluded.sla_start_ms,"
                + " first_found_ms = excluded.first_found_ms,"
                + " sla_warn_ms = excluded.sla_warn_ms, sla_due_ms = excluded.sla_due_ms,"
                + " sla_due_at = excluded.sla_due_at, closed_ms = excluded.closed_ms,"
                + " in_kev = excluded.in_kev, kev_date_added = excluded.kev_date_added,"
                + " kev_due_date = excluded.kev_due_date, epss = excluded.epss,"
                + " epss_percentile = excluded.epss_percentile,"
                + " priority = excluded.priority,"
                + " reason_id = excluded.reason_id")) {
      List<FindingInsight> insights = new ArrayList<>(findings.size());
      Set<String> texts = new HashSet<>();
      for (NormalizedRecord f : findings) {
        long[] e = episodes.get(f.text("externalFindingId"));
        Instant opened = e == null ? null : Instant.ofEpochMilli(e[0]);
        Instant closed = e == null || e[1] < 0 ? null : Instant.ofEpochMilli(e[1]);
        FindingInsight i = withEpss.of(f, opened, closed, acr.get(f.text("externalAssetId")));
        insights.add(i);
        texts.add(i.priorityReason());
      }
      Map<String, Long> reasonIds = reasons.ids(c, texts);
      for (int n = 0; n < findings.size(); n++) {
        NormalizedRecord f = findings.get(n);
        FindingInsight i = insights.get(n);
        String key = f.text("externalFindingId");
        upsert.setString(1, key);
        setLong(upsert, 2, f.integer("findingSeverity"));
        setLong(upsert, 3, millis(i.slaStart()));
        setLong(upsert, 4, millis(i.slaWarn()));
        setLong(upsert, 5, millis(i.slaDue()));
        upsert.setString(6, i.slaDue() == null ? null : i.slaDue().toString());
        setLong(upsert, 7, millis(i.closed()));
        upsert.setInt(8, i.inKev() ? 1 : 0);
        upsert.setString(9, i.kevDateAdded());
        upsert.setString(10, i.kevDueDate());
        setDouble(upsert, 11, i.epss());
        setDouble(upsert, 12, i.epssPercentile());
        upsert.setString(13, i.priority().name());
        upsert.setLong(14, reasonIds.get(i.priorityReason()));
        setLong(upsert, 15, millis(f.instant("findingFirstFoundOn")));
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
    return findings.size();
  }

  /** {opened, closed (-1 while open)} of each finding's last episode. */
  private static Map<String, long[]> lastEpisodes(Connection c, List<String> keys)
      throws SQLException {
    Map<String, long[]> out = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT external_finding_id, opened_ms, closed_ms FROM finding_episodes"
                + " WHERE external_finding_id IN ("
                + "?,".repeat(keys.size() - 1)
                + "?) ORDER BY external_finding_id, episode")) {
      for (int i = 0; i < keys.size(); i++) {
        s.setString(i + 1, keys.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long closed = rs.getLong(3);
          boolean open = rs.wasNull();
          out.put(rs.getString(1), new long[] {rs.getLong(2), open ? -1 : closed});
        }
      }
    }
    return out;
  }

  /** Each asset's ACR (Tenable's asset criticality rating), where it has one. */
  private static Map<String, Double> criticality(Connection c, List<String> assets)
      throws SQLException {
    Map<String, Double> out = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT external_asset_id, data FROM assets WHERE external_asset_id IN ("
                + "?,".repeat(assets.size() - 1)
                + "?)")) {
      for (int i = 0; i < assets.size(); i++) {
        s.setString(i + 1, assets.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          try {
            JsonNode acr = MAPPER.readTree(rs.getString(2)).path("criticality");
            if (acr.isNumber()) {
              out.put(rs.getString(1), acr.asDouble());
            }
          } catch (IOException e) {
            // an asset record that is not JSON has no ACR to read
          }
        }
      }
    }
    return out;
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
    if (v == null) {
      s.setNull(i, java.sql.Types.BIGINT);
    } else {
      s.setLong(i, v);
    }
  }

  private static void setDouble(PreparedStatement s, int i, Double v) throws SQLException {
    if (v == null) {
      s.setNull(i, java.sql.Types.DOUBLE);
    } else {
      s.setDouble(i, v);
    }
  }
}

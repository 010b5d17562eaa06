package dev.tenableconnector.core.insight;

import dev.tenableconnector.core.model.FindingSeverity;
import dev.tenableconnector.core.store.SqlAccess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How remediation is going, per severity: mean, median and 90th percentile time to remediate over
 * the episodes fixed in a window (beside the mean of Tenable's own {@code time_taken_to_fix}), and
 * what is open now, past its SLA, approaching it, and how old it is. Read from the history and the
 * insights; {@link InsightRefresh} first.
 */
public final class RemediationReport {
  private static final long DAY_MS = 86_400_000L;

  /** The ageing buckets of open findings, in days since first found. */
  public static final List<Bucket> BUCKETS =
      List.of(
          new Bucket("0-7", 0, 7),
          new Bucket("8-30", 8, 30),
          new Bucket("31-60", 31, 60),
          new Bucket("61-90", 61, 90),
          new Bucket("91-180", 91, 180),
          new Bucket(">180", 181, Integer.MAX_VALUE));

  /** An ageing bucket: findings first found between {@code fromDays} and {@code toDays} ago. */
  public record Bucket(String name, int fromDays, int toDays) {}

  /** Time to remediate one severity: days, null where nothing was fixed in the window. */
  public record Mttr(
      Double meanDays, Double p50Days, Double p90Days, long episodes, Double tenableMeanDays) {}

  /** The report; maps are keyed by severity name, critical first. */
  public record Report(
      Instant generatedAt,
      Instant from,
      Instant to,
      String policy,
      Map<String, Mttr> mttr,
      Map<String, Long> open,
      Map<String, Long> breached,
      Map<String, Long> approaching,
      Map<String, Map<String, Long>> ageing) {

    /**
     * The report as JSON: {@code mttrDays}, {@code open} and {@code breached} keyed by severity
     * (the CLI's contract), then the rest of it.
     */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson(
        com.fasterxml.jackson.databind.ObjectMapper mapper) {
      var root = mapper.createObjectNode();
      root.put("generatedAt", generatedAt.toString());
      var window = root.putObject("window");
      window.put("from", from == null ? null : from.toString());
      window.put("to", to.toString());
      root.put("policy", policy);
      root.set("mttrDays", mapper.valueToTree(mttrDays()));
      root.set("open", mapper.valueToTree(open));
      root.set("breached", mapper.valueToTree(breached));
      root.set("approaching", mapper.valueToTree(approaching));
      root.set("mttr", mapper.valueToTree(mttr));
      root.set("ageing", mapper.valueToTree(ageing));
      return root;
    }

    /** Mean days to remediate per severity (null where nothing closed). */
    public Map<String, Double> mttrDays() {
      Map<String, Double> out = new LinkedHashMap<>();
      mttr.forEach((k, v) -> out.put(k, v.meanDays()));
      return out;
    }
  }

  private RemediationReport() {}

  /** The report at {@code now} over episodes fixed in [{@code from}, {@code to}) (null: ever). */
  public static Report of(SqlAccess sql, Instant now, Instant from, Instant to) {
    String policy = DecisionTables.policy(sql).name();
    Instant until = to == null ? now : to;
    return sql.write(
        c -> {
          Map<String, Mttr> mttr = new LinkedHashMap<>();
          Map<Integer, Double> tenable = tenableMeans(c, from, until);
          for (FindingSeverity s : severities()) {
            mttr.put(s.key(), mttr(c, s.level(), from, until, tenable.get(s.level())));
          }
          long nowMs = now.toEpochMilli();
          Map<String, Long> open = counts(c, "closed_ms IS NULL", List.of());
          Map<String, Long> breached =
              counts(c, "closed_ms IS NULL AND sla_due_ms <= ?", List.of(nowMs));
          Map<String, Long> approaching =
              counts(
                  c,
                  "closed_ms IS NULL AND sla_warn_ms <= ? AND sla_due_ms > ?",
                  List.of(nowMs, nowMs));
          Map<String, Map<String, Long>> ageing = new LinkedHashMap<>();
          for (Bucket b : BUCKETS) {
            long newest = nowMs - (long) b.fromDays() * DAY_MS;
            long oldest =
                b.toDays() == Integer.MAX_VALUE
                    ? Long.MIN_VALUE
                    : nowMs - (b.toDays() + 1L) * DAY_MS;
            ageing.put(
                b.name(),
                counts(
                    c,
                    "closed_ms IS NULL AND first_found_ms <= ? AND first_found_ms > ?",
                    List.of(newest, oldest)));
          }
          return new Report(now, from, until, policy, mttr, open, breached, approaching, ageing);
        });
  }

  private static List<FindingSeverity> severities() {
    List<FindingSeverity> out = new ArrayList<>(List.of(FindingSeverity.values()));
    java.util.Collections.reverse(out);
    return out;
  }

  /** Findings per severity (each severity present, 0 when none) meeting a condition on insights. */
  private static Map<String, Long> counts(Connection c, String condition, List<Long> args)
      throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    Map<Integer, Long> bySeverity = new java.util.HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT severity, COUNT(*) FROM finding_insights WHERE "
                + condition
                + " GROUP BY severity")) {
      for (int i = 0; i < args.size(); i++) {
        s.setLong(i + 1, args.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          bySeverity.put(rs.getInt(1), rs.getLong(2));
        }
      }
    }
    for (FindingSeverity s : severities()) {
      out.put(s.key(), bySeverity.getOrDefault(s.level(), 0L));
    }
    return out;
  }

  /**
   * Mean, and nearest-rank median and 90th percentile, of the durations of the episodes of one
   * severity that Tenable reported fixed in the window.
   */
  private static Mttr mttr(Connection c, int severity, Instant from, Instant to, Double tenable)
      throws SQLException {
    List<Long> durations = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT closed_ms - opened_ms FROM finding_episodes WHERE close_reason = 'FIXED'"
                + " AND severity = ? AND closed_ms >= ? AND closed_ms < ? ORDER BY 1")) {
      s.setInt(1, severity);
      s.setLong(2, from == null ? Long.MIN_VALUE : from.toEpochMilli());
      s.setLong(3, to.toEpochMilli());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          durations.add(rs.getLong(1));
        }
      }
    }
    if (durations.isEmpty()) {
      return new Mttr(null, null, null, 0, tenable);
    }
    double sum = 0;
    for (long d : durations) {
      sum += d;
    }
    int n = durations.size();
    return new Mttr(
        days(sum / n),
        days(durations.get((int) Math.ceil(0.5 * n) - 1)),
        days(durations.get((int) Math.ceil(0.9 * n) - 1)),
        n,
        tenable);
  }

  /**
   * The mean of Tenable's own {@code time_taken_to_fix} (seconds) per severity, over the findings
   * fixed in the window that carry it, in days.
   */
  private static Map<Integer, Double> tenableMeans(Connection c, Instant from, Instant to)
      throws SQLException {
    boolean sqlite = c.getMetaData().getDatabaseProductName().toLowerCase().contains("sqlite");
    String ttf =
        sqlite
            ? "CAST(json_extract(data, '$.timeTakenToFix') AS REAL)"
            : "(data::jsonb ->> 'timeTakenToFix')::numeric";
    String fixed =
        sqlite ? "json_extract(data, '$.findingFixedOn')" : "(data::jsonb ->> 'findingFixedOn')";
    Map<Integer, Double> out = new java.util.HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT finding_severity, AVG("
                + ttf
                + ") FROM findings WHERE finding_status = 'FIXED' AND "
                + ttf
                + " IS NOT NULL AND "
                + fixed
                + " >= ? AND "
                + fixed
                + " < ? GROUP BY finding_severity")) {
      s.setString(1, from == null ? "0000" : from.toString());
      s.setString(2, to.toString());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          double seconds = rs.getDouble(2);
          if (!rs.wasNull()) {
            out.put(rs.getInt(1), seconds / 86_400.0);
          }
        }
      }
    }
    return out;
  }

  private static Double days(double millis) {
    return millis / DAY_MS;
  }
}

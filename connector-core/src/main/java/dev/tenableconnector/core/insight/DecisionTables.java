package dev.tenableconnector.core.insight;

import dev.tenableconnector.core.decision.RemediationPolicy;
import dev.tenableconnector.core.decision.ThreatFacts;
import dev.tenableconnector.core.store.SqlAccess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inventory's decision tables as the rest of the connector reads them: the remediation policy
 * in force, the imported feed snapshots, and the feeds' facts the priority is decided from.
 */
public final class DecisionTables {
  private DecisionTables() {}

  /** An imported feed file, as `feeds` and the API list it. */
  public record Snapshot(
      long id,
      String feed,
      String version,
      String published,
      String sha256,
      long bytes,
      long records,
      long rejected,
      String source,
      Instant importedAt) {}

  /** The policy set for this inventory, or the default one. */
  public static RemediationPolicy policy(SqlAccess sql) {
    return sql.write(c -> policy(c)).orElseGet(RemediationPolicy::defaults);
  }

  static Optional<RemediationPolicy> policy(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT policy FROM remediation_policy");
        ResultSet rs = s.executeQuery()) {
      return rs.next()
          ? Optional.of(RemediationPolicy.parse(rs.getString(1), "the stored policy"))
          : Optional.empty();
    }
  }

  /** Sets the policy ({@code null}: back to the default). */
  public static void setPolicy(SqlAccess sql, RemediationPolicy policy, Instant now) {
    sql.write(
        c -> {
          try (PreparedStatement delete = c.prepareStatement("DELETE FROM remediation_policy")) {
            delete.executeUpdate();
          }
          if (policy != null) {
            try (PreparedStatement insert =
                c.prepareStatement(
                    "INSERT INTO remediation_policy (id, policy, updated_at) VALUES (1, ?, ?)")) {
              insert.setString(1, policy.json());
              insert.setString(2, now.toString());
              insert.executeUpdate();
            }
          }
          return null;
        });
  }

  /** The latest snapshot of each feed that was imported, KEV first. */
  public static List<Snapshot> latestSnapshots(SqlAccess sql) {
    return sql.write(
        c -> {
          List<Snapshot> out = new ArrayList<>();
          for (String feed : List.of("KEV", "EPSS")) {
            latest(c, feed).ifPresent(out::add);
          }
          return out;
        });
  }

  static Optional<Snapshot> latest(Connection c, String feed) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, feed, version, published, sha256, bytes, records, rejected, source,"
                + " imported_at FROM feed_snapshots WHERE feed = ? ORDER BY id DESC LIMIT 1")) {
      s.setString(1, feed);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Snapshot(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getLong(8),
                rs.getString(9),
                Instant.parse(rs.getString(10))));
      }
    }
  }

  /**
   * What the feeds say that every finding's priority reads: the KEV catalogue (about a thousand
   * entries) and the snapshots; EPSS scores are looked up per batch of CVEs ({@link #epss}).
   */
  public static ThreatFacts threatFacts(SqlAccess sql) {
    return sql.write(
        c -> {
          Map<String, ThreatFacts.KevEntry> kev = new HashMap<>();
          try (PreparedStatement s =
                  c.prepareStatement("SELECT cve_id, date_added, due_date FROM kev_entries");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              kev.put(
                  rs.getString(1),
                  new ThreatFacts.KevEntry(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
          }
          return new ThreatFacts(
              kev,
              latest(c, "KEV").map(DecisionTables::facts).orElse(null),
              Map.of(),
              latest(c, "EPSS").map(DecisionTables::facts).orElse(null));
        });
  }

  /** The latest EPSS score of each of these CVEs that has one. */
  static Map<String, ThreatFacts.EpssScore> epss(Connection c, java.util.Collection<String> cves)
      throws SQLException {
    Map<String, ThreatFacts.EpssScore> out = new HashMap<>();
    List<String> all = new ArrayList<>(cves);
    for (int from = 0; from < all.size(); from += 500) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + 500));
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT cve_id, epss, percentile, score_date FROM epss_latest WHERE cve_id IN ("
                  + "?,".repeat(batch.size() - 1)
                  + "?)")) {
        for (int i = 0; i < batch.size(); i++) {
          s.setString(i + 1, batch.get(i));
        }
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.put(
                rs.getString(1),
                new ThreatFacts.EpssScore(
                    rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getString(4)));
          }
        }
      }
    }
    return out;
  }

  private static ThreatFacts.Snapshot facts(Snapshot s) {
    return new ThreatFacts.Snapshot(s.id(), s.version(), s.published(), s.sha256());
  }
}

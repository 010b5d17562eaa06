package dev.tenableconnector.core.insight;

import dev.tenableconnector.core.decision.FindingInsight;
import dev.tenableconnector.core.decision.Ssvc;
import dev.tenableconnector.core.store.SqlAccess;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The stored insights of findings ({@link FindingInsight}), looked up by key. */
public final class InsightFields {
  private InsightFields() {}

  /** The stored insights of these findings. */
  public static Map<String, FindingInsight> lookup(SqlAccess sql, Collection<String> keys) {
    Map<String, FindingInsight> out = new HashMap<>();
    if (keys.isEmpty()) {
      return out;
    }
    List<String> all = new ArrayList<>(keys);
    return sql.write(
        c -> {
          for (int from = 0; from < all.size(); from += 500) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + 500));
            try (PreparedStatement s =
                c.prepareStatement(
                    "SELECT i.external_finding_id, i.sla_start_ms, i.sla_warn_ms, i.sla_due_ms,"
                        + " i.closed_ms, i.in_kev, i.kev_date_added, i.kev_due_date, i.epss,"
                        + " i.epss_percentile, i.priority, r.reason FROM finding_insights i"
                        + " JOIN priority_reasons r ON r.reason_id = i.reason_id"
                        + " WHERE i.external_finding_id IN ("
                        + "?,".repeat(batch.size() - 1)
                        + "?)")) {
              for (int i = 0; i < batch.size(); i++) {
                s.setString(i + 1, batch.get(i));
              }
              try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  out.put(
                      rs.getString(1),
                      new FindingInsight(
                          instant(rs, 2),
                          instant(rs, 3),
                          instant(rs, 4),
                          instant(rs, 5),
                          rs.getInt(6) != 0,
                          rs.getString(7),
                          rs.getString(8),
                          number(rs, 9),
                          number(rs, 10),
                          Ssvc.Decision.valueOf(rs.getString(11)),
                          rs.getString(12)));
                }
              }
            }
          }
          return out;
        });
  }

  private static Instant instant(ResultSet rs, int column) throws java.sql.SQLException {
    long ms = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
  }

  private static Double number(ResultSet rs, int column) throws java.sql.SQLException {
    double d = rs.getDouble(column);
    return rs.wasNull() ? null : d;
  }
}

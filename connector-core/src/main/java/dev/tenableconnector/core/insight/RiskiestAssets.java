package dev.tenableconnector.core.insight;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.store.SqlAccess;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The assets to look at first: those with the most open findings SSVC says to act on, then to
 * attend to, then past their SLA, then open at all. Read from the insights.
 */
public final class RiskiestAssets {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One asset and its open findings by what they call for. */
  public record Asset(
      String assetId,
      String assetName,
      Double criticality,
      long act,
      long attend,
      long breached,
      long open) {}

  private RiskiestAssets() {}

  /** The first {@code limit} assets, riskiest first. */
  public static List<Asset> top(SqlAccess sql, int limit, long nowMs) {
    return sql.write(
        c -> {
          List<Asset> out = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT f.external_asset_id,"
                      + " SUM(CASE WHEN i.priority = 'ACT' THEN 1 ELSE 0 END) AS act,"
                      + " SUM(CASE WHEN i.priority = 'ATTEND' THEN 1 ELSE 0 END) AS attend,"
                      + " SUM(CASE WHEN i.sla_due_ms <= ? THEN 1 ELSE 0 END) AS breached,"
                      + " COUNT(*) AS open_count"
                      + " FROM finding_insights i JOIN findings f"
                      + " ON f.external_finding_id = i.external_finding_id"
                      + " WHERE i.closed_ms IS NULL GROUP BY f.external_asset_id"
                      + " ORDER BY act DESC, attend DESC, breached DESC, open_count DESC,"
                      + " f.external_asset_id LIMIT ?")) {
            s.setLong(1, nowMs);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Asset(
                        rs.getString(1),
                        null,
                        null,
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5)));
              }
            }
          }
          List<Asset> named = new ArrayList<>(out.size());
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT asset_name, data FROM assets WHERE external_asset_id = ?")) {
            for (Asset a : out) {
              s.setString(1, a.assetId());
              String name = null;
              Double acr = null;
              try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                  name = rs.getString(1);
                  try {
                    var v = MAPPER.readTree(rs.getString(2)).path("criticality");
                    acr = v.isNumber() ? v.asDouble() : null;
                  } catch (IOException e) {
                    acr = null;
                  }
                }
              }
              named.add(
                  new Asset(a.assetId(), name, acr, a.act(), a.attend(), a.breached(), a.open()));
            }
          }
          return named;
        });
  }
}

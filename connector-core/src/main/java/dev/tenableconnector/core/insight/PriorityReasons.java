package dev.tenableconnector.core.insight;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each distinct priority reason stored once ({@code priority_reasons}), found by the SHA-256 of its
 * text: findings with the same inputs share one, so the text (some 400 bytes) is not stored once
 * per finding. Remembers the ids it has seen, up to a bound, for the refresh it serves.
 */
final class PriorityReasons {
  private static final int REMEMBERED = 50_000;

  private final Map<String, Long> ids = new HashMap<>();

  /** The id of each reason, storing the ones not stored yet. */
  Map<String, Long> ids(Connection c, Collection<String> reasons) throws SQLException {
    Set<String> missing = new LinkedHashSet<>();
    for (String r : reasons) {
      if (!ids.containsKey(r)) {
        missing.add(r);
      }
    }
    if (!missing.isEmpty()) {
      if (ids.size() + missing.size() > REMEMBERED) {
        ids.clear();
      }
      Map<String, String> byHash = new HashMap<>();
      for (String r : missing) {
        byHash.put(sha256(r), r);
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO priority_reasons (reason_sha256, reason) VALUES (?, ?)"
                  + " ON CONFLICT (reason_sha256) DO NOTHING")) {
        for (Map.Entry<String, String> e : byHash.entrySet()) {
          insert.setString(1, e.getKey());
          insert.setString(2, e.getValue());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      List<String> hashes = new ArrayList<>(byHash.keySet());
      for (int from = 0; from < hashes.size(); from += 500) {
        List<String> batch = hashes.subList(from, Math.min(hashes.size(), from + 500));
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT reason_sha256, reason_id FROM priority_reasons WHERE reason_sha256 IN ("
                    + "?,".repeat(batch.size() - 1)
                    + "?)")) {
          for (int i = 0; i < batch.size(); i++) {
            s.setString(i + 1, batch.get(i));
          }
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              ids.put(byHash.get(rs.getString(1)), rs.getLong(2));
            }
          }
        }
      }
    }
    Map<String, Long> out = new HashMap<>();
    for (String r : reasons) {
      out.put(r, ids.get(r));
    }
    return out;
  }

  /** Drops the reasons no finding refers to any more (after every finding was refreshed). */
  static void prune(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM priority_reasons WHERE NOT EXISTS (SELECT 1 FROM finding_insights i"
                + " WHERE i.reason_id = priority_reasons.reason_id)")) {
      s.executeUpdate();
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

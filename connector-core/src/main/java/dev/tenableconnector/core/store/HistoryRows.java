package dev.tenableconnector.core.store;

import dev.tenableconnector.core.history.HistoryRules;
import dev.tenableconnector.core.history.HistoryRules.CloseReason;
import dev.tenableconnector.core.history.HistoryRules.Episode;
import dev.tenableconnector.core.history.HistoryRules.Flag;
import dev.tenableconnector.core.history.HistoryRules.Observation;
import dev.tenableconnector.core.history.HistoryRules.Step;
import dev.tenableconnector.core.history.HistoryRules.Transition;
import dev.tenableconnector.core.model.Entity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes findings' history (their transitions and episodes, {@link HistoryRules}) in the
 * transaction of the chunk that changed them, on either engine: the SQL is plain enough for both.
 */
final class HistoryRows {
  private static final int BATCH = 400;

  /** A finding the chunk writes, with the state the store held before (null: new). */
  record Seen(Observation observation, String before) {}

  /** An asset the chunk marks deleted or terminated. */
  record Gone(String assetKey, Instant at, boolean deleted) {}

  private HistoryRows() {}

  /** What the history needs of a row a writer holds until it knows the stored one. */
  record Staged(long hash, String status, String changedAt, Observation observation) {
    static Staged of(StoreRow row) {
      return new Staged(row.contentHash(), row.status(), row.changedAt(), row.observation());
    }

    /**
     * The asset this row marks deleted or terminated when it was not before, with when (its last
     * change, else now); null for any other change.
     */
    Gone gone(String assetKey, String before, Instant now) {
      boolean deleted = "DELETED".equals(status);
      if (!deleted && !"TERMINATED".equals(status) || status.equals(before)) {
        return null;
      }
      return new Gone(assetKey, changedAt == null ? now : Instant.parse(changedAt), deleted);
    }
  }

  /**
   * Records the history of rows a writer staged (PostgreSQL's): against the rows stored before they
   * are merged, findings' transitions and episodes, and the close of the episodes of assets now
   * gone. Unchanged rows (same content hash) add nothing.
   */
  static void staged(
      Connection c, Entity entity, Map<String, Staged> pending, long runId, Instant seenAt)
      throws SQLException {
    if (pending.isEmpty()) {
      return;
    }
    boolean assets = entity == Entity.ASSET;
    String key = assets ? "external_asset_id" : "external_finding_id";
    String status = assets ? "asset_status" : "finding_status";
    Map<String, Staged> stored = new HashMap<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT x."
                    + key
                    + ", x.content_hash, x."
                    + status
                    + " FROM "
                    + entity.plural()
                    + " x JOIN stage_"
                    + entity.plural()
                    + " y ON y."
                    + key
                    + " = x."
                    + key);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        stored.put(rs.getString(1), new Staged(rs.getLong(2), rs.getString(3), null, null));
      }
    }
    List<Seen> seen = new ArrayList<>();
    List<Gone> gone = new ArrayList<>();
    for (Map.Entry<String, Staged> e : pending.entrySet()) {
      Staged row = e.getValue();
      Staged before = stored.get(e.getKey());
      if (before != null && before.hash() == row.hash()) {
        continue;
      }
      if (row.observation() != null) {
        seen.add(new Seen(row.observation(), before == null ? null : before.status()));
      } else if (before != null) {
        Gone g = row.gone(e.getKey(), before.status(), seenAt);
        if (g != null) {
          gone.add(g);
        }
      }
    }
    findings(c, runId, seenAt, seen, null);
    assetsGone(c, runId, gone);
  }

  /** Records the history of the findings a chunk writes. */
  static void findings(Connection c, long runId, Instant seenAt, List<Seen> seen, Flag firstFlag)
      throws SQLException {
    if (seen.isEmpty()) {
      return;
    }
    List<String> existing = new ArrayList<>();
    for (Seen s : seen) {
      if (s.before() != null) {
        existing.add(s.observation().key());
      }
    }
    Map<String, List<Episode>> known = episodes(c, existing);
    try (Writes w = new Writes(c)) {
      for (Seen s : seen) {
        String key = s.observation().key();
        List<Episode> episodes = known.computeIfAbsent(key, k -> new ArrayList<>());
        Step step = HistoryRules.observe(s.observation(), s.before(), episodes, seenAt, firstFlag);
        w.add(key, runId, episodes.size(), s.observation().severity(), step);
        // A key twice in one chunk: its second sight follows from the first.
        if (step.closeLast() != null) {
          episodes.set(episodes.size() - 1, step.closeLast());
        }
        episodes.addAll(step.appended());
      }
    }
  }

  /** Closes the open episodes of the findings of assets that were deleted or terminated. */
  static void assetsGone(Connection c, long runId, List<Gone> gone) throws SQLException {
    if (gone.isEmpty()) {
      return;
    }
    Map<String, Gone> byAsset = new HashMap<>();
    for (Gone g : gone) {
      byAsset.put(g.assetKey(), g);
    }
    List<String> assets = new ArrayList<>(byAsset.keySet());
    try (Writes w = new Writes(c)) {
      for (int from = 0; from < assets.size(); from += BATCH) {
        List<String> batch = assets.subList(from, Math.min(assets.size(), from + BATCH));
        String sql =
            "SELECT f.external_asset_id, f.external_finding_id, f.finding_status,"
                + " f.finding_severity, e.episode, e.opened_ms"
                // CROSS JOIN keeps SQLite from starting at every open episode (by the
                // closed_ms index): a few assets' findings first, then their episodes.
                + " FROM findings f CROSS JOIN finding_episodes e"
                + " WHERE e.external_finding_id = f.external_finding_id AND e.closed_ms IS NULL"
                + " AND f.external_asset_id IN ("
                + placeholders(batch.size())
                + ")";
        try (PreparedStatement s = c.prepareStatement(sql)) {
          for (int i = 0; i < batch.size(); i++) {
            s.setString(i + 1, batch.get(i));
          }
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              Gone g = byAsset.get(rs.getString(1));
              long severity = rs.getLong(4);
              Long sev = rs.wasNull() ? null : severity;
              Episode open = new Episode(Instant.ofEpochMilli(rs.getLong(6)), null, null);
              Step step =
                  HistoryRules.assetGone(rs.getString(3), sev, null, open, g.at(), g.deleted());
              w.add(rs.getString(2), runId, rs.getInt(5), sev, step);
            }
          }
        }
      }
    }
  }

  /** The stored episodes of these findings, oldest first. */
  private static Map<String, List<Episode>> episodes(Connection c, List<String> keys)
      throws SQLException {
    Map<String, List<Episode>> known = new HashMap<>();
    for (int from = 0; from < keys.size(); from += BATCH) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
      String sql =
          "SELECT external_finding_id, opened_ms, closed_ms, close_reason FROM finding_episodes"
              + " WHERE external_finding_id IN ("
              + placeholders(batch.size())
              + ") ORDER BY external_finding_id, episode";
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < batch.size(); i++) {
          s.setString(i + 1, batch.get(i));
        }
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            long closed = rs.getLong(3);
            boolean open = rs.wasNull();
            String reason = rs.getString(4);
            known
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(
                    new Episode(
                        Instant.ofEpochMilli(rs.getLong(2)),
                        open ? null : Instant.ofEpochMilli(closed),
                        reason == null ? null : CloseReason.valueOf(reason)));
          }
        }
      }
    }
    return known;
  }

  private static String placeholders(int n) {
    return "?,".repeat(n - 1) + "?";
  }

  /** The three batched statements a chunk's history needs. */
  static final class Writes implements AutoCloseable {
    private final PreparedStatement transition;
    private final PreparedStatement close;
    private final PreparedStatement open;
    private int pending;

    Writes(Connection c) throws SQLException {
      transition =
          c.prepareStatement(
              "INSERT INTO finding_transitions (external_finding_id, at, from_state, to_state,"
                  + " run_id, severity, modification, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      close =
          c.prepareStatement(
              "UPDATE finding_episodes SET closed_ms = ?, close_reason = ?, severity = ?,"
                  + " closed_run_id = ? WHERE external_finding_id = ? AND episode = ?");
      open =
          c.prepareStatement(
              "INSERT INTO finding_episodes (external_finding_id, episode, opened_ms, closed_ms,"
                  + " close_reason, severity, opened_run_id, closed_run_id)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /**
     * Adds a step of run {@code runId} for a finding whose last stored episode is number {@code
     * last} (0: none).
     */
    void add(String key, long runId, int last, Long severity, Step step) throws SQLException {
      for (Transition t : step.transitions()) {
        transition.setString(1, key);
        transition.setString(2, t.at().toString());
        transition.setString(3, t.from());
        transition.setString(4, t.to());
        transition.setLong(5, runId);
        Jdbc.setLong(transition, 6, t.severity());
        transition.setString(7, t.modification());
        transition.setString(8, t.flag() == null ? null : t.flag().name());
        transition.addBatch();
      }
      if (step.closeLast() != null) {
        Episode e = step.closeLast();
        close.setLong(1, e.closed().toEpochMilli());
        close.setString(2, e.reason().name());
        Jdbc.setLong(close, 3, severity);
        close.setLong(4, runId);
        close.setString(5, key);
        close.setInt(6, last);
        close.addBatch();
      }
      int number = last;
      for (Episode e : step.appended()) {
        open.setString(1, key);
        open.setInt(2, ++number);
        open.setLong(3, e.opened().toEpochMilli());
        Jdbc.setLong(open, 4, e.closed() == null ? null : e.closed().toEpochMilli());
        open.setString(5, e.reason() == null ? null : e.reason().name());
        Jdbc.setLong(open, 6, severity);
        open.setLong(7, runId);
        Jdbc.setLong(open, 8, e.closed() == null ? null : runId);
        open.addBatch();
      }
      if (++pending >= BATCH) {
        flush();
      }
    }

    private void flush() throws SQLException {
      transition.executeBatch();
      close.executeBatch();
      open.executeBatch();
      pending = 0;
    }

    @Override
    public void close() throws SQLException {
      try {
        flush();
      } finally {
        transition.close();
        close.close();
        open.close();
      }
    }
  }
}

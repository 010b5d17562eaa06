package dev.tenableconnector.core.insight;

import dev.tenableconnector.core.model.FindingSeverity;
import dev.tenableconnector.core.store.SqlAccess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Posture over time, per UTC day and severity: findings open at the end of the day, found new,
 * found again, fixed that day, and open past their SLA at its end — from the episodes and the SLA
 * windows. A day before today is computed once and kept: past days never change, even when assets
 * whose findings go back further are added later. Today is computed again each time.
 */
public final class Posture {
  /** How far back a first computation goes. */
  public static final int DAYS_KEPT = 365;

  private static final long DAY_MS = 86_400_000L;
  private static final String[] MEASURES = {"open", "new", "reopened", "fixed", "breached"};

  /** One day of one severity. */
  public record Day(
      LocalDate day,
      String severity,
      long open,
      long created,
      long reopened,
      long fixed,
      long breached) {}

  private Posture() {}

  /** Writes the days not stored yet, up to and including today (UTC), and today again. */
  public static void refresh(SqlAccess sql, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate first = today.minusDays(DAYS_KEPT - 1L);
    sql.write(
        c -> {
          Set<LocalDate> stored = new HashSet<>();
          try (PreparedStatement s =
              c.prepareStatement("SELECT DISTINCT day FROM posture_days WHERE day >= ?"); ) {
            s.setString(1, first.toString());
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                stored.add(LocalDate.parse(rs.getString(1)));
              }
            }
          }
          stored.remove(today);
          int span = (int) ChronoUnit.DAYS.between(first, today) + 1;
          // Past days are written once: with all of them stored only today is counted, by SQL
          // aggregates rather than a pass over every episode.
          long[][][] counts =
              stored.size() == span - 1 ? today(c, first, span, now) : compute(c, first, span, now);
          return dev.tenableconnector.core.store.Jdbc.inTransaction(
              c, () -> store(c, today, first, span, stored, counts));
        });
  }

  /** Today again, and the days not stored yet. */
  private static Void store(
      java.sql.Connection c,
      LocalDate today,
      LocalDate first,
      int span,
      Set<LocalDate> stored,
      long[][][] counts)
      throws java.sql.SQLException {
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM posture_days WHERE day = ?");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO posture_days (day, severity, open, new, reopened, fixed,"
                    + " breached) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      delete.setString(1, today.toString());
      delete.executeUpdate();
      for (int d = 0; d < span; d++) {
        LocalDate day = first.plusDays(d);
        if (stored.contains(day)) {
          continue;
        }
        for (int sev = 1; sev <= 5; sev++) {
          insert.setString(1, day.toString());
          insert.setInt(2, sev);
          for (int m = 0; m < MEASURES.length; m++) {
            insert.setLong(3 + m, counts[m][sev][d]);
          }
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
    return null;
  }

  /**
   * counts[measure][severity][day] over the days from {@code first}: one pass over the episodes
   * with their findings' SLA due dates, as differences (open and breached) and tallies (the rest).
   */
  static long[][][] compute(Connection c, LocalDate first, int span, Instant now)
      throws SQLException {
    long[][][] counts = new long[MEASURES.length][6][span + 1];
    long start = first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long nowMs = now.toEpochMilli();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT e.episode, e.opened_ms, e.closed_ms, e.close_reason, e.severity,"
                    + " i.sla_due_ms FROM finding_episodes e LEFT JOIN finding_insights i"
                    + " ON i.external_finding_id = e.external_finding_id");
        ResultSet rs = s.executeQuery()) {
      s.setFetchSize(1000);
      while (rs.next()) {
        int severity = rs.getInt(5);
        if (rs.wasNull() || severity < 1 || severity > 5) {
          continue;
        }
        int episode = rs.getInt(1);
        long opened = rs.getLong(2);
        long closedMs = rs.getLong(3);
        Long closed = rs.wasNull() ? null : closedMs;
        String reason = rs.getString(4);
        long dueMs = rs.getLong(6);
        Long due = rs.wasNull() ? null : dueMs;
        // The day a change lands on; before the first day it counts from the first day.
        int openDay = day(opened, start);
        int closeDay = closed == null ? span : day(closed, start);
        range(counts[0][severity], openDay, closeDay, span);
        tally(counts[episode == 1 ? 1 : 2][severity], opened, start, span);
        if (closed != null && "FIXED".equals(reason)) {
          tally(counts[3][severity], closed, start, span);
        }
        if (due != null && (closed == null || closed > due) && due <= nowMs) {
          range(counts[4][severity], day(Math.max(due, opened), start), closeDay, span);
        }
      }
    }
    for (long[][] measure : new long[][][] {counts[0], counts[4]}) {
      for (long[] bySeverity : measure) {
        for (int d = 1; d <= span; d++) {
          bySeverity[d] += bySeverity[d - 1];
        }
      }
    }
    return counts;
  }

  /**
   * counts as {@link #compute} gives them for the last day (today) only, the other days left 0:
   * open at the end of today, opened, reopened and fixed during it, and open past their SLA now.
   */
  static long[][][] today(Connection c, LocalDate first, int span, Instant now)
      throws SQLException {
    long[][][] counts = new long[MEASURES.length][6][span + 1];
    long start = first.plusDays(span - 1L).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long end = start + DAY_MS;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT severity,"
                + " SUM(CASE WHEN closed_ms IS NULL OR closed_ms >= ? THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN episode = 1 AND opened_ms >= ? AND opened_ms < ? THEN 1 ELSE 0"
                + " END),"
                + " SUM(CASE WHEN episode > 1 AND opened_ms >= ? AND opened_ms < ? THEN 1 ELSE 0"
                + " END),"
                + " SUM(CASE WHEN close_reason = 'FIXED' AND closed_ms >= ? AND closed_ms < ?"
                + " THEN 1 ELSE 0 END)"
                + " FROM finding_episodes WHERE severity BETWEEN 1 AND 5 GROUP BY severity")) {
      long[] args = {end, start, end, start, end, start, end};
      for (int i = 0; i < args.length; i++) {
        s.setLong(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          int severity = rs.getInt(1);
          for (int m = 0; m < 4; m++) {
            counts[m][severity][span - 1] = rs.getLong(2 + m);
          }
        }
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT e.severity, COUNT(*) FROM finding_insights i JOIN finding_episodes e"
                + " ON e.external_finding_id = i.external_finding_id"
                + " WHERE i.sla_due_ms <= ? AND (e.closed_ms IS NULL OR e.closed_ms >= ?)"
                + " AND e.severity BETWEEN 1 AND 5 GROUP BY e.severity")) {
      s.setLong(1, now.toEpochMilli());
      s.setLong(2, end);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          counts[4][rs.getInt(1)][span - 1] = rs.getLong(2);
        }
      }
    }
    return counts;
  }

  /**
   * The index of the day whose end first counts a change at {@code ms}: a change during day d is
   * seen at the end of day d.
   */
  private static int day(long ms, long start) {
    return ms < start ? 0 : (int) Math.min(Integer.MAX_VALUE, (ms - start) / DAY_MS);
  }

  /** +1 over the days [from, to) as a difference. */
  private static void range(long[] diff, int from, int to, int span) {
    if (from >= span || to <= from) {
      return;
    }
    diff[from]++;
    diff[Math.min(to, span)]--;
  }

  private static void tally(long[] perDay, long ms, long start, int span) {
    if (ms < start) {
      return;
    }
    int d = (int) ((ms - start) / DAY_MS);
    if (d < span) {
      perDay[d]++;
    }
  }

  /** The stored days from {@code since} on, oldest first, each with every severity. */
  public static List<Day> days(SqlAccess sql, LocalDate since) {
    return sql.write(
        c -> {
          List<Day> out = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT day, severity, open, new, reopened, fixed, breached FROM posture_days"
                      + " WHERE day >= ? ORDER BY day, severity DESC")) {
            s.setString(1, since.toString());
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                FindingSeverity sev = FindingSeverity.ofLevel(rs.getLong(2));
                out.add(
                    new Day(
                        LocalDate.parse(rs.getString(1)),
                        sev == null ? "?" : sev.key(),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7)));
              }
            }
          }
          return out;
        });
  }

  /** The days as JSON-able maps: {@code [{day, critical: {open, new, …}, …}]}. */
  public static List<Map<String, Object>> byDay(List<Day> days) {
    Map<LocalDate, Map<String, Object>> out = new LinkedHashMap<>();
    for (Day d : days) {
      Map<String, Object> day = out.computeIfAbsent(d.day(), k -> new LinkedHashMap<>());
      day.putIfAbsent("day", d.day().toString());
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("open", d.open());
      m.put("new", d.created());
      m.put("reopened", d.reopened());
      m.put("fixed", d.fixed());
      m.put("breached", d.breached());
      day.put(d.severity(), m);
    }
    return new ArrayList<>(out.values());
  }
}

package dev.tenableconnector.core.insight;

import static dev.tenableconnector.core.insight.FeedImport.BATCH;
import static dev.tenableconnector.core.insight.FeedImport.CVE;
import static dev.tenableconnector.core.insight.FeedImport.REPORTED;
import static dev.tenableconnector.core.insight.FeedImport.day;
import static dev.tenableconnector.core.insight.FeedImport.sameAsLatest;
import static dev.tenableconnector.core.insight.FeedImport.size;
import static dev.tenableconnector.core.insight.FeedImport.snapshot;

import dev.tenableconnector.core.insight.FeedImport.Feed;
import dev.tenableconnector.core.insight.FeedImport.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * FIRST's EPSS scores as they are published: a CSV, plain or gzipped, whose first line is {@code
 * #model_version:<version>,score_date:<date>} and second {@code cve,epss,percentile}. Each CVE's
 * latest score moves to the file's when the file is newer; every change is kept as history.
 */
final class EpssFeed {
  private static final Pattern EPSS_HEADER =
      Pattern.compile("#model_version:([^,]+),score_date:(\\S+)");

  private EpssFeed() {}

  static FeedImport.Result read(
      Connection c, InputStream in, String hash, Path file, String source, Instant now)
      throws SQLException {
    List<String> problems = new ArrayList<>();
    long rejected = 0;
    long records = 0;
    String version;
    String scoreDate;
    try {
      in.mark(2);
      int b1 = in.read();
      int b2 = in.read();
      in.reset();
      InputStream text = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8), 1 << 16);
      String first = lines.readLine();
      var header = first == null ? null : EPSS_HEADER.matcher(first.strip());
      if (header == null || !header.matches()) {
        throw new FeedException(
            file
                + ": is not FIRST's EPSS CSV: its first line must be"
                + " '#model_version:<version>,score_date:<date>'");
      }
      version = header.group(1);
      scoreDate = day(header.group(2));
      if (scoreDate == null) {
        throw new FeedException(file + ": score_date '" + header.group(2) + "' is not a date");
      }
      String columns = lines.readLine();
      if (columns == null || !columns.strip().equals("cve,epss,percentile")) {
        throw new FeedException(file + ": the second line must be 'cve,epss,percentile'");
      }
      String prior = latestEpssDate(c);
      Long same = null;
      long snapshot = snapshot(c, Feed.EPSS, version, scoreDate, "", 0, 0, 0, source, now);
      List<String[]> batch = new ArrayList<>(BATCH);
      int lineNo = 2;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        String problem = epssProblem(cells);
        if (problem != null) {
          rejected++;
          if (problems.size() < REPORTED) {
            problems.add("line " + lineNo + ": " + problem);
          }
          continue;
        }
        batch.add(cells);
        records++;
        if (batch.size() == BATCH) {
          epssBatch(c, batch, scoreDate, snapshot);
          batch.clear();
        }
      }
      epssBatch(c, batch, scoreDate, snapshot);
      same = sameAsLatest(c, Feed.EPSS, hash, snapshot);
      if (same != null) {
        c.rollback(); // the very file imported last: nothing to change
        return new Result(
            Feed.EPSS,
            same,
            version,
            scoreDate,
            hash,
            size(file),
            records,
            rejected,
            problems,
            true);
      }
      try (PreparedStatement update =
          c.prepareStatement(
              "UPDATE feed_snapshots SET sha256 = ?, bytes = ?, records = ?, rejected = ?"
                  + " WHERE id = ?")) {
        update.setString(1, hash);
        update.setLong(2, size(file));
        update.setLong(3, records);
        update.setLong(4, rejected);
        update.setLong(5, snapshot);
        update.executeUpdate();
      }
      if (records == 0) {
        throw new FeedException(file + ": holds no valid EPSS score");
      }
      boolean older = prior != null && scoreDate.compareTo(prior) < 0;
      if (older) {
        problems.add(
            "scores of "
                + scoreDate
                + " are older than those imported before: kept as history only");
      }
      return new Result(
          Feed.EPSS,
          snapshot,
          version,
          scoreDate,
          hash,
          size(file),
          records,
          rejected,
          problems,
          false);
    } catch (IOException e) {
      throw new FeedException(file + ": cannot be read: " + e.getMessage());
    }
  }

  private static String epssProblem(String[] cells) {
    if (cells.length != 3) {
      return "expected cve,epss,percentile";
    }
    String cve = cells[0].strip();
    if (!CVE.matcher(cve).matches()) {
      return "'" + cve + "' is not a CVE id";
    }
    for (int i = 1; i <= 2; i++) {
      try {
        double d = Double.parseDouble(cells[i].strip());
        if (!(d >= 0 && d <= 1)) {
          return cve + ": " + (i == 1 ? "epss" : "percentile") + " " + cells[i] + " is not 0-1";
        }
      } catch (NumberFormatException e) {
        return cve + ": '" + cells[i] + "' is not a number";
      }
    }
    return null;
  }

  /** Each CVE's latest score moves to this one when it is newer; a change is kept as history. */
  private static void epssBatch(Connection c, List<String[]> rows, String scoreDate, long snapshot)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    Map<String, double[]> latest = new HashMap<>();
    Map<String, String> latestDate = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT cve_id, epss, percentile, score_date FROM epss_latest WHERE cve_id IN ("
                + "?,".repeat(rows.size() - 1)
                + "?)")) {
      for (int i = 0; i < rows.size(); i++) {
        s.setString(i + 1, rows.get(i)[0].strip());
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          latest.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
          latestDate.put(rs.getString(1), rs.getString(4));
        }
      }
    }
    try (PreparedStatement history =
            c.prepareStatement(
                "INSERT INTO epss_history (cve_id, score_date, epss, percentile) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (cve_id, score_date) DO UPDATE SET epss = excluded.epss,"
                    + " percentile = excluded.percentile");
        PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO epss_latest (cve_id, score_date, epss, percentile, snapshot_id)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (cve_id) DO UPDATE SET"
                    + " score_date = excluded.score_date, epss = excluded.epss,"
                    + " percentile = excluded.percentile, snapshot_id = excluded.snapshot_id")) {
      for (String[] row : rows) {
        String cve = row[0].strip();
        double epss = Double.parseDouble(row[1].strip());
        double percentile = Double.parseDouble(row[2].strip());
        double[] before = latest.get(cve);
        String beforeDate = latestDate.get(cve);
        boolean newer = beforeDate == null || scoreDate.compareTo(beforeDate) >= 0;
        boolean changed = before == null || before[0] != epss || before[1] != percentile;
        if (changed || !newer) {
          history.setString(1, cve);
          history.setString(2, scoreDate);
          history.setDouble(3, epss);
          history.setDouble(4, percentile);
          history.addBatch();
        }
        if (newer) {
          upsert.setString(1, cve);
          upsert.setString(2, scoreDate);
          upsert.setDouble(3, epss);
          upsert.setDouble(4, percentile);
          upsert.setLong(5, snapshot);
          upsert.addBatch();
        }
      }
      history.executeBatch();
      upsert.executeBatch();
    }
  }

  private static String latestEpssDate(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT MAX(published) FROM feed_snapshots WHERE feed = 'EPSS'")) {
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}

package dev.tenableconnector.core.insight;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.store.SqlAccess;
import dev.tenableconnector.core.store.StoreException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Imports a threat feed file into the inventory's database in one transaction: CISA's Known
 * Exploited Vulnerabilities catalogue (its JSON) replaces the previous catalogue; FIRST's EPSS
 * scores (its CSV, plain or gzipped, with the {@code #model_version,score_date} line) update each
 * CVE's latest score and keep each change. The snapshot keeps the file's SHA-256, version and date.
 * A file that is not the feed it claims to be is refused whole ({@link FeedException}); a record
 * that is malformed is counted, reported and set aside.
 */
public final class FeedImport {
  static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
  static final int BATCH = 1000;
  static final int REPORTED = 20;

  /** The feeds. */
  public enum Feed {
    KEV,
    EPSS
  }

  /** What an import did: the snapshot row, records kept, and the first problems set aside. */
  public record Result(
      Feed feed,
      long snapshotId,
      String version,
      String published,
      String sha256,
      long bytes,
      long records,
      long rejected,
      List<String> problems,
      boolean unchanged) {}

  private FeedImport() {}

  /** Imports a file; {@code source} is what the snapshot says it came from. */
  public static Result importFile(SqlAccess sql, Feed feed, Path file, String source, Instant now) {
    String hash = sha256(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return sql.write(
          c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
              Result r =
                  feed == Feed.KEV
                      ? kev(c, in, hash, file, source, now)
                      : EpssFeed.read(c, in, hash, file, source, now);
              c.commit();
              return r;
            } catch (SQLException | RuntimeException e) {
              c.rollback();
              throw e;
            } finally {
              c.setAutoCommit(auto);
            }
          });
    } catch (IOException e) {
      throw new FeedException(file + ": cannot be read: " + e.getMessage());
    }
  }

  /** The SHA-256 of the file's bytes, read once, streaming. */
  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new FeedException(file + ": cannot be read: " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Result kev(
      Connection c, InputStream in, String hash, Path file, String source, Instant now)
      throws SQLException {
    ObjectMapper mapper = new ObjectMapper();
    String version = null;
    String released = null;
    List<String[]> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    long rejected = 0;
    boolean sawList = false;
    try (JsonParser p = new JsonFactory(mapper).createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new FeedException(file + ": is not CISA's KEV catalogue (not a JSON object)");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "catalogVersion" -> version = p.getValueAsString();
          case "dateReleased" -> released = p.getValueAsString();
          case "vulnerabilities" -> {
            if (value != JsonToken.START_ARRAY) {
              throw new FeedException(file + ": 'vulnerabilities' is not a list");
            }
            sawList = true;
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              JsonNode v = mapper.readTree(p);
              String problem = kevProblem(v);
              if (problem != null) {
                rejected++;
                if (problems.size() < REPORTED) {
                  problems.add("vulnerabilities[" + index + "]: " + problem);
                }
              } else {
                entries.add(
                    new String[] {
                      v.path("cveID").asText().strip(),
                      v.path("dateAdded").asText(),
                      text(v, "dueDate"),
                      text(v, "vendorProject"),
                      text(v, "product"),
                      text(v, "vulnerabilityName"),
                      text(v, "knownRansomwareCampaignUse"),
                      text(v, "requiredAction")
                    });
              }
              index++;
            }
          }
          default -> p.skipChildren();
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new FeedException(
          file + ": is not valid JSON: " + e.getOriginalMessage() + " at " + e.getLocation());
    } catch (IOException e) {
      throw new FeedException(file + ": cannot be read: " + e.getMessage());
    }
    if (!sawList || version == null) {
      throw new FeedException(
          file + ": is not CISA's KEV catalogue (it needs catalogVersion and vulnerabilities)");
    }
    long bytes = Files.exists(file) ? size(file) : 0;
    Long same = sameAsLatest(c, Feed.KEV, hash, 0);
    if (same != null) {
      return new Result(
          Feed.KEV,
          same,
          version,
          day(released),
          hash,
          bytes,
          entries.size(),
          rejected,
          problems,
          true);
    }
    long snapshot =
        snapshot(
            c,
            Feed.KEV,
            version,
            day(released),
            hash,
            bytes,
            entries.size(),
            rejected,
            source,
            now);
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM kev_entries")) {
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO kev_entries (cve_id, snapshot_id, date_added, due_date, vendor, product,"
                + " name, known_ransomware, required_action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (cve_id) DO NOTHING")) {
      int n = 0;
      for (String[] e : entries) {
        insert.setString(1, e[0]);
        insert.setLong(2, snapshot);
        for (int i = 1; i < e.length; i++) {
          insert.setString(i + 2, e[i]);
        }
        insert.addBatch();
        if (++n % BATCH == 0) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
    return new Result(
        Feed.KEV,
        snapshot,
        version,
        day(released),
        hash,
        bytes,
        entries.size(),
        rejected,
        problems,
        false);
  }

  private static String kevProblem(JsonNode v) {
    if (!v.isObject()) {
      return "not an object";
    }
    String cve = v.path("cveID").asText("").strip();
    if (!CVE.matcher(cve).matches()) {
      return "cveID '" + cve + "' is not a CVE id";
    }
    if (!isDate(v.path("dateAdded").asText(""))) {
      return cve + ": dateAdded '" + v.path("dateAdded").asText("") + "' is not a YYYY-MM-DD date";
    }
    String due = text(v, "dueDate");
    if (due != null && !isDate(due)) {
      return cve + ": dueDate '" + due + "' is not a YYYY-MM-DD date";
    }
    return null;
  }

  /** The latest snapshot of the feed (other than {@code besides}) when it has this hash. */
  static Long sameAsLatest(Connection c, Feed feed, String hash, long besides) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, sha256 FROM feed_snapshots WHERE feed = ? AND id <> ?"
                + " ORDER BY id DESC LIMIT 1")) {
      s.setString(1, feed.name());
      s.setLong(2, besides);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && hash.equals(rs.getString(2)) ? rs.getLong(1) : null;
      }
    }
  }

  static long snapshot(
      Connection c,
      Feed feed,
      String version,
      String published,
      String hash,
      long bytes,
      long records,
      long rejected,
      String source,
      Instant now)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO feed_snapshots (feed, version, published, sha256, bytes, records,"
                + " rejected, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            new String[] {"id"})) {
      insert.setString(1, feed.name());
      insert.setString(2, version);
      insert.setString(3, published);
      insert.setString(4, hash);
      insert.setLong(5, bytes);
      insert.setLong(6, records);
      insert.setLong(7, rejected);
      insert.setString(8, source);
      insert.setString(9, now.toString());
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new StoreException("the feed snapshot got no id", null);
        }
        return keys.getLong(1);
      }
    }
  }

  static String text(JsonNode v, String field) {
    JsonNode n = v.path(field);
    return n.isMissingNode() || n.isNull() || n.asText().isBlank() ? null : n.asText().strip();
  }

  static boolean isDate(String s) {
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The day of a date or timestamp as published ({@code 2025-03-14T00:00:00+0000}). */
  static String day(String s) {
    if (s == null || s.length() < 10 || !isDate(s.substring(0, 10))) {
      return null;
    }
    return s.substring(0, 10);
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}

package dev.tenableconnector.core.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.decision.FindingInsight;
import dev.tenableconnector.core.decision.SlaStatus;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FindingSeverity;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.emulator.data.EstateSettings;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the inventory decides, on each engine: feeds load as published with their hashes, and the
 * SLA and MTTR figures equal a recomputation written here independently, from the stored history
 * and records and the default policy's numbers.
 */
abstract class DecisionContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  SyncFixture f;
  InventoryStore store;

  abstract InventoryStore openStore();

  @BeforeEach
  void start() {
    f =
        new SyncFixture(
            dir.resolve("emulator"),
            e -> e.estate(EstateSettings.of(31, 150, 8).withScanRate(0.6)));
    store = openStore();
  }

  @AfterEach
  void stop() {
    store.close();
    f.close();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private <T> T sql(String query, SqlRows<T> rows, Object... args) {
    return store
        .sql()
        .write(
            c -> {
              try (PreparedStatement s = c.prepareStatement(query)) {
                for (int i = 0; i < args.length; i++) {
                  s.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = s.executeQuery()) {
                  return rows.read(rs);
                }
              }
            });
  }

  interface SqlRows<T> {
    T read(ResultSet rs) throws java.sql.SQLException;
  }

  @Test
  void feedsLoadAsPublishedWithTheirHashesAndEpssKeepsEachChange() throws Exception {
    ObjectNode catalogue = JSON.createObjectNode();
    catalogue.put("title", "CISA Catalog of Known Exploited Vulnerabilities");
    catalogue.put("catalogVersion", "2026.12.01");
    catalogue.put("dateReleased", "2026-12-01T15:00:00.0000Z");
    ArrayNode list = catalogue.putArray("vulnerabilities");
    for (int i = 1; i <= 3; i++) {
      list.addObject()
          .put("cveID", "CVE-2024-000" + i)
          .put("vendorProject", "Vendor " + i)
          .put("product", "Product ü " + i)
          .put("vulnerabilityName", "Name " + i)
          .put("dateAdded", "2024-0" + i + "-15")
          .put("requiredAction", "Apply updates")
          .put("dueDate", "2024-0" + i + "-29")
          .put("knownRansomwareCampaignUse", i == 1 ? "Known" : "Unknown");
    }
    list.addObject().put("cveID", "not-a-cve").put("dateAdded", "2024-01-01");
    Path kev = dir.resolve("kev.json");
    Files.writeString(kev, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(catalogue));

    Instant now = Instant.parse("2026-12-02T00:00:00Z");
    FeedImport.Result k =
        FeedImport.importFile(store.sql(), FeedImport.Feed.KEV, kev, "kev.json", now);
    assertThat(k.sha256()).isEqualTo(sha256(Files.readAllBytes(kev)));
    assertThat(k.bytes()).isEqualTo(Files.size(kev));
    assertThat(k.records()).isEqualTo(3);
    assertThat(k.rejected()).isEqualTo(1);
    assertThat(k.problems()).singleElement().asString().contains("'not-a-cve' is not a CVE id");
    assertThat(k.version()).isEqualTo("2026.12.01");
    assertThat(k.published()).isEqualTo("2026-12-01");
    Map<String, List<String>> stored =
        sql(
            "SELECT cve_id, date_added, due_date, vendor, product, name, known_ransomware,"
                + " required_action FROM kev_entries ORDER BY cve_id",
            rs -> {
              Map<String, List<String>> out = new TreeMap<>();
              while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 2; i <= 8; i++) {
                  row.add(rs.getString(i));
                }
                out.put(rs.getString(1), row);
              }
              return out;
            });
    assertThat(stored).hasSize(3);
    for (JsonNode v : list) {
      if (v.path("cveID").asText().startsWith("CVE")) {
        assertThat(stored.get(v.path("cveID").asText()))
            .containsExactly(
                v.path("dateAdded").asText(),
                v.path("dueDate").asText(),
                v.path("vendorProject").asText(),
                v.path("product").asText(),
                v.path("vulnerabilityName").asText(),
                v.path("knownRansomwareCampaignUse").asText(),
                v.path("requiredAction").asText());
      }
    }
    assertThat(
            FeedImport.importFile(store.sql(), FeedImport.Feed.KEV, kev, "again", now).unchanged())
        .isTrue();

    Path day1 = dir.resolve("epss-1.csv.gz");
    String scores1 =
        "#model_version:v2025.03.14,score_date:2026-12-01T00:00:00+0000\n"
            + "cve,epss,percentile\n"
            + "CVE-2024-0001,0.94213,0.99912\n"
            + "CVE-2024-0002,0.00043,0.12001\n"
            + "CVE-2024-0003,0.5,0.9\n"
            + "CVE-2024-0004,1.5,0.9\n";
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(day1))) {
      out.write(scores1.getBytes(StandardCharsets.UTF_8));
    }
    FeedImport.Result e1 =
        FeedImport.importFile(store.sql(), FeedImport.Feed.EPSS, day1, "epss-1", now);
    assertThat(e1.sha256()).isEqualTo(sha256(Files.readAllBytes(day1)));
    assertThat(e1.records()).isEqualTo(3);
    assertThat(e1.rejected()).isEqualTo(1);
    assertThat(e1.version()).isEqualTo("v2025.03.14");
    assertThat(e1.published()).isEqualTo("2026-12-01");

    Path day2 = dir.resolve("epss-2.csv");
    Files.writeString(
        day2,
        "#model_version:v2025.03.14,score_date:2026-12-02T00:00:00+0000\n"
            + "cve,epss,percentile\n"
            + "CVE-2024-0001,0.95001,0.99950\n"
            + "CVE-2024-0002,0.00043,0.12001\n");
    FeedImport.importFile(store.sql(), FeedImport.Feed.EPSS, day2, "epss-2", now);
    Map<String, double[]> latest =
        sql(
            "SELECT cve_id, epss, percentile FROM epss_latest",
            rs -> {
              Map<String, double[]> out = new HashMap<>();
              while (rs.next()) {
                out.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
              }
              return out;
            });
    assertThat(latest.get("CVE-2024-0001")).containsExactly(0.95001, 0.99950);
    assertThat(latest.get("CVE-2024-0002")).containsExactly(0.00043, 0.12001);
    assertThat(latest.get("CVE-2024-0003")).containsExactly(0.5, 0.9);
    long changes =
        sql(
            "SELECT COUNT(*) FROM epss_history WHERE cve_id = ?",
            rs -> rs.next() ? rs.getLong(1) : 0,
            "CVE-2024-0001");
    long unchanged =
        sql(
            "SELECT COUNT(*) FROM epss_history WHERE cve_id = ?",
            rs -> rs.next() ? rs.getLong(1) : 0,
            "CVE-2024-0002");
    assertThat(changes).as("a new score is a change").isEqualTo(2);
    assertThat(unchanged).as("the same score again is not").isEqualTo(1);

    Path notKev = dir.resolve("not-kev.json");
    Files.writeString(notKev, "{\"hello\": 1}");
    assertThatThrownBy(
            () -> FeedImport.importFile(store.sql(), FeedImport.Feed.KEV, notKev, "x", now))
        .isInstanceOf(FeedException.class)
        .hasMessageContaining("is not CISA's KEV catalogue");
    assertThat(DecisionTables.threatFacts(store.sql()).kev()).hasSize(3);
    assertThat(DecisionTables.latestSnapshots(store.sql()))
        .extracting(DecisionTables.Snapshot::feed, DecisionTables.Snapshot::published)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("KEV", "2026-12-01"),
            org.assertj.core.groups.Tuple.tuple("EPSS", "2026-12-02"));
  }

  @Test
  void postureCountsWhatIsOpenAndPastDaysNeverChange() {
    assertThat(f.syncInto(store, s -> s).completed()).isTrue();
    InsightRefresh.refresh(store);
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    List<Posture.Day> before = Posture.days(store.sql(), today.minusDays(Posture.DAYS_KEPT));
    assertThat(before).hasSize(Posture.DAYS_KEPT * 5);

    Map<Integer, Long> open =
        sql(
            "SELECT severity, COUNT(*) FROM finding_episodes WHERE closed_ms IS NULL"
                + " GROUP BY severity",
            rs -> {
              Map<Integer, Long> out = new HashMap<>();
              while (rs.next()) {
                out.put(rs.getInt(1), rs.getLong(2));
              }
              return out;
            });
    for (Posture.Day d : before) {
      if (d.day().equals(today)) {
        FindingSeverity s =
            java.util.Arrays.stream(FindingSeverity.values())
                .filter(x -> x.key().equals(d.severity()))
                .findFirst()
                .orElseThrow();
        assertThat(d.open()).as(d.severity()).isEqualTo(open.getOrDefault(s.level(), 0L));
      }
    }
    assertThat(before.stream().mapToLong(Posture.Day::open).sum()).isPositive();
    assertThat(before.stream().mapToLong(Posture.Day::fixed).sum()).isPositive();

    // New assets and changes: the days before today stay as they were.
    f.step(Duration.ofDays(2));
    assertThat(f.syncInto(store, s -> s).completed()).isTrue();
    InsightRefresh.refresh(store);
    List<Posture.Day> after = Posture.days(store.sql(), today.minusDays(Posture.DAYS_KEPT));
    assertThat(after.stream().filter(d -> d.day().isBefore(today)).toList())
        .isEqualTo(before.stream().filter(d -> d.day().isBefore(today)).toList());

    // Once the past is stored only today is counted, by aggregates: the same as the full pass.
    java.time.Instant now = java.time.Instant.now();
    java.time.LocalDate first = today.minusDays(Posture.DAYS_KEPT - 1L);
    int span = Posture.DAYS_KEPT;
    long[][][] full = store.sql().write(c -> Posture.compute(c, first, span, now));
    long[][][] fast = store.sql().write(c -> Posture.today(c, first, span, now));
    for (int m = 0; m < full.length; m++) {
      for (int sev = 1; sev <= 5; sev++) {
        assertThat(fast[m][sev][span - 1])
            .as("measure %d severity %d", m, sev)
            .isEqualTo(full[m][sev][span - 1]);
      }
    }
    assertThat(full[0][4][span - 1] + full[0][5][span - 1]).isPositive();
  }

  @Test
  void slaAndMttrEqualAnIndependentRecomputation() {
    assertThat(f.syncInto(store, s -> s).completed()).isTrue();
    f.step(Duration.ofDays(3));
    assertThat(f.syncInto(store, s -> s).completed()).isTrue();
    f.step(Duration.ofDays(2));
    f.step(Duration.ofDays(2));
    assertThat(f.syncInto(store, s -> s).completed()).isTrue();

    Instant now = Instant.parse("2026-11-20T00:00:00Z");
    InsightRefresh.refresh(store);
    RemediationReport.Report report = RemediationReport.of(store.sql(), now, null, now);

    // MTTR: the mean length of the episodes Tenable reported fixed, per severity at the fix.
    Map<Integer, Double> mttr =
        sql(
            "SELECT severity, AVG((closed_ms - opened_ms) / 86400000.0), COUNT(*)"
                + " FROM finding_episodes WHERE close_reason = 'FIXED' GROUP BY severity",
            rs -> {
              Map<Integer, Double> out = new HashMap<>();
              while (rs.next()) {
                out.put(rs.getInt(1), rs.getDouble(2));
              }
              return out;
            });
    assertThat(mttr).isNotEmpty();
    for (FindingSeverity s : FindingSeverity.values()) {
      Double mine = report.mttrDays().get(s.key());
      Double theirs = mttr.get(s.level());
      if (theirs == null) {
        assertThat(mine).as(s.key()).isNull();
      } else {
        assertThat(mine).as(s.key()).isCloseTo(theirs, within(1e-6));
      }
    }

    // Open, breached and approaching: a finding whose last episode is open, its window counted
    // from first found by the default policy's days.
    Map<String, Integer> days = Map.of("critical", 7, "high", 30, "medium", 60, "low", 180);
    Map<String, Boolean> open =
        sql(
            "SELECT f.external_finding_id, EXISTS (SELECT 1 FROM finding_episodes e WHERE"
                + " e.external_finding_id = f.external_finding_id AND e.closed_ms IS NULL AND"
                + " e.episode = (SELECT MAX(x.episode) FROM finding_episodes x WHERE"
                + " x.external_finding_id = f.external_finding_id)) FROM findings f",
            rs -> {
              Map<String, Boolean> out = new HashMap<>();
              while (rs.next()) {
                out.put(rs.getString(1), rs.getBoolean(2));
              }
              return out;
            });
    Map<String, Long> expectOpen = new HashMap<>();
    Map<String, Long> expectBreached = new HashMap<>();
    Map<String, Long> expectApproaching = new HashMap<>();
    int[] statuses = {0};
    List<String> keys = new ArrayList<>();
    store.forEach(
        Entity.FINDING,
        r -> {
          NormalizedRecord rec = RecordJson.read(Entity.FINDING, r.data());
          String sev = FindingSeverity.ofLevel(rec.integer("findingSeverity")).key();
          if (!open.get(r.key())) {
            return;
          }
          keys.add(r.key());
          expectOpen.merge(sev, 1L, Long::sum);
          Integer d = days.get(sev);
          if (d == null) {
            return;
          }
          Instant due = rec.instant("findingFirstFoundOn").plus(Duration.ofDays(d));
          Instant warn =
              rec.instant("findingFirstFoundOn").plusMillis((long) (d * 86_400_000L * 0.8));
          if (!now.isBefore(due)) {
            expectBreached.merge(sev, 1L, Long::sum);
          } else if (!now.isBefore(warn)) {
            expectApproaching.merge(sev, 1L, Long::sum);
          }
        });
    for (FindingSeverity s : FindingSeverity.values()) {
      assertThat(report.open().get(s.key()))
          .as(s.key())
          .isEqualTo(expectOpen.getOrDefault(s.key(), 0L));
      assertThat(report.breached().get(s.key()))
          .as(s.key())
          .isEqualTo(expectBreached.getOrDefault(s.key(), 0L));
      assertThat(report.approaching().get(s.key()))
          .as(s.key())
          .isEqualTo(expectApproaching.getOrDefault(s.key(), 0L));
    }
    assertThat(expectBreached.values().stream().mapToLong(Long::longValue).sum()).isPositive();

    // Each open finding's stored status says the same at the same moment.
    Map<String, FindingInsight> insights = InsightFields.lookup(store.sql(), keys);
    for (String key : keys) {
      SlaStatus status = insights.get(key).slaStatus(now);
      if (status != null) {
        statuses[0]++;
        assertThat(status).isIn(SlaStatus.WITHIN, SlaStatus.APPROACHING, SlaStatus.BREACHED);
      }
    }
    assertThat(statuses[0]).isPositive();

    // The query language selects the same findings by their derived fields (its now is the
    // wall clock: the windows of this estate all end long before it).
    List<String> breached = new ArrayList<>();
    store.forEach(
        Entity.FINDING,
        null,
        dev.tenableconnector.core.query.InventoryQuery.parse("finding.slaStatus:BREACHED"),
        r -> breached.add(r.key()));
    List<String> expected = new ArrayList<>();
    Map<String, FindingInsight> all = new HashMap<>();
    List<String> every = new ArrayList<>();
    store.forEach(Entity.FINDING, r -> every.add(r.key()));
    all.putAll(InsightFields.lookup(store.sql(), every));
    Instant wall = Instant.now();
    for (String key : every) {
      if (all.get(key).slaStatus(wall) == SlaStatus.BREACHED) {
        expected.add(key);
      }
    }
    assertThat(breached).isNotEmpty().isEqualTo(expected);
    for (String decision : List.of("ACT", "ATTEND", "TRACK_STAR", "TRACK")) {
      List<String> selected = new ArrayList<>();
      store.forEach(
          Entity.FINDING,
          null,
          dev.tenableconnector.core.query.InventoryQuery.parse("finding.priority:" + decision),
          r -> selected.add(r.key()));
      assertThat(selected)
          .as(decision)
          .isEqualTo(
              every.stream().filter(k -> all.get(k).priority().name().equals(decision)).toList());
    }
    // Reasons are stored once and shared: the query reads them through their id.
    List<String> automatable = new ArrayList<>();
    store.forEach(
        Entity.FINDING,
        null,
        dev.tenableconnector.core.query.InventoryQuery.parse(
            "finding.priorityReason:*automatable?yes*"),
        r -> automatable.add(r.key()));
    assertThat(automatable)
        .isNotEmpty()
        .isEqualTo(
            every.stream()
                .filter(k -> all.get(k).priorityReason().contains("automatable yes"))
                .toList());
  }
}

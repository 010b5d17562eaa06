package dev.tenableconnector.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.sync.SyncReport;
import dev.tenableconnector.emulator.data.EstateSettings;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract every engine passes, driven by real syncs from the emulator: what a full, a
 * delta and a repeated import store; a failed run keeping the watermark; chunk transactions; the
 * run lock; paging; two connectors at once. Subclasses give the engine.
 */
abstract class InventoryStoreContract {
  @TempDir Path dir;

  SyncFixture f;
  InventoryStore store;

  /** A fresh, empty store of the engine under test. */
  abstract InventoryStore openStore();

  /** An empty database of the engine under test, to be given the first release's schema. */
  abstract Wave1Database wave1Database();

  /**
   * A database at the schema the first release left ({@code version}, the last migration it
   * shipped), and how to open it as a store (which upgrades it).
   */
  record Wave1Database(
      String url,
      String user,
      String version,
      String migrations,
      java.util.function.Supplier<InventoryStore> store) {
    java.sql.Connection create() throws java.sql.SQLException {
      org.flywaydb.core.Flyway.configure()
          .dataSource(url, user, "")
          .locations("classpath:db/migration/" + migrations)
          .target(version)
          .load()
          .migrate();
      return java.sql.DriverManager.getConnection(url, user, "");
    }
  }

  @BeforeEach
  void start() {
    f = new SyncFixture(dir.resolve("emulator"), e -> e.estate(lively()));
    store = openStore();
  }

  @AfterEach
  void stop() {
    store.close();
    f.close();
  }

  static EstateSettings lively() {
    return EstateSettings.of(11, 150, 8).withScanRate(0.4).withChangeRates(0.05, 0.04, 0.04);
  }

  SyncReport sync() {
    return f.syncInto(store, s -> s);
  }

  static Map<String, String> rows(InventoryStore s, Entity entity, String connector) {
    Map<String, String> out = new LinkedHashMap<>();
    s.forEach(entity, connector, r -> out.put(r.key(), r.data()));
    return out;
  }

  @Test
  void aFullImportStoresWhatTheReferenceStoreStoresAndMovesTheWatermark() {
    SyncReport report = sync();
    assertThat(report.completed()).as(String.valueOf(report.failure())).isTrue();
    assertThat(f.sync().completed()).isTrue(); // the same emulator into the fixture's SQLite file
    for (Entity entity : Entity.values()) {
      assertThat(rows(store, entity, null)).isNotEmpty().isEqualTo(rows(f.store, entity, null));
      assertThat(store.count(entity)).isEqualTo(f.store.count(entity));
      assertThat(report.run().counts(entity).inserted).isEqualTo(store.count(entity));
    }
    assertThat(store.watermark("default")).isPresent();
    assertThat(store.runs("default", 5))
        .hasSize(1)
        .first()
        .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETED));
  }

  @Test
  void aDeltaAfterATimeStepStoresWhatAFreshFullImportStores() {
    assertThat(sync().completed()).isTrue();
    f.step(Duration.ofHours(6));
    SyncReport delta = sync();
    assertThat(delta.run().mode()).isEqualTo(RunMode.DELTA);
    assertThat(delta.completed()).isTrue();
    assertThat(delta.run().counts(Entity.FINDING).fixed + delta.run().counts(Entity.ASSET).deleted)
        .isPositive();

    assertThat(f.sync(s -> s.withFull(true)).completed()).isTrue();
    Map<String, String> fresh = rows(f.store, Entity.FINDING, null);
    Map<String, String> synced = rows(store, Entity.FINDING, null);
    assertThat(synced.keySet()).containsAll(fresh.keySet());
    fresh.forEach((key, data) -> assertThat(synced.get(key)).as(key).isEqualTo(data));
  }

  @Test
  void everyEngineRecordsTheSameHistory() {
    assertThat(sync().completed()).isTrue();
    assertThat(f.sync().completed()).isTrue();
    for (int step = 0; step < 3; step++) {
      for (int scans = 0; scans <= step; scans++) {
        f.step(Duration.ofHours(12));
      }
      assertThat(sync().completed()).isTrue();
      assertThat(f.sync().completed()).isTrue();
    }
    int changed = 0;
    for (String key : rows(f.store, Entity.FINDING, null).keySet()) {
      FindingHistory reference = f.store.history(key).orElseThrow();
      FindingHistory here = store.history(key).orElseThrow();
      assertThat(here).as(key).isEqualTo(reference);
      changed += reference.transitions().size() > 1 ? 1 : 0;
    }
    assertThat(changed).as("findings whose state changed").isPositive();
  }

  @Test
  void theSameImportTwiceChangesNothing() {
    assertThat(sync().completed()).isTrue();
    Map<String, String> before = rows(store, Entity.FINDING, null);
    SyncReport again = f.syncInto(store, s -> s.withFull(true));
    assertThat(again.run().counts(Entity.FINDING).unchanged)
        .isEqualTo(again.run().counts(Entity.FINDING).seen);
    assertThat(
            again.run().counts(Entity.FINDING).inserted
                + again.run().counts(Entity.FINDING).updated)
        .isZero();
    assertThat(again.run().counts(Entity.ASSET).unchanged)
        .isEqualTo(again.run().counts(Entity.ASSET).seen);
    assertThat(rows(store, Entity.FINDING, null)).isEqualTo(before);
  }

  @Test
  void aWave1InventoryUpgradedInPlaceEqualsAFreshImportRecordForRecord() throws Exception {
    assertThat(sync().completed()).isTrue();
    Wave1Database wave1 = wave1Database();
    try (java.sql.Connection c = wave1.create()) {
      Wave1Rows.copy(store, c);
    }
    try (InventoryStore upgraded = wave1.store().get()) {
      for (Entity entity : Entity.values()) {
        assertThat(rows(upgraded, entity, null)).isNotEmpty().isEqualTo(rows(store, entity, null));
        Map<String, String> raws = new LinkedHashMap<>();
        upgraded.forEach(entity, null, r -> raws.put(r.key(), r.raw()));
        store.forEach(
            entity, null, r -> assertThat(raws.get(r.key())).as(r.key()).isEqualTo(r.raw()));
      }
      // History begins with the upgrade: each finding's first transition is its BASELINE state,
      // and its episodes come from Tenable's dates as a fresh import's do.
      store.forEach(
          Entity.FINDING,
          null,
          r -> {
            FindingHistory fresh = store.history(r.key()).orElseThrow();
            FindingHistory kept = upgraded.history(r.key()).orElseThrow();
            assertThat(kept.transitions()).as(r.key()).hasSize(1);
            assertThat(kept.transitions().get(0).flag()).isEqualTo("BASELINE");
            assertThat(kept.transitions().get(0).to()).isEqualTo(fresh.transitions().get(0).to());
            assertThat(kept.episodes()).as(r.key()).isEqualTo(fresh.episodes());
          });
      // The same estate again finds nothing changed: the rewritten rows hash as fresh ones do.
      SyncReport again = f.syncInto(upgraded, s -> s.withFull(true));
      assertThat(again.completed()).isTrue();
      for (Entity entity : Entity.values()) {
        assertThat(again.run().counts(entity).unchanged)
            .as(entity.plural())
            .isEqualTo(again.run().counts(entity).seen)
            .isPositive();
      }
    }
  }

  /**
   * The JSONL export's lines come from the store without parsing (a finding's from its stored
   * pieces): each must be the full form the model writes of the stored record, byte for byte.
   */
  @Test
  void theJsonlExportIsTheFullFormOfEveryStoredRecord() throws Exception {
    assertThat(sync().completed()).isTrue();
    for (Entity entity : Entity.values()) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      long n =
          dev.tenableconnector.core.export.InventoryExporter.export(
              store, entity, dev.tenableconnector.core.export.ExportFormat.JSONL, out);
      List<String> expected = new ArrayList<>();
      store.forEach(
          entity,
          r -> {
            java.io.StringWriter line = new java.io.StringWriter();
            try (com.fasterxml.jackson.core.JsonGenerator g =
                new com.fasterxml.jackson.core.JsonFactory().createGenerator(line)) {
              dev.tenableconnector.core.model.RecordJson.write(
                  g, dev.tenableconnector.core.model.RecordJson.read(entity, r.data()), true);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            expected.add(line.toString());
          });
      assertThat(n).isEqualTo(expected.size()).isPositive();
      List<String> lines = new ArrayList<>();
      for (String line : out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        if (entity == Entity.FINDING) {
          // A finding's line goes on with the derived fields, slaDueAt first.
          int derived = line.lastIndexOf(",\"slaDueAt\":");
          assertThat(derived).as(line).isPositive();
          assertThat(line).contains("\"priority\":\"", "\"inKev\":");
          line = line.substring(0, derived) + "}";
        }
        lines.add(line);
      }
      assertThat(lines).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aFailedRunKeepsTheWatermark() {
    assertThat(sync().completed()).isTrue();
    Instant watermark = store.watermark("default").orElseThrow();
    f.step(Duration.ofHours(6));
    f.emulator.faults().add(FaultRule.parse("job:chunks-failed:export=vulns:times=0"));
    SyncReport failed = sync();
    assertThat(failed.completed()).isFalse();
    assertThat(failed.run().errorCode()).isEqualTo("EXPORT_CHUNKS_FAILED");
    assertThat(store.watermark("default")).contains(watermark);
    assertThat(store.run(failed.run().runId()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void aChunkIsStoredWhollyWithItsProgressOrNotAtAll() {
    long run =
        store.startRun("c1", RunMode.FULL, "assets", "all", "{}", "map", null, Instant.now());
    StoreRow row =
        new StoreRow(
            "asset-1",
            null,
            "web-1",
            "ACTIVE",
            null,
            null,
            "AWS",
            "2026-11-01T00:00:00Z",
            42L,
            "{\"externalAssetId\":\"asset-1\",\"note\":\"tab\\there \\\\ back\"}".getBytes(),
            "{\"id\":\"asset-1\"}".getBytes(),
            null,
            null,
            null);
    try (ChunkTransaction tx = store.beginChunk(run, "export-1", 1, Entity.ASSET)) {
      tx.write(Entity.ASSET, List.of(row), new ChunkCounts());
      tx.rollback();
    }
    assertThat(store.count(Entity.ASSET)).isZero();
    assertThat(store.chunksDone("export-1")).isEmpty();

    ChunkCounts counts = new ChunkCounts();
    try (ChunkTransaction tx = store.beginChunk(run, "export-1", 1, Entity.ASSET)) {
      tx.write(Entity.ASSET, List.of(row, row), counts);
      tx.write(Entity.ASSET, List.of(row), counts); // the same key again, in a later batch
      tx.reject(
          new RejectedRecord(
              Entity.ASSET, "export-1", 1, 7, "updated_at: not a time", "{\"id\":..."));
      tx.commit(counts);
    }
    assertThat(counts.seen).isEqualTo(3);
    assertThat(counts.inserted).isEqualTo(1);
    assertThat(counts.unchanged).isEqualTo(2);
    assertThat(store.chunksDone("export-1")).containsExactly(1);
    assertThat(store.rawRecord(Entity.ASSET, "asset-1")).contains("{\"id\":\"asset-1\"}");
    assertThat(rows(store, Entity.ASSET, "c1"))
        .containsEntry(
            "asset-1", "{\"externalAssetId\":\"asset-1\",\"note\":\"tab\\there \\\\ back\"}");
    assertThat(store.rejected(run, 10))
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo("updated_at: not a time"));

    ChunkCounts again = new ChunkCounts();
    try (ChunkTransaction tx = store.beginChunk(run, "export-1", 2, Entity.ASSET)) {
      tx.write(Entity.ASSET, List.of(row), again);
      tx.commit(again);
    }
    assertThat(again.unchanged).isEqualTo(1);
  }

  @Test
  void oneRunPerConnectorAtATime() {
    try (RunLock lock = store.lock("alpha")) {
      assertThatThrownBy(() -> store.lock("alpha"))
          .isInstanceOf(RunLockedException.class)
          .hasMessageContaining("alpha");
      try (RunLock other = store.lock("beta")) {
        assertThat(other.connector()).isEqualTo("beta");
      }
    }
    try (RunLock again = store.lock("alpha")) {
      assertThat(again.connector()).isEqualTo("alpha");
    }
  }

  @Test
  void pagesAreFilteredSortedAndCounted() {
    assertThat(sync().completed()).isTrue();
    long critical =
        rows(store, Entity.FINDING, null).values().stream()
            .filter(d -> d.contains("\"findingSeverity\":5"))
            .count();
    RecordPage page =
        store.page(
            new PageRequest(
                Entity.FINDING,
                Map.of("findingSeverity", List.of("5")),
                "findingName",
                true,
                0,
                1000));
    assertThat(page.total()).isEqualTo(critical);
    assertThat(page.items())
        .allSatisfy(r -> assertThat(r.data()).contains("\"findingSeverity\":5"));
    List<String> names = new ArrayList<>();
    page.items()
        .forEach(r -> names.add(r.data().replaceAll(".*\"findingName\":\"([^\"]*)\".*", "$1")));
    assertThat(names).isSortedAccordingTo(java.util.Comparator.<String>naturalOrder().reversed());
    RecordPage wildcard =
        store.page(
            new PageRequest(Entity.ASSET, Map.of("assetName", List.of("*")), null, false, 5, 10));
    assertThat(wildcard.items()).hasSizeLessThanOrEqualTo(10);
    assertThat(wildcard.total()).isPositive();
  }

  @Test
  void countsByAFieldAddUpAndFollowTheQuery() {
    assertThat(sync().completed()).isTrue();
    List<InventoryStore.ValueCount> all = store.countBy(Entity.FINDING, "findingSeverity", null);
    assertThat(all.stream().mapToLong(InventoryStore.ValueCount::count).sum())
        .isEqualTo(store.count(Entity.FINDING));
    long critical =
        all.stream()
            .filter(v -> v.value() != null && ((Number) v.value()).intValue() == 5)
            .mapToLong(InventoryStore.ValueCount::count)
            .sum();
    List<InventoryStore.ValueCount> open =
        store.countBy(
            Entity.FINDING,
            "findingSeverity",
            dev.tenableconnector.core.query.InventoryQuery.parse("finding.severity:5"));
    assertThat(open).singleElement().satisfies(v -> assertThat(v.count()).isEqualTo(critical));
    assertThatThrownBy(() -> store.countBy(Entity.ASSET, "colour", null))
        .hasMessageContaining("not a countable field");
  }

  @Test
  void twoConnectorsSyncingAtOnceEachStoreWhatTheyStoreAlone() throws Exception {
    try (SyncFixture other =
        new SyncFixture(dir.resolve("other"), e -> e.estate(EstateSettings.of(12, 150, 8)))) {
      CompletableFuture<SyncReport> a =
          CompletableFuture.supplyAsync(() -> f.syncInto(store, s -> s.withConnector("alpha")));
      CompletableFuture<SyncReport> b =
          CompletableFuture.supplyAsync(() -> other.syncInto(store, s -> s.withConnector("beta")));
      assertThat(a.get().completed()).isTrue();
      assertThat(b.get().completed()).isTrue();
      assertThat(f.sync(s -> s.withConnector("alpha")).completed()).isTrue();
      assertThat(other.sync(s -> s.withConnector("beta")).completed()).isTrue();
      assertThat(rows(store, Entity.FINDING, "alpha"))
          .isEqualTo(rows(f.store, Entity.FINDING, "alpha"));
      assertThat(rows(store, Entity.FINDING, "beta"))
          .isEqualTo(rows(other.store, Entity.FINDING, "beta"));
    }
  }

  @Test
  void queriesSelectWhatTheSameRuleSelectsInJava() throws Exception {
    assertThat(sync().completed()).isTrue();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    Map<String, com.fasterxml.jackson.databind.JsonNode> assets = new LinkedHashMap<>();
    Map<String, com.fasterxml.jackson.databind.JsonNode> findings = new LinkedHashMap<>();
    for (var e : rows(store, Entity.ASSET, null).entrySet()) {
      assets.put(e.getKey(), json.readTree(e.getValue()));
    }
    for (var e : rows(store, Entity.FINDING, null).entrySet()) {
      findings.put(e.getKey(), json.readTree(e.getValue()));
    }
    Instant monthAgo = Instant.now().minus(Duration.ofDays(30));
    Map<String, java.util.function.Predicate<com.fasterxml.jackson.databind.JsonNode>>
        findingQueries =
            Map.of(
                "finding.severity:>=4", f -> f.path("findingSeverity").asInt() >= 4,
                "finding.severity:>=high", f -> f.path("findingSeverity").asInt() >= 4,
                "finding.severity:critical", f -> f.path("findingSeverity").asInt() == 5,
                "OpenSSL",
                    f -> {
                      String needle = "openssl";
                      boolean any = false;
                      for (String field : List.of("findingName", "assetName")) {
                        any |= f.path(field).asText("").toLowerCase().contains(needle);
                      }
                      for (String field : List.of("cveId", "fqdn", "netBiosName")) {
                        for (var v : f.path(field)) {
                          any |= v.asText().toLowerCase().contains(needle);
                        }
                      }
                      return any;
                    },
                "finding.status:FIXED OR finding.status:reopened",
                    f -> List.of("FIXED", "REOPENED").contains(f.path("findingStatus").asText()),
                "finding.cve:CVE-*", f -> f.path("cveId").size() > 0,
                "inventory:(asset.cloud:EC2)",
                    f ->
                        "EC2"
                            .equals(
                                assets
                                    .get(f.path("externalAssetId").asText())
                                    .path("cloudProvider")
                                    .asText(null)),
                "NOT finding.exploitAvailable:true",
                    f -> !f.path("isExploitAvailable").asBoolean(false),
                "finding.lastFound:>=now-30d source:\"Tenable\"",
                    f ->
                        !f.path("findingLastFoundOn").isNull()
                            && Instant.parse(f.path("findingLastFoundOn").asText())
                                    .compareTo(monthAgo)
                                >= 0);
    for (var q : findingQueries.entrySet()) {
      List<String> expected = new ArrayList<>();
      findings.forEach(
          (k, f) -> {
            if (q.getValue().test(f)) {
              expected.add(k);
            }
          });
      List<String> actual = new ArrayList<>();
      store.forEach(
          Entity.FINDING,
          null,
          dev.tenableconnector.core.query.InventoryQuery.parse(q.getKey()),
          r -> actual.add(r.key()));
      assertThat(actual).as(q.getKey()).isEqualTo(expected);
      assertThat(
              store
                  .page(
                      new PageRequest(
                          Entity.FINDING,
                          Map.of(),
                          null,
                          false,
                          0,
                          1,
                          dev.tenableconnector.core.query.InventoryQuery.parse(q.getKey())))
                  .total())
          .as(q.getKey())
          .isEqualTo(expected.size());
    }
    assertThat(findingQueries.keySet().stream().filter(q -> !q.startsWith("NOT"))).isNotEmpty();

    java.util.Set<String> withCritical = new java.util.HashSet<>();
    findings
        .values()
        .forEach(
            f -> {
              if (f.path("findingSeverity").asInt() == 5) {
                withCritical.add(f.path("externalAssetId").asText());
              }
            });
    List<String> expectedAssets = new ArrayList<>();
    assets.forEach(
        (k, a) -> {
          if (withCritical.contains(k) && a.path("criticality").asDouble(0) > 3) {
            expectedAssets.add(k);
          }
        });
    List<String> actualAssets = new ArrayList<>();
    store.forEach(
        Entity.ASSET,
        null,
        dev.tenableconnector.core.query.InventoryQuery.parse(
            "vulnerabilities:(finding.severity:5) asset.criticality:>3"),
        r -> actualAssets.add(r.key()));
    assertThat(actualAssets).isNotEmpty().isEqualTo(expectedAssets);
  }

  @Test
  void twoConnectorsOfOneTenableAccountAreNotSyncedSideBySide() {
    try (RunLock alpha = store.lock("alpha", "account-1")) {
      assertThatThrownBy(() -> store.lock("beta", "account-1"))
          .isInstanceOf(RunLockedException.class)
          .hasMessageContaining("the same Tenable account")
          .hasMessageContaining("one sync per Tenable account");
      try (RunLock other = store.lock("gamma", "account-2");
          RunLock unnamed = store.lock("delta")) {
        assertThat(other.connector()).isEqualTo("gamma"); // another account, or none named, runs
      }
    }
    try (RunLock beta = store.lock("beta", "account-1")) {
      assertThat(beta.connector()).as("free once alpha's run ended").isEqualTo("beta");
    }
  }

  /**
   * A query that makes the engine work hard on a small inventory: each finding's asset's findings ×
   * 150 wildcards.
   */
  static dev.tenableconnector.core.query.InventoryQuery costlyQuery() {
    StringBuilder terms = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      terms
          .append(i == 0 ? "" : " OR ")
          .append("finding.name:*")
          .append((char) ('a' + i % 26))
          .append('*')
          .append(i)
          .append('*');
    }
    return dev.tenableconnector.core.query.InventoryQuery.parse(
        "inventory:(vulnerabilities:(" + terms + "))");
  }

  @Test
  void aReadPastItsBudgetIsStoppedAndItsConnectionServesTheNextRead() {
    assertThat(sync().completed()).isTrue();
    var costly = costlyQuery();
    PageRequest request = new PageRequest(Entity.FINDING, Map.of(), null, false, 0, 10, costly);
    long matching = store.page(request).total(); // without a budget it runs to the end

    for (QueryBudget budget :
        List.of(QueryBudget.of(Duration.ofMillis(2)), QueryBudget.of(Duration.ofNanos(1)))) {
      assertThatThrownBy(() -> store.page(request, budget))
          .isInstanceOfSatisfying(
              QueryStoppedException.class, e -> assertThat(e.overBudget()).isTrue())
          .hasMessageContaining("ran past its time limit")
          .hasMessageContaining("and was stopped");
      assertThatThrownBy(() -> store.countBy(Entity.FINDING, "findingStatus", costly, budget))
          .isInstanceOf(QueryStoppedException.class);
      assertThatThrownBy(() -> store.forEach(Entity.FINDING, null, costly, budget, r -> {}))
          .isInstanceOf(QueryStoppedException.class);
    }
    // Every query connection was handed back with its budget cleared: plenty of reads, no limit
    // hit.
    for (int i = 0; i < 12; i++) {
      assertThat(store.page(request, QueryBudget.of(Duration.ofMinutes(5))).total())
          .isEqualTo(matching);
    }
  }

  @Test
  void anIdleBudgetLetsAStreamRunOnWhileRowsKeepComing() {
    assertThat(sync().completed()).isTrue();
    long[] rows = {0};
    // Each row takes longer than the budget to hand over; the budget counts the engine's time only
    // between rows, so the stream is stopped only if the engine itself is slower than that.
    store.forEach(
        Entity.ASSET,
        null,
        null,
        QueryBudget.idle(Duration.ofSeconds(2)),
        r -> {
          rows[0]++;
        });
    assertThat(rows[0]).isEqualTo(store.count(Entity.ASSET));
    QueryBudget total = QueryBudget.of(Duration.ofMillis(300));
    assertThatThrownBy(() -> store.forEach(Entity.ASSET, null, null, total, r -> sleep(20)))
        .isInstanceOf(QueryStoppedException.class);
    long[] again = {0};
    store.forEach(
        Entity.ASSET,
        null,
        null,
        QueryBudget.idle(Duration.ofMillis(300)),
        r -> {
          sleep(20);
          again[0]++;
        });
    assertThat(again[0]).isEqualTo(store.count(Entity.ASSET));
  }

  @Test
  void stopQueriesEndsEveryRunningReadWithTheReasonGiven() throws Exception {
    assertThat(sync().completed()).isTrue();
    java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    java.util.function.Supplier<CompletableFuture<Throwable>> reader =
        () ->
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    store.forEach(
                        Entity.FINDING,
                        null,
                        null,
                        QueryBudget.unlimited(),
                        r -> {
                          if (reading.getCount() > 0 || stopped.getCount() > 0) {
                            reading.countDown();
                            await(stopped);
                          }
                        });
                    return null;
                  } catch (RuntimeException e) {
                    return e;
                  }
                });
    CompletableFuture<Throwable> first = reader.get();
    CompletableFuture<Throwable> second = reader.get();
    assertThat(reading.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    store.stopQueries("the service is stopping");
    stopped.countDown();
    for (CompletableFuture<Throwable> read : List.of(first, second)) {
      assertThat(read.get(30, java.util.concurrent.TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              QueryStoppedException.class, e -> assertThat(e.overBudget()).isFalse())
          .hasMessage("the query was stopped: the service is stopping");
    }
    // A stop reaches the reads running then, not the ones after.
    assertThat(store.page(new PageRequest(Entity.FINDING, Map.of(), null, false, 0, 5)).items())
        .hasSize(5);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.tenableconnector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.StoreSnapshot;
import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.RejectedRecord;
import dev.tenableconnector.core.store.RunExport;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.RunStatus;
import dev.tenableconnector.emulator.data.EstateSettings;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Tenable (the emulator's fault injection) throws at a sync: transient errors are ridden out,
 * broken exports are started again a bounded number of times, bad records are set aside with a
 * reason, and a run that fails leaves the inventory and the watermark as they were.
 */
class FaultsDuringSyncTest {
  @TempDir Path dir;
  private SyncFixture f;

  @BeforeEach
  void start() {
    f = new SyncFixture(dir, e -> e.estate(EstateSettings.of(3, 200, 6).withScanRate(0.3)));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private void fault(String spec) {
    f.emulator.faults().add(FaultRule.parse(spec));
  }

  @Test
  void transientServerErrorsAndCutOffChunksAreRiddenOut() {
    fault("chunk:503:times=2");
    fault("status:429:retry-after=1");
    fault("chunk:truncate:export=vulns");

    SyncReport report = f.sync();

    assertThat(report.completed()).isTrue();
    try (var fresh =
        dev.tenableconnector.core.store.SqliteInventoryStore.open(dir.resolve("fresh.db"))) {
      f.syncInto(fresh, s -> s);
      assertThat(StoreSnapshot.of(f.store, Entity.FINDING))
          .isEqualTo(StoreSnapshot.of(fresh, Entity.FINDING));
    }
  }

  @Test
  void aChunkServedTwiceWithDifferentContentIsStoredAsItsLastWholeServingOnly() throws Exception {
    // One big chunk (~1,900 findings) cut off after 300 kB on the (gzipped) wire, several hundred
    // records in: records of the first serving reach the chunk's transaction before the cut.
    java.util.function.UnaryOperator<SyncSettings> bigChunks = s -> s.withExportSizes(300, 300);
    try (SyncFixture f =
            new SyncFixture(dir.resolve("twice"), e -> e.estate(EstateSettings.of(3, 300, 10)));
        var truth =
            dev.tenableconnector.core.store.SqliteInventoryStore.open(dir.resolve("truth.db"));
        var later =
            dev.tenableconnector.core.store.SqliteInventoryStore.open(dir.resolve("later.db"))) {
      f.syncInto(truth, bigChunks); // the estate as the export below captures it
      int before = f.emulator.requests().size();
      f.emulator.faults().add(FaultRule.parse("chunk:revised:export=vulns:bytes=300000"));
      java.util.concurrent.atomic.AtomicBoolean moved =
          new java.util.concurrent.atomic.AtomicBoolean();
      // Once the export exists, the estate moves on a day: the first serving of its first chunk
      // is the estate as it is then, the retry the export's own snapshot.
      SyncProgress moveOn =
          new SyncProgress() {
            @Override
            public void exportStatus(
                String phase, dev.tenableconnector.client.export.ExportStatus status) {
              if (phase.equals("vulns") && moved.compareAndSet(false, true)) {
                f.emulator.estate().advance(f.clock.instant().plus(Duration.ofDays(1)));
              }
            }
          };
      SyncReport report =
          new SyncEngine(
                  f.client,
                  f.store,
                  f.map,
                  f.severity,
                  bigChunks.apply(f.settings()),
                  moveOn,
                  f.clock)
              .run();

      assertThat(report.completed()).isTrue();
      assertThat(moved).isTrue();
      List<String> downloads =
          f.emulator.requests().stream()
              .skip(before)
              .filter(r -> r.path().matches("/vulns/export/.*/chunks/1"))
              .map(r -> r.path())
              .toList();
      assertThat(downloads)
          .as("the first chunk, served twice: %s", f.emulator.faults().describe())
          .hasSizeGreaterThanOrEqualTo(2);
      StoreSnapshot stored = StoreSnapshot.of(f.store, Entity.FINDING);
      StoreSnapshot expected = StoreSnapshot.of(truth, Entity.FINDING);
      java.util.Set<String> extra = new java.util.TreeSet<>(stored.data().keySet());
      extra.removeAll(expected.data().keySet());
      java.util.Set<String> missing = new java.util.TreeSet<>(expected.data().keySet());
      missing.removeAll(stored.data().keySet());
      f.emulator
          .requests()
          .forEach(
              r ->
                  System.out.println(
                      "REQ " + r.method() + " " + r.path() + " " + r.status() + " " + r.at()));
      System.out.println(
          "EXTRA "
              + extra.size()
              + " of "
              + stored.data().size()
              + " vs "
              + expected.data().size());
      assertThat(extra).as("stored, not in the export").isEmpty();
      assertThat(missing).as("in the export, not stored").isEmpty();
      assertThat(stored.mismatchesAgainst(expected, true)).isEmpty();
      // The first serving did differ: the estate a day later is not the export's.
      f.syncInto(later, bigChunks);
      assertThat(StoreSnapshot.of(later, Entity.FINDING).mismatchesAgainst(expected, true))
          .isNotEmpty();
    }
  }

  @Test
  void anAssetExportThatTenableReplacesWithAnIdenticalOneIsStartedAgainAndLosesNothing()
      throws Exception {
    // Tenable's description also says an identical asset export cancels the old one.
    try (SyncFixture replacing =
        new SyncFixture(
            dir.resolve("replace"),
            e ->
                e.estate(EstateSettings.of(3, 400, 4))
                    .replaceDuplicateAssetExports(true)
                    .chunkInterval(Duration.ofMillis(300)))) {
      java.util.concurrent.CompletableFuture<SyncReport> run =
          java.util.concurrent.CompletableFuture.supplyAsync(replacing::sync);
      String body = null;
      for (int i = 0; i < 500 && body == null; i++) {
        body =
            replacing.emulator.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/assets/export"))
                .map(r -> r.body())
                .findFirst()
                .orElse(null);
        Thread.sleep(10);
      }
      assertThat(body).as("the sync started its asset export").isNotNull();
      java.net.http.HttpResponse<String> duplicate =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          replacing.emulator.baseUrl().resolve("/assets/export"))
                      .header(
                          "X-ApiKeys",
                          "accessKey="
                              + dev.tenableconnector.emulator.EmulatorConfig.DEFAULT_ACCESS_KEY
                              + ";secretKey="
                              + dev.tenableconnector.emulator.EmulatorConfig.DEFAULT_SECRET_KEY)
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(duplicate.statusCode()).isEqualTo(200);

      RunRecord result = run.get(60, java.util.concurrent.TimeUnit.SECONDS).run();

      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.exports())
          .extracting(RunExport::phase, RunExport::outcome)
          .startsWith(org.assertj.core.groups.Tuple.tuple("assets", "CANCELLED"));
      int live = 0;
      var view = replacing.emulator.estate().view();
      for (int i = 0; i < view.assetCount(); i++) {
        live += view.asset(i).live() ? 1 : 0;
      }
      assertThat(replacing.store.count(dev.tenableconnector.core.model.Entity.ASSET))
          .isEqualTo(live);
    }
  }

  @Test
  void anExportThatFailsOnTenablesSideIsStartedAgain() {
    fault("job:error:export=vulns");

    RunRecord run = f.sync().run();

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.exports())
        .extracting(RunExport::phase, RunExport::status, RunExport::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("assets", RunExport.Status.COMPLETED, "COMPLETED"),
            org.assertj.core.groups.Tuple.tuple("vulns", RunExport.Status.REPLACED, "ERROR"),
            org.assertj.core.groups.Tuple.tuple("vulns", RunExport.Status.COMPLETED, "COMPLETED"));
  }

  @Test
  void aRunThatKeepsFailingStopsAfterItsAttemptsAndDamagesNothing() {
    assertThat(f.sync().completed()).isTrue();
    Instant watermark = f.store.watermark("default").orElseThrow();
    StoreSnapshot before = StoreSnapshot.of(f.store, Entity.FINDING);
    f.step(Duration.ofHours(6));
    fault("job:chunks-failed:export=vulns:times=0");

    SyncReport report = f.sync();

    assertThat(report.completed()).isFalse();
    RunRecord run = report.run();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorCode()).isEqualTo("EXPORT_CHUNKS_FAILED");
    assertThat(run.errorMessage()).contains("did not complete after 3 attempts");
    assertThat(run.remedy()).contains("Run again later");
    assertThat(run.exports().stream().filter(e -> e.phase().equals("vulns"))).hasSize(3);
    assertThat(f.store.watermark("default")).contains(watermark);
    // Whole chunks that did arrive are applied (newer data, each in its own transaction); nothing
    // from before is lost.
    assertThat(StoreSnapshot.of(f.store, Entity.FINDING).data().keySet())
        .containsAll(before.data().keySet());

    f.emulator.faults().clear();
    RunRecord next = f.sync().run();
    assertThat(next.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(next.watermarkBefore())
        .as("the failed run did not move the watermark")
        .isEqualTo(watermark);
  }

  @Test
  void revokedKeysFailTheRunAtOnceWithTheStatusAndRemedy() {
    f.client.close();
    f.client = f.newClient("revoked-access", "revoked-secret");

    SyncReport report = f.sync();

    RunRecord run = report.run();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorCode()).isEqualTo("AUTHENTICATION");
    assertThat(run.tenableStatus()).isEqualTo(401);
    assertThat(run.remedy()).contains("revoked or regenerated");
    assertThat(f.store.watermark("default")).isEmpty();
  }

  @Test
  void badRecordsAreSetAsideWithTheirReasonAndTheRunGoesOn() {
    fault("records:missing-keys:every=50:times=0");
    fault("records:not-an-object:every=70:times=0:export=vulns");

    RunRecord run = f.sync().run();

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    long rejected = run.counts(Entity.ASSET).rejected + run.counts(Entity.FINDING).rejected;
    assertThat(rejected).isPositive();
    List<RejectedRecord> records = f.store.rejected(run.runId(), 10_000);
    assertThat(records).hasSize((int) rejected);
    assertThat(records)
        .anySatisfy(
            r -> {
              assertThat(r.entity()).isEqualTo(Entity.FINDING);
              assertThat(r.reason()).contains("required field externalAssetId has no value");
              assertThat(r.excerpt()).startsWith("{");
            });
    assertThat(records).anySatisfy(r -> assertThat(r.reason()).contains("not a JSON object"));
    assertThat(records).anySatisfy(r -> assertThat(r.entity()).isEqualTo(Entity.ASSET));
    assertThat(f.store.count(Entity.FINDING))
        .isEqualTo(run.counts(Entity.FINDING).inserted)
        .isPositive();
  }

  @Test
  void keysNeverReachTheStore() throws Exception {
    f.sync();
    f.close();
    for (String suffix : new String[] {"", "-wal"}) {
      Path file = Path.of(f.db + suffix);
      if (Files.exists(file)) {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(bytes)
            .doesNotContain("emulator-secret-key")
            .doesNotContain("emulator-access-key");
      }
    }
    f = new SyncFixture(dir.resolve("again"), e -> {});
  }
}

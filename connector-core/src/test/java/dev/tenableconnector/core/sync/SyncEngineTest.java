package dev.tenableconnector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.client.export.VulnExportRequest;
import dev.tenableconnector.core.StoreSnapshot;
import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import dev.tenableconnector.core.store.RunExport;
import dev.tenableconnector.core.store.RunMode;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.RunStatus;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.EstateSettings;
import dev.tenableconnector.emulator.data.FindingState;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full and delta sync against the emulator over HTTP into a real SQLite file: what lands in the
 * store, how runs are recorded, and how the watermark moves.
 */
class SyncEngineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private SyncFixture f;

  private SyncFixture fixture(EstateSettings estate) {
    f = new SyncFixture(dir, e -> e.estate(estate));
    return f;
  }

  /** A lively estate: each step scans 40% of the assets and adds, deletes and terminates some. */
  private static EstateSettings lively() {
    return EstateSettings.of(11, 150, 8).withScanRate(0.4).withChangeRates(0.05, 0.04, 0.04);
  }

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void firstRunIsAFullImportOfEveryLiveAssetAndEveryFinding() {
    fixture(lively());
    SyncReport report = f.sync();

    assertThat(report.completed()).isTrue();
    RunRecord run = report.run();
    assertThat(run.mode()).isEqualTo(RunMode.FULL);
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.watermarkBefore()).isNull();
    assertThat(run.exports()).extracting(RunExport::phase).containsExactly("assets", "vulns");

    SyntheticEstate.View view = f.emulator.estate().view();
    Map<String, AssetState> live = new HashMap<>();
    long findings = 0;
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState a = view.asset(i);
      if (a.live()) {
        live.put(a.uuid(), a);
        findings += view.findings(a).size();
      }
    }
    assertThat(StoreSnapshot.of(f.store, Entity.ASSET).data().keySet()).isEqualTo(live.keySet());
    assertThat(f.store.count(Entity.FINDING))
        .isEqualTo(findings)
        .isEqualTo(run.counts(Entity.FINDING).inserted);
    assertThat(run.counts(Entity.ASSET).inserted).isEqualTo(live.size());
  }

  @Test
  void aFullImportTakesEveryFindingHoweverLongAgoItWasSeenOrFixed() throws Exception {
    // Tenable exports only the last 30 days of findings when no time filter is sent.
    fixture(EstateSettings.of(5, 300, 8));
    Instant now = f.clock.instant();
    RunRecord run = f.sync().run();

    JsonNode vulnRequest = JSON.readTree(run.exports().get(1).request());
    assertThat(vulnRequest.at("/filters/since").asLong())
        .isEqualTo(VulnExportRequest.ALL_HISTORY.getEpochSecond())
        .isPositive();
    SyntheticEstate.View view = f.emulator.estate().view();
    Map<String, FindingState> expected = new HashMap<>();
    int seenLongAgo = 0;
    int fixedLongAgo = 0;
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState a = view.asset(i);
      if (!a.live()) {
        continue;
      }
      for (FindingState x : view.findings(a)) {
        expected.put(a.uuid() + "/" + x.plugin().id() + "/" + x.slot(), x);
        Duration ago = Duration.between(x.active() ? x.lastFound() : x.lastFixed(), now);
        if (x.active() && ago.toDays() > 30 && ago.toDays() <= 720) {
          seenLongAgo++;
        }
        if (!x.active() && ago.toDays() > 30) {
          fixedLongAgo++;
        }
      }
    }
    assertThat(seenLongAgo).as("open findings last seen 31-720 days ago").isGreaterThan(100);
    assertThat(fixedLongAgo).as("findings fixed more than 30 days ago").isGreaterThan(50);
    assertThat(f.store.count(Entity.FINDING)).isEqualTo(expected.size());
    long oldestSeen = Long.MAX_VALUE;
    for (String data : StoreSnapshot.of(f.store, Entity.FINDING).data().values()) {
      String lastFound = JSON.readTree(data).path("findingLastFoundOn").asText("");
      if (!lastFound.isEmpty()) {
        oldestSeen = Math.min(oldestSeen, Instant.parse(lastFound).getEpochSecond());
      }
    }
    assertThat(Duration.between(Instant.ofEpochSecond(oldestSeen), now).toDays())
        .isGreaterThan(400);
  }

  @Test
  void theWatermarkIsWhenTheRunRequestedItsExportsNotWhenItEnded() {
    fixture(lively());
    Instant before = f.clock.instant();
    RunRecord run = f.sync().run();

    Instant assetsRequested = run.exports().get(0).requestedAt();
    assertThat(run.watermarkAfter())
        .isEqualTo(assetsRequested)
        .isAfter(before)
        .isBefore(run.finishedAt());
    assertThat(f.store.watermark("default")).contains(assetsRequested);
  }

  @Test
  void deltaAfterAStepBringsTheStoreToWhatAFreshFullImportSees() throws Exception {
    StoreSnapshot freshAssets;
    fixture(lively());
    f.sync();
    long findingsAfterFull = f.store.count(Entity.FINDING);
    f.step(Duration.ofHours(24));

    RunRecord delta = f.sync().run();

    assertThat(delta.mode()).isEqualTo(RunMode.DELTA);
    assertThat(delta.exports())
        .extracting(RunExport::phase)
        .containsExactly("assets-updated", "assets-deleted", "assets-terminated", "vulns");
    JsonNode vulnRequest = JSON.readTree(delta.exports().get(3).request());
    assertThat(vulnRequest.at("/filters/state"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("OPEN", "REOPENED", "FIXED");
    long watermark = delta.watermarkBefore().minus(SyncSettings.DEFAULT_OVERLAP).getEpochSecond();
    assertThat(vulnRequest.at("/filters/since").asLong()).isEqualTo(watermark);
    assertThat(JSON.readTree(delta.exports().get(0).request()).at("/filters/updated_at").asLong())
        .isEqualTo(watermark);
    assertThat(JSON.readTree(delta.exports().get(1).request()).at("/filters/deleted_at").asLong())
        .isEqualTo(watermark);
    assertThat(
            JSON.readTree(delta.exports().get(2).request()).at("/filters/terminated_at").asLong())
        .isEqualTo(watermark);
    assertThat(delta.counts(Entity.FINDING).seen)
        .as("a delta reads only what changed")
        .isLessThan(findingsAfterFull / 2);

    // New, changed, fixed, reopened, deleted and terminated all happened in this step...
    ChangeCount truth = truth(f.emulator.estate().view());
    assertThat(truth.newAssets).isPositive();
    assertThat(truth.deleted).isPositive();
    assertThat(truth.terminated).isPositive();
    assertThat(truth.fixedThisStep).isPositive();
    assertThat(truth.reopened).isPositive();
    assertThat(delta.counts(Entity.ASSET).deleted).isEqualTo(truth.deleted);
    assertThat(delta.counts(Entity.ASSET).terminated).isEqualTo(truth.terminated);
    assertThat(delta.counts(Entity.FINDING).fixed).isEqualTo(truth.fixedThisStep);

    // ...and the delta store now equals a fresh full import of the same estate, record for record,
    // plus the deleted and terminated assets, kept with their status instead of vanishing.
    try (SqliteInventoryStore fresh = SqliteInventoryStore.open(dir.resolve("fresh.db"))) {
      assertThat(f.syncInto(fresh, s -> s).completed()).isTrue();
      StoreSnapshot freshFindings = StoreSnapshot.of(fresh, Entity.FINDING);
      // Raw records are not compared: a FIXED finding that a delta does not re-read keeps the
      // asset scan times its vuln record had when it was fixed, as Tenable's `since` intends.
      assertThat(StoreSnapshot.of(f.store, Entity.FINDING).mismatchesAgainst(freshFindings, false))
          .isEmpty();
      freshAssets = StoreSnapshot.of(fresh, Entity.ASSET);
    }
    StoreSnapshot syncedAssets = StoreSnapshot.of(f.store, Entity.ASSET);
    assertThat(syncedAssets.mismatchesAgainst(freshAssets, true)).isEmpty();
    for (AssetState a : truth.gone) {
      NormalizedRecord stored = RecordJson.read(Entity.ASSET, syncedAssets.data().get(a.uuid()));
      assertThat(stored.text("assetStatus"))
          .isEqualTo(a.deletedAt() != null ? "DELETED" : "TERMINATED");
    }
    assertThat(syncedAssets.data()).hasSize(freshAssets.data().size() + truth.gone.size());
  }

  @Test
  void aDeltaWhoseDeletedAssetsPostFailsStillSeesEveryDeletion() {
    // The job list holds this delta's assets-updated export and the full run's; neither is the
    // deleted-assets export, so the client must post it again rather than adopt one of them.
    fixture(lively());
    f.sync();
    f.step(Duration.ofHours(24));
    f.emulator.faults().add(FaultRule.parse("start:503:export=assets:after=1"));

    RunRecord delta = f.sync().run();

    assertThat(delta.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(delta.exports()).extracting(RunExport::exportUuid).doesNotHaveDuplicates();
    ChangeCount truth = truth(f.emulator.estate().view());
    assertThat(truth.deleted).isPositive();
    assertThat(delta.counts(Entity.ASSET).deleted).isEqualTo(truth.deleted);
    assertThat(
            f.emulator.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/assets/export"))
                .map(r -> r.status()))
        .containsExactly(200, 200, 503, 200, 200);
  }

  @Test
  void withV2AssetExportsADeltaIsOneAssetExportAndTheInventoryMatchesAV1Import() throws Exception {
    fixture(lively());
    RunRecord full = f.sync(s -> s.withV2Assets(true)).run();
    assertThat(full.exports())
        .extracting(RunExport::phase, RunExport::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("assets", "assets-v2"),
            org.assertj.core.groups.Tuple.tuple("vulns", "vulns"));
    f.step(Duration.ofHours(24));

    RunRecord delta = f.sync(s -> s.withV2Assets(true)).run();

    assertThat(delta.mode()).isEqualTo(RunMode.DELTA);
    assertThat(delta.exports())
        .extracting(RunExport::phase)
        .containsExactly("assets-changed", "vulns");
    assertThat(JSON.readTree(delta.exports().get(0).request()).at("/filters/since").asLong())
        .isEqualTo(delta.watermarkBefore().minus(SyncSettings.DEFAULT_OVERLAP).getEpochSecond());
    ChangeCount truth = truth(f.emulator.estate().view());
    assertThat(delta.counts(Entity.ASSET).deleted).isEqualTo(truth.deleted).isPositive();
    assertThat(delta.counts(Entity.ASSET).terminated).isEqualTo(truth.terminated).isPositive();
    try (SqliteInventoryStore v1 = SqliteInventoryStore.open(dir.resolve("v1.db"))) {
      assertThat(f.syncInto(v1, s -> s).completed()).isTrue();
      StoreSnapshot v1Assets = StoreSnapshot.of(v1, Entity.ASSET);
      StoreSnapshot v2Assets = StoreSnapshot.of(f.store, Entity.ASSET);
      int compared = 0;
      for (Map.Entry<String, String> e : v1Assets.data().entrySet()) {
        com.fasterxml.jackson.databind.node.ObjectNode fromV2 =
            (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(v2Assets.data().get(e.getKey()));
        assertThat(fromV2.path("assetTypes").toString()).isEqualTo("[\"host\"]");
        assertThat(fromV2.path("isPublic").isBoolean()).isTrue();
        fromV2.remove(List.of("assetTypes", "isPublic"));
        com.fasterxml.jackson.databind.node.ObjectNode fromV1 =
            (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(e.getValue());
        fromV1.remove(List.of("assetTypes", "isPublic"));
        assertThat(fromV2).as(e.getKey()).isEqualTo(fromV1);
        compared++;
      }
      assertThat(compared).isPositive();
      assertThat(
              StoreSnapshot.of(f.store, Entity.FINDING)
                  .mismatchesAgainst(StoreSnapshot.of(v1, Entity.FINDING), false))
          .isEmpty();
    }
  }

  /** What the emulator's last step did, from its own model. */
  private record ChangeCount(
      int newAssets,
      int deleted,
      int terminated,
      int fixedThisStep,
      int reopened,
      List<AssetState> gone) {}

  private static ChangeCount truth(SyntheticEstate.View view) {
    Instant stepTime = view.time();
    int newAssets = 0;
    int deleted = 0;
    int terminated = 0;
    int fixed = 0;
    int reopened = 0;
    List<AssetState> gone = new java.util.ArrayList<>();
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState a = view.asset(i);
      if (a.createdAt().equals(stepTime)) {
        newAssets++;
      }
      if (stepTime.equals(a.deletedAt())) {
        deleted++;
        gone.add(a);
      } else if (a.deletedAt() == null && stepTime.equals(a.terminatedAt())) {
        terminated++;
        gone.add(a);
      }
      if (a.live()) {
        for (FindingState finding : view.findings(a)) {
          if ("FIXED".equals(finding.state()) && stepTime.equals(finding.lastFixed())) {
            fixed++;
          }
          if ("REOPENED".equals(finding.state()) && stepTime.equals(finding.lastFound())) {
            reopened++;
          }
        }
      }
    }
    return new ChangeCount(newAssets, deleted, terminated, fixed, reopened, gone);
  }

  @Test
  void theSameExportTwiceLeavesTheSameStore() {
    fixture(lively());
    f.sync();
    StoreSnapshot assets = StoreSnapshot.of(f.store, Entity.ASSET);
    StoreSnapshot findings = StoreSnapshot.of(f.store, Entity.FINDING);

    RunRecord again = f.sync(s -> s.withFull(true)).run();

    assertThat(again.mode()).isEqualTo(RunMode.FULL);
    assertThat(again.counts(Entity.FINDING).unchanged).isEqualTo(findings.data().size());
    assertThat(again.counts(Entity.FINDING).inserted + again.counts(Entity.FINDING).updated)
        .isZero();
    assertThat(again.counts(Entity.ASSET).unchanged).isEqualTo(assets.data().size());
    assertThat(StoreSnapshot.of(f.store, Entity.ASSET)).isEqualTo(assets);
    assertThat(StoreSnapshot.of(f.store, Entity.FINDING)).isEqualTo(findings);
  }

  @Test
  void aDeltaWithNothingChangedChangesNothing() {
    fixture(lively());
    f.sync();
    StoreSnapshot findings = StoreSnapshot.of(f.store, Entity.FINDING);

    RunRecord delta = f.sync().run();

    assertThat(delta.mode()).isEqualTo(RunMode.DELTA);
    assertThat(delta.counts(Entity.FINDING).inserted + delta.counts(Entity.FINDING).updated)
        .isZero();
    assertThat(StoreSnapshot.of(f.store, Entity.FINDING)).isEqualTo(findings);
    assertThat(delta.watermarkAfter()).isAfter(delta.watermarkBefore());
  }

  @Test
  void changingScopeOrFiltersMakesTheNextRunFull() {
    fixture(lively());
    assertThat(f.sync(s -> s.withScope(Scope.ASSETS)).run().mode()).isEqualTo(RunMode.FULL);
    assertThat(f.sync(s -> s.withScope(Scope.ASSETS)).run().mode()).isEqualTo(RunMode.DELTA);

    RunRecord widened = f.sync().run();

    assertThat(widened.mode())
        .as("a delta would miss every finding older than the watermark")
        .isEqualTo(RunMode.FULL);
    assertThat(f.store.count(Entity.FINDING))
        .isEqualTo(widened.counts(Entity.FINDING).inserted)
        .isPositive();
    assertThat(f.sync().run().mode()).isEqualTo(RunMode.DELTA);
  }

  @Test
  void anInventoryTheFirstReleaseSyncedGoesOnWithADeltaAfterTheUpgrade() throws Exception {
    fixture(lively());
    RunRecord full = f.sync().run();
    f.store.close();
    // The plan exactly as the first release stored it: no version, no assetExport member.
    String firstRelease =
        "{\"tenableUrl\":\""
            + f.emulator.baseUrl()
            + "\",\"scope\":\"assets-and-findings\",\"preset\":\"all\",\"severities\":[],"
            + "\"states\":[],\"tags\":{},\"networkId\":null,\"cidrRange\":null,"
            + "\"assetChunkSize\":100,\"vulnNumAssets\":50,\"includeUnlicensed\":true}";
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.db);
        PreparedStatement update =
            c.prepareStatement("UPDATE sync_runs SET settings = ? WHERE run_id = ?")) {
      update.setString(1, firstRelease);
      update.setLong(2, full.runId());
      assertThat(update.executeUpdate()).isOne();
    }
    f.store = SqliteInventoryStore.open(f.db);
    f.step(Duration.ofDays(1));

    RunRecord delta = f.sync().run();

    assertThat(delta.mode()).isEqualTo(RunMode.DELTA);
    assertThat(delta.watermarkBefore()).isEqualTo(full.watermarkAfter());
    assertThat(RunPlan.parse(delta.settings()))
        .as("stored in today's layout from then on")
        .contains(f.settings().plan());
    assertThat(delta.settings()).contains("\"planVersion\":" + RunPlan.VERSION);
  }

  @Test
  void changingExportSizesKeepsTheNextRunADelta() {
    fixture(lively());
    f.sync();
    f.step(Duration.ofDays(1));

    RunRecord delta = f.sync(s -> s.withExportSizes(250, 100)).run();

    assertThat(delta.mode())
        .as("chunk sizes cut the same records differently; they do not change which come")
        .isEqualTo(RunMode.DELTA);
    assertThat(delta.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(delta.counts(Entity.FINDING).seen).isPositive();
  }

  @Test
  void assetsScopeSyncsNoFindings() {
    fixture(lively());
    RunRecord run = f.sync(s -> s.withScope(Scope.ASSETS)).run();

    assertThat(run.exports()).extracting(RunExport::phase).containsExactly("assets");
    assertThat(f.store.count(Entity.ASSET)).isPositive();
    assertThat(f.store.count(Entity.FINDING)).isZero();
    assertThat(f.emulator.requests()).noneMatch(r -> r.path().startsWith("/vulns"));
  }

  @Test
  void exposureManagementPresetKeepsRecentAssetsAndOnlyCveFindings() throws Exception {
    fixture(lively());
    RunRecord run = f.sync(s -> s.withPreset(Preset.EXPOSURE_MANAGEMENT)).run();

    long ninetyDaysAgo = run.startedAt().minus(Duration.ofDays(90)).getEpochSecond();
    assertThat(JSON.readTree(run.exports().get(0).request()).at("/filters/updated_at").asLong())
        .isBetween(ninetyDaysAgo - 5, ninetyDaysAgo + 5);
    assertThat(run.counts(Entity.FINDING).filtered)
        .as("findings without a CVE are left out")
        .isPositive();
    f.store.forEach(
        Entity.FINDING,
        r -> assertThat(RecordJson.read(Entity.FINDING, r.data()).strings("cveId")).isNotEmpty());
  }

  @Test
  void tenableSideFiltersGoIntoTheExportRequests() throws Exception {
    fixture(lively());
    SyncFilters filters =
        new SyncFilters(
            java.util.EnumSet.of(
                dev.tenableconnector.client.export.Severity.HIGH,
                dev.tenableconnector.client.export.Severity.CRITICAL),
            java.util.EnumSet.of(dev.tenableconnector.client.export.VulnState.OPEN),
            Map.of("Environment", List.of("Production")),
            null,
            "10.0.0.0/8");
    RunRecord run = f.sync(s -> s.withFilters(filters)).run();

    JsonNode assets = JSON.readTree(run.exports().get(0).request());
    JsonNode vulns = JSON.readTree(run.exports().get(1).request());
    assertThat(assets.at("/filters/tag.Environment/0").asText()).isEqualTo("Production");
    assertThat(vulns.at("/filters/severity"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("high", "critical");
    assertThat(vulns.at("/filters/state")).extracting(JsonNode::asText).containsExactly("OPEN");
    assertThat(vulns.at("/filters/cidr_range").asText()).isEqualTo("10.0.0.0/8");
    f.store.forEach(
        Entity.FINDING,
        r -> {
          NormalizedRecord finding = RecordJson.read(Entity.FINDING, r.data());
          assertThat(finding.integer("findingSeverity")).isGreaterThanOrEqualTo(4L);
          assertThat(finding.text("findingStatus")).isEqualTo("OPEN");
        });
    assertThat(f.store.count(Entity.FINDING)).isPositive();
  }
}

package dev.tenableconnector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.EstateSettings;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview of a first sync against emulator estates of known size: the findings estimate is
 * within 15 % of what a sync imports, nothing is stored, and the throwaway export is cancelled on
 * Tenable's side.
 */
class ExportPreviewTest {
  @TempDir Path dir;
  private SyncFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void theEstimateIsWithinFifteenPercentNothingIsStoredAndTheExportIsCancelled() throws Exception {
    f =
        new SyncFixture(
            dir,
            e -> e.estate(EstateSettings.of(37, 600, 12)).chunkInterval(Duration.ofMillis(300)));
    SyntheticEstate.View view = f.emulator.estate().view();
    long findings = 0;
    long assets = 0;
    long withFindings = 0;
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState a = view.asset(i);
      if (a.live()) {
        assets++;
        findings += view.findings(a).size();
        withFindings += view.findings(a).isEmpty() ? 0 : 1;
      }
    }
    ExportPreview.Estimate e =
        ExportPreview.estimate(
            f.client, f.settings().withExportSizes(100, 50), Duration.ofSeconds(60), f.clock);

    assertThat(e.sampledChunks()).isBetween(1, 3);
    assertThat((double) e.findings())
        .isCloseTo(findings, org.assertj.core.data.Percentage.withPercentage(15));
    assertThat((double) e.assetsWithFindings())
        .isCloseTo(withFindings, org.assertj.core.data.Percentage.withPercentage(15));
    assertThat(e.exact()).isFalse();
    assertThat(e.assets()).isGreaterThanOrEqualTo(assets).isLessThan(assets + 51);
    assertThat(e.tenableBytes()).isPositive();
    assertThat(e.storedBytes()).isEqualTo(e.findings() * ExportPreview.STORED_BYTES_PER_FINDING);
    assertThat(e.how()).contains("chunks of up to 51 assets", "sample", "cancelled");
    assertThat(e.cancelled()).isTrue();
    assertThat(f.emulator.requests())
        .anySatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).isEqualTo("/vulns/export/" + e.exportUuid() + "/cancel");
            });
    assertThat(
            f.client
                .exportStatus(dev.tenableconnector.client.export.ExportKind.VULNS, e.exportUuid())
                .state())
        .isEqualTo(dev.tenableconnector.client.export.ExportState.CANCELLED);
    assertThat(f.store.count(Entity.FINDING)).isZero();
    assertThat(f.store.runs(null, 5)).isEmpty();
  }

  @Test
  void aSmallEstateReadWholeIsCountedNotEstimated() throws Exception {
    f = new SyncFixture(dir, e -> e.estate(EstateSettings.of(11, 40, 6)));
    SyntheticEstate.View view = f.emulator.estate().view();
    long findings = 0;
    long withFindings = 0;
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState a = view.asset(i);
      if (a.live()) {
        findings += view.findings(a).size();
        withFindings += view.findings(a).isEmpty() ? 0 : 1;
      }
    }
    ExportPreview.Estimate e =
        ExportPreview.estimate(f.client, f.settings(), Duration.ofSeconds(60), f.clock);

    assertThat(e.exact()).isTrue();
    assertThat(e.findings()).isEqualTo(findings);
    assertThat(e.assetsWithFindings()).isEqualTo(withFindings);
    assertThat(e.how()).contains("counted, not estimated");
    assertThat(f.store.count(Entity.FINDING)).isZero();
  }
}

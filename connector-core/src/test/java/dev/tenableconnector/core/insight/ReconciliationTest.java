package dev.tenableconnector.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.client.model.WorkbenchCounts;
import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.EstateSettings;
import dev.tenableconnector.emulator.data.FindingState;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciliation against the emulator's workbench (GET /workbenches/vulnerabilities over HTTP):
 * each step equals what the emulator's estate really holds, and nothing is left unexplained.
 */
class ReconciliationTest {
  @TempDir Path dir;
  private SyncFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  private static Map<String, Long> steps(Reconciliation.Report r) {
    Map<String, Long> out = new HashMap<>();
    r.steps().forEach(s -> out.put(s.step(), s.count()));
    return out;
  }

  @Test
  void everyStepIsTheEstatesOwnCountAndNothingIsLeftUnexplained() {
    f =
        new SyncFixture(
            dir,
            e ->
                e.estate(
                    EstateSettings.of(29, 300, 8)
                        .withScanRate(0.5)
                        .withChangeRates(0.05, 0.04, 0.04)));
    assertThat(f.sync().completed()).isTrue();
    f.step(Duration.ofDays(2));
    assertThat(f.sync().completed()).isTrue();

    Instant now = f.clock.instant();
    WorkbenchCounts tenable = f.client.workbenchVulnerabilities(30);
    Reconciliation.Report r = Reconciliation.of(f.store, "default", tenable, now);
    Map<String, Long> s = steps(r);

    // The estate's own counts, from the emulator's view of this step.
    SyntheticEstate.View view = f.emulator.estate().view();
    Instant since = view.time().minus(Duration.ofDays(30));
    long unlicensed = 0;
    long outside = 0;
    long accepted = 0;
    long counted = 0;
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState a = view.asset(i);
      if (!a.live()) {
        continue;
      }
      for (FindingState x : view.findings(a)) {
        if (!x.active()) {
          continue;
        }
        if (!a.identity().licensed()) {
          unlicensed++;
        } else if (x.lastFound().isBefore(since)) {
          outside++;
        } else if ("ACCEPTED".equals(x.modificationType())) {
          accepted++;
        } else {
          counted++;
        }
      }
    }
    assertThat(s.get("unlicensed")).isEqualTo(-unlicensed).isNegative();
    assertThat(s.get("window")).isEqualTo(-outside).isNegative();
    assertThat(s.get("accepted")).isEqualTo(-accepted);
    assertThat(s.get("assetRemoved"))
        .as("assets deleted or terminated since the full sync")
        .isNegative();
    assertThat(tenable.findings()).isEqualTo(counted);
    assertThat(r.expected()).isEqualTo(counted);
    assertThat(r.unexplained()).isZero();
    assertThat(r.toJson().path("steps").size()).isEqualTo(7);
  }

  @Test
  void aRecordSetAsideIsCountedAsRejectedAndAFilterAsTheFilter() {
    f = new SyncFixture(dir, e -> e.estate(EstateSettings.of(31, 200, 6)));
    f.emulator.faults().add(FaultRule.parse("records:missing-keys:every=20:export=vulns"));
    assertThat(
            f.sync(
                    s ->
                        s.withFilters(
                            new dev.tenableconnector.core.sync.SyncFilters(
                                java.util.Set.of(
                                    dev.tenableconnector.client.export.Severity.HIGH,
                                    dev.tenableconnector.client.export.Severity.CRITICAL),
                                java.util.Set.of(),
                                Map.of(),
                                null,
                                null)))
                .completed())
        .isTrue();
    WorkbenchCounts tenable = f.client.workbenchVulnerabilities(30);
    Reconciliation.Report r = Reconciliation.of(f.store, "default", tenable, f.clock.instant());
    Map<String, Long> s = steps(r);
    assertThat(s.get("rejected")).as(f.store.runs("default", 5).toString()).isPositive();
    long leftOut =
        tenable.plugins().stream().filter(p -> p.severity() < 3).mapToLong(p -> p.count()).sum();
    assertThat(s.get("severityFilter")).isEqualTo(leftOut).isPositive();
    // A set-aside record may have been a fixed or old finding the workbench does not count.
    assertThat(Math.abs(r.unexplained())).isLessThanOrEqualTo(s.get("rejected"));
  }
}

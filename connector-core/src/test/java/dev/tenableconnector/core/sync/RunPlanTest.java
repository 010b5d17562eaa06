package dev.tenableconnector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.client.export.Severity;
import dev.tenableconnector.client.export.VulnState;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPlanTest {
  private static final String URL = "https://cloud.tenable.com";

  @Test
  void aPlanTheFirstReleaseStoredReadsAsThePlanMadeTodayFromTheSameSettings() {
    SyncSettings settings =
        SyncSettings.defaults(URL)
            .withFilters(
                new SyncFilters(
                    EnumSet.of(Severity.HIGH, Severity.CRITICAL),
                    EnumSet.of(VulnState.OPEN),
                    Map.of("Location", List.of("Paris", "Berlin")),
                    null,
                    null));
    String firstRelease =
        "{\"tenableUrl\":\"https://cloud.tenable.com\",\"scope\":\"assets-and-findings\","
            + "\"preset\":\"all\",\"severities\":[\"CRITICAL\",\"HIGH\"],\"states\":[\"OPEN\"],"
            + "\"tags\":{\"Location\":[\"Berlin\",\"Paris\"]},\"networkId\":null,"
            + "\"cidrRange\":null,\"assetChunkSize\":1000,\"vulnNumAssets\":500,"
            + "\"includeUnlicensed\":true}";

    assertThat(RunPlan.parse(firstRelease)).contains(settings.plan());
    assertThat(
            RunPlan.parse(
                firstRelease.substring(0, firstRelease.length() - 1) + ",\"assetExport\":\"v2\"}"))
        .hasValueSatisfying(
            v2 -> {
              assertThat(v2.v2Assets()).isTrue();
              assertThat(v2.tags()).isEqualTo(settings.plan().tags());
            });
  }

  @Test
  void todaysLayoutReadsBackAsTheSamePlan() {
    RunPlan plan = SyncSettings.defaults(URL).withV2Assets(true).withExportSizes(10, 5).plan();

    assertThat(RunPlan.parse(plan.toJson())).contains(plan);
    assertThat(plan.toJson()).startsWith("{\"planVersion\":" + RunPlan.VERSION + ",");
  }

  @Test
  void exportSizesChangeThePlanButNotTheRecordsItGets() {
    RunPlan plan = SyncSettings.defaults(URL).plan();
    RunPlan resized = SyncSettings.defaults(URL).withExportSizes(10, 5).plan();
    RunPlan narrowed = SyncSettings.defaults(URL).withScope(Scope.ASSETS).plan();

    assertThat(resized).isNotEqualTo(plan);
    assertThat(resized.sameRecordsAs(plan)).isTrue();
    assertThat(narrowed.sameRecordsAs(plan)).isFalse();
    assertThat(SyncSettings.defaults(URL).withV2Assets(true).plan().sameRecordsAs(plan)).isFalse();
  }

  @Test
  void whatIsNotAPlanThisReleaseKnowsIsNoPlan() {
    assertThat(RunPlan.parse("{\"remap\":true}")).isEmpty();
    assertThat(RunPlan.parse(null)).isEmpty();
    assertThat(RunPlan.parse("not json")).isEmpty();
    assertThat(RunPlan.parse("{\"scope\":\"everything\"}")).isEmpty();
    assertThat(
            RunPlan.parse(
                SyncSettings.defaults(URL)
                    .plan()
                    .toJson()
                    .replace("\"planVersion\":" + RunPlan.VERSION, "\"planVersion\":99")))
        .as("a newer release's plan")
        .isEmpty();
  }
}

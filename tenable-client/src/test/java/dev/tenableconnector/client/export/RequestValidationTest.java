package dev.tenableconnector.client.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestValidationTest {

  @Test
  void shouldRefuseAnAssetChunkSizeOutsideTheApiLimitsAndV2FiltersOnV1() {
    assertThatThrownBy(
            () ->
                AssetExportRequest.builder()
                    .chunkSize(50)
                    .since(Instant.EPOCH)
                    .tag("", List.of())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunk_size: must be between 100 and 10000 (was 50)")
        .hasMessageContaining("only the v2 asset export")
        .hasMessageContaining("tag: needs a category");
  }

  @Test
  void shouldReportEveryVulnRuleBrokenAtOnce() {
    assertThatThrownBy(
            () ->
                VulnExportRequest.builder()
                    .numAssets(10_000)
                    .since(Instant.EPOCH)
                    .lastFixed(Instant.EPOCH)
                    .firstFound(Instant.EPOCH)
                    .vprScore(new ScoreRange(List.of(5.0), List.of(), null, 4.0, null, null))
                    .cveIds(List.of("CVE-2021-44228", "log4shell"))
                    .cidrRange("10.0.0.0")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("num_assets: must be between 50 and 5000 (was 10000)")
        .hasMessageContaining("since: cannot be combined with first_found")
        .hasMessageContaining("since: cannot be combined with last_fixed")
        .hasMessageContaining("last_fixed: requires a state filter")
        .hasMessageContaining("vpr_score: eq cannot be combined with gt/gte/lt/lte")
        .hasMessageContaining("cve_id: not a CVE id: log4shell")
        .hasMessageContaining("cidr_range: not a CIDR range: 10.0.0.0");
  }

  @Test
  void shouldRefuseTagFiltersOnV2AndBigChunksWithResourceTags() {
    assertThatThrownBy(
            () ->
                AssetExportRequest.builder()
                    .v2()
                    .chunkSize(5000)
                    .includeResourceTags(true)
                    .tag("Location", List.of("Lisbon"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag: the v2 asset export does not support tag.<category> filters")
        .hasMessageContaining("chunk_size: at most 1000 with include_resource_tags (was 5000)");
    assertThat(
            AssetExportRequest.builder().chunkSize(1000).includeResourceTags(true).build().body())
        .containsEntry("chunk_size", 1000);
  }

  @Test
  void shouldRefuseSinceWithFirstSeenOrLastSeenAndTimeToFixWithoutFixed() {
    assertThatThrownBy(
            () ->
                VulnExportRequest.builder()
                    .since(Instant.EPOCH)
                    .firstSeen(Instant.EPOCH)
                    .lastSeen(Instant.EPOCH)
                    .state(List.of(VulnState.OPEN))
                    .timeTakenToFix(java.time.Duration.ofDays(1), null)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("since: cannot be combined with first_seen")
        .hasMessageContaining("since: cannot be combined with last_seen")
        .hasMessageContaining("time_taken_to_fix: exports FIXED findings only");
  }

  @Test
  void shouldKnowWhetherAVulnExportEscapesTenablesDefault30DayWindow() {
    assertThat(VulnExportRequest.builder().build().hasTimeFilter()).isFalse();
    assertThat(VulnExportRequest.builder().allHistory().build().hasTimeFilter()).isTrue();
    assertThat(VulnExportRequest.builder().allHistory().build().filters())
        .containsEntry("since", 1_000_000_000L);
    assertThat(
            VulnExportRequest.builder()
                .state(List.of(VulnState.FIXED))
                .lastFixed(Instant.ofEpochSecond(1_700_000_000L))
                .build()
                .hasTimeFilter())
        .isTrue();
  }

  @Test
  void shouldSendOnlyWhatWasSet() {
    VulnExportRequest request = VulnExportRequest.builder().build();

    assertThat(request.body()).isEqualTo(Map.of("num_assets", 500));
    assertThat(request.filters()).isEmpty();
    assertThat(AssetExportRequest.builder().build().body()).isEqualTo(Map.of("chunk_size", 1000));
  }
}

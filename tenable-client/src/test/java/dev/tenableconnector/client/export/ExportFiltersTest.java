package dev.tenableconnector.client.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.client.EmulatorFixture;
import dev.tenableconnector.client.model.TenableAsset;
import dev.tenableconnector.client.model.TenableFinding;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.EstateSettings;
import dev.tenableconnector.emulator.data.FindingState;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import dev.tenableconnector.testsupport.ManualClock;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every filter a connector relies on, sent by the typed request builders and honoured by the
 * emulator, across a time step in which assets are scanned, deleted, terminated and added.
 */
class ExportFiltersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(T0);
  private EmulatorFixture f;

  @BeforeEach
  void startEmulatorAndMoveOneStep() {
    f =
        EmulatorFixture.start(
            e ->
                e.clock(clock)
                    .estate(
                        EstateSettings.of(7, 400, 6)
                            .withScanRate(0.2)
                            .withChangeRates(0.02, 0.05, 0.05)));
    clock.advance(Duration.ofHours(6));
    f.emulator.advance();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private SyntheticEstate.View view() {
    return f.emulator.estate().view();
  }

  private Set<String> expectedAssets(Predicate<AssetState> wanted) {
    Set<String> ids = new HashSet<>();
    SyntheticEstate.View view = view();
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState a = view.asset(i);
      if (wanted.test(a)) {
        ids.add(a.uuid());
      }
    }
    return ids;
  }

  private Set<String> exportedAssets(AssetExportRequest request) {
    StagingCollector<TenableAsset> assets = new StagingCollector<>();
    ExportResult result = f.client.export(request, assets, ExportListener.NONE);
    assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
    Set<String> ids = new HashSet<>();
    assets.all().forEach(a -> ids.add(a.id()));
    return ids;
  }

  private List<TenableFinding> exportedFindings(VulnExportRequest request) {
    StagingCollector<TenableFinding> findings = new StagingCollector<>();
    ExportResult result = f.client.export(request, findings, ExportListener.NONE);
    assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
    return findings.all();
  }

  private int expectedFindings(Predicate<AssetState> asset, Predicate<FindingState> finding) {
    SyntheticEstate.View view = view();
    int n = 0;
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState a = view.asset(i);
      if (a.live() && asset.test(a)) {
        n += (int) view.findings(a).stream().filter(finding).count();
      }
    }
    return n;
  }

  @Test
  void shouldSendEveryDocumentedAssetFilterInTheApiShape() throws Exception {
    AssetExportRequest request =
        AssetExportRequest.builder()
            .chunkSize(1000)
            .includeOpenPorts(true)
            .includeResourceTags(true)
            .createdAfter(Instant.ofEpochSecond(1735689600))
            .updatedAfter(Instant.ofEpochSecond(1738368000))
            .terminatedAfter(Instant.ofEpochSecond(1730419200))
            .deletedAfter(Instant.ofEpochSecond(1730419200))
            .firstScanAfter(Instant.ofEpochSecond(1704067200))
            .lastAuthenticatedScanAfter(Instant.ofEpochSecond(1735689600))
            .lastAssessedAfter(Instant.ofEpochSecond(1735689600))
            .terminated(false)
            .deleted(false)
            .licensed(true)
            .hasPluginResults(true)
            .hasServicenowSysid(false)
            .sources(List.of("NESSUS_SCAN", "NESSUS_AGENT"))
            .networkId("00000000-0000-0000-0000-000000000000")
            .lastScanId("5b1f0e8c-7a41-4f1e-9d9b-0c2b7e6a1d33")
            .tag("Location", List.of("Lisbon", "Porto"))
            .tag("Business_Unit", List.of("Payments"))
            .build();

    assertThat(JSON.readTree(JSON.writeValueAsBytes(request.body())))
        .isEqualTo(spec("asset-export-request-v1.json"));
  }

  @Test
  void shouldSendEveryDocumentedVulnFilterInTheApiShape() throws Exception {
    VulnExportRequest request =
        VulnExportRequest.builder()
            .numAssets(500)
            .includeUnlicensed(false)
            .since(Instant.ofEpochSecond(1738368000))
            .state(EnumSet.allOf(VulnState.class))
            .severity(List.of(Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL))
            .severityModificationType(List.of("none", "recasted", "accepted"))
            .pluginFamilies(
                List.of("Windows : Microsoft Bulletins", "Ubuntu Local Security Checks"))
            .pluginIds(List.of(10180L, 156032L))
            .pluginType("local")
            .vprScore(ScoreRange.atLeast(4.0))
            .cidrRange("10.20.0.0/16")
            .networkId("00000000-0000-0000-0000-000000000000")
            .source(List.of("NESSUS", "AGENT"))
            .tag("Environment", List.of("Production"))
            .build();

    assertThat(JSON.readTree(JSON.writeValueAsBytes(request.body())))
        .isEqualTo(spec("vuln-export-request.json"));
  }

  @Test
  void shouldExportLiveAssetsOnlyByDefault() {
    assertThat(exportedAssets(AssetExportRequest.builder().build()))
        .isEqualTo(expectedAssets(AssetState::live))
        .isNotEmpty();
  }

  @Test
  void shouldExportAssetsUpdatedSinceAWatermark() {
    assertThat(exportedAssets(AssetExportRequest.builder().updatedAfter(T0).build()))
        .isEqualTo(expectedAssets(a -> a.live() && !a.updatedAt().isBefore(T0)))
        .isNotEmpty();
  }

  @Test
  void shouldExportDeletedAssetsOnlyWhenAsked() {
    Set<String> deleted = exportedAssets(AssetExportRequest.builder().deletedAfter(T0).build());

    assertThat(deleted)
        .isEqualTo(expectedAssets(a -> a.deletedAt() != null && !a.deletedAt().isBefore(T0)))
        .isNotEmpty();
    assertThat(exportedAssets(AssetExportRequest.builder().deleted(true).build()))
        .isEqualTo(expectedAssets(a -> a.deletedAt() != null))
        .containsAll(deleted);
  }

  @Test
  void shouldExportTerminatedAssetsOnlyWhenAsked() {
    assertThat(exportedAssets(AssetExportRequest.builder().terminatedAfter(T0).build()))
        .isEqualTo(expectedAssets(a -> a.terminatedAt() != null && !a.terminatedAt().isBefore(T0)))
        .isNotEmpty();
  }

  @Test
  void shouldExportEverythingThatChangedSinceWithTheV2Since() {
    assertThat(exportedAssets(AssetExportRequest.builder().v2().since(T0).build()))
        .isEqualTo(expectedAssets(a -> !a.updatedAt().isBefore(T0)))
        .containsAll(expectedAssets(a -> a.deletedAt() != null && !a.deletedAt().isBefore(T0)));
  }

  @Test
  void shouldReadNestedV2AssetRecordsIntoTheSameModelAsV1() {
    StagingCollector<TenableAsset> v2 = new StagingCollector<>();
    StagingCollector<TenableAsset> v1 = new StagingCollector<>();
    f.client.export(
        AssetExportRequest.builder().v2().since(Instant.ofEpochSecond(1_000_000_000L)).build(),
        v2,
        ExportListener.NONE);
    f.client.export(
        AssetExportRequest.builder().deleted(true).build(),
        new StagingCollector<>(),
        ExportListener.NONE);
    f.client.export(AssetExportRequest.builder().build(), v1, ExportListener.NONE);

    java.util.Map<String, TenableAsset> byId = new java.util.HashMap<>();
    v1.all().forEach(a -> byId.put(a.id(), a));
    assertThat(v2.all())
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.raw().has("timestamps")).isTrue();
              assertThat(a.types()).containsExactly("host");
              assertThat(a.isLicensed()).isNotNull();
              TenableAsset same = byId.get(a.id());
              if (same != null) {
                assertThat(a.updatedAt()).isEqualTo(same.updatedAt());
                assertThat(a.ipv4s()).isEqualTo(same.ipv4s());
                assertThat(a.networkId()).isEqualTo(same.networkId());
                assertThat(a.cloud()).isEqualTo(same.cloud());
                assertThat(a.acrScore()).isEqualTo(same.acrScore());
              }
            });
    assertThat(v2.all()).anySatisfy(a -> assertThat(a.isPublic()).isTrue());
  }

  @Test
  void shouldExportAssetsCarryingATag() {
    Set<String> lisbon =
        exportedAssets(AssetExportRequest.builder().tag("Location", List.of("Lisbon")).build());

    assertThat(lisbon)
        .isEqualTo(expectedAssets(a -> a.live() && "Lisbon".equals(a.identity().tag(1))))
        .isNotEmpty();
  }

  @Test
  void shouldExportFindingsSeenOrFixedSinceAWatermarkWithAllStates() {
    List<TenableFinding> delta =
        exportedFindings(
            VulnExportRequest.builder()
                .since(T0)
                .state(EnumSet.allOf(VulnState.class))
                .includeUnlicensed(true)
                .build());

    Predicate<FindingState> changed =
        x -> x.active() ? !x.lastFound().isBefore(T0) : !x.lastFixed().isBefore(T0);
    assertThat(delta).hasSize(expectedFindings(a -> true, changed));
    assertThat(delta).extracting(TenableFinding::state).contains("FIXED", "OPEN");
    assertThat(delta)
        .allSatisfy(
            x ->
                assertThat("FIXED".equals(x.state()) ? x.lastFixed() : x.lastFound())
                    .isAfterOrEqualTo(T0));
  }

  @Test
  void shouldLeaveFixedFindingsOutOfADeltaWithoutAStateFilter() {
    List<TenableFinding> delta =
        exportedFindings(VulnExportRequest.builder().since(T0).includeUnlicensed(true).build());

    assertThat(delta).isNotEmpty().noneMatch(x -> "FIXED".equals(x.state()));
  }

  @Test
  void shouldLeaveUnlicensedAssetsOutUnlessAsked() {
    int licensedOnly = exportedFindings(VulnExportRequest.builder().allHistory().build()).size();

    assertThat(licensedOnly)
        .isEqualTo(expectedFindings(a -> a.identity().licensed(), x -> x.active()));
    assertThat(
            exportedFindings(
                VulnExportRequest.builder().includeUnlicensed(true).allHistory().build()))
        .hasSizeGreaterThan(licensedOnly);
  }

  @Test
  void shouldExportFindingsOfTheGivenSeveritiesPluginsAndTags() {
    List<TenableFinding> critical =
        exportedFindings(
            VulnExportRequest.builder()
                .includeUnlicensed(true)
                .severity(List.of(Severity.CRITICAL))
                .allHistory()
                .build());
    assertThat(critical)
        .isNotEmpty()
        .allSatisfy(
            x -> {
              assertThat(x.severity()).isEqualTo("critical");
              assertThat(x.severityId()).isEqualTo(4);
            });

    long pluginId = critical.get(0).plugin().id();
    assertThat(
            exportedFindings(
                VulnExportRequest.builder()
                    .includeUnlicensed(true)
                    .pluginIds(List.of(pluginId))
                    .allHistory()
                    .build()))
        .isNotEmpty()
        .allSatisfy(x -> assertThat(x.plugin().id()).isEqualTo(pluginId));

    List<TenableFinding> production =
        exportedFindings(
            VulnExportRequest.builder()
                .includeUnlicensed(true)
                .tag("Environment", List.of("Production"))
                .allHistory()
                .build());
    assertThat(production)
        .hasSize(expectedFindings(a -> "Production".equals(a.identity().tag(0)), x -> x.active()));
  }

  @Test
  void shouldExportFindingsWithinACidrRangeAndAVprFloor() {
    List<TenableFinding> ranged =
        exportedFindings(
            VulnExportRequest.builder()
                .includeUnlicensed(true)
                .cidrRange("10.0.0.0/25")
                .vprScore(ScoreRange.atLeast(7.0))
                .allHistory()
                .build());

    assertThat(ranged)
        .isNotEmpty()
        .allSatisfy(
            x -> {
              assertThat(
                      Integer.parseInt(
                          x.asset().ipv4().substring(x.asset().ipv4().lastIndexOf('.') + 1)))
                  .isLessThan(128);
              assertThat(x.asset().ipv4()).startsWith("10.0.0.");
              assertThat(x.plugin().vpr().score()).isGreaterThanOrEqualTo(7.0);
            });
  }

  @Test
  void shouldExportOnlyTheLast30DaysWhenNoTimeFilterIsSent() {
    Instant requested = clock.instant();
    Instant windowStart = requested.minus(Duration.ofDays(30));
    Predicate<FindingState> inWindow =
        x -> !(x.active() ? x.lastFound() : x.lastFixed()).isBefore(windowStart);

    List<TenableFinding> untimed =
        exportedFindings(
            VulnExportRequest.builder()
                .state(EnumSet.allOf(VulnState.class))
                .includeUnlicensed(true)
                .build());
    List<TenableFinding> all =
        exportedFindings(
            VulnExportRequest.builder()
                .state(EnumSet.allOf(VulnState.class))
                .includeUnlicensed(true)
                .allHistory()
                .build());

    assertThat(untimed).hasSize(expectedFindings(a -> true, inWindow));
    assertThat(all)
        .hasSize(expectedFindings(a -> true, x -> true))
        .hasSizeGreaterThan(untimed.size());
    assertThat(all)
        .anySatisfy(x -> assertThat(x.lastFound()).isBefore(requested.minus(Duration.ofDays(400))));
    assertThat(all)
        .anySatisfy(
            x -> {
              assertThat(x.state()).isEqualTo("FIXED");
              assertThat(x.lastFixed()).isBefore(windowStart);
            });
  }

  @Test
  void shouldRecordTheWatermarkFiltersAsEpochSeconds() {
    exportedFindings(
        VulnExportRequest.builder().since(T0.plus(90, ChronoUnit.SECONDS).plusMillis(999)).build());

    String body = f.requests("POST", "/vulns/export").get(0).body();
    assertThat(body).contains("\"since\":" + T0.plusSeconds(90).getEpochSecond());
  }

  private static JsonNode spec(String name) throws Exception {
    try (InputStream in = ExportFiltersTest.class.getResourceAsStream("/spec/" + name)) {
      return JSON.readTree(in);
    }
  }
}

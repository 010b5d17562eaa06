package dev.tenableconnector.client.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.client.EmulatorFixture;
import dev.tenableconnector.emulator.RecordedRequest;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which running job an export request takes over instead of starting its own: the one a 409 or a
 * 429 "Duplicate export" names, or, after a failed POST, a job in the job list whose filters are
 * exactly the request's. Never another job.
 */
class JobAdoptionTest {
  private static final Instant WATERMARK = Instant.parse("2026-10-01T00:00:00Z");

  private static EmulatorFixture emulator() {
    return EmulatorFixture.start(e -> e.queuedFor(Duration.ofSeconds(30)));
  }

  @Test
  void findSameReturnsTheListedJobOfExactlyThisRequestWithoutPosting() {
    try (EmulatorFixture f = emulator()) {
      Instant before = Instant.now().minusSeconds(60);
      VulnExportRequest.Builder all =
          VulnExportRequest.builder().numAssets(50).state(EnumSet.allOf(VulnState.class));
      VulnExportRequest full = all.allHistory().build();
      VulnExportRequest delta = all.since(WATERMARK).build();
      ExportApi.StartedExport started = f.client.exports().start(full);

      var same = f.client.exports().findSame(full, before);
      var other = f.client.exports().findSame(delta, before);
      var tooOld = f.client.exports().findSame(full, Instant.now().plusSeconds(600));

      assertThat(same)
          .get()
          .satisfies(
              s -> {
                assertThat(s.uuid()).isEqualTo(started.uuid());
                assertThat(s.adopted()).isTrue();
                assertThat(s.dataAsOf()).isBeforeOrEqualTo(Instant.now());
              });
      assertThat(other).as("other filters: another export").isEmpty();
      assertThat(tooOld).as("created before the bound").isEmpty();
      assertThat(f.requests("POST", "/vulns/export")).hasSize(1);
    }
  }

  @Test
  void shouldPostAgainRatherThanAdoptAnotherAssetJobAfterAFailedPost() {
    try (EmulatorFixture f = emulator()) {
      // The previous run's full export, still listed; its filters are listed as the string "{}".
      ExportApi.StartedExport full =
          f.client.exports().start(AssetExportRequest.builder().chunkSize(1000).build());
      f.emulator.faults().add(FaultRule.parse("start:503"));

      ExportApi.StartedExport deleted =
          f.client
              .exports()
              .start(AssetExportRequest.builder().chunkSize(1000).deletedAfter(WATERMARK).build());

      assertThat(deleted.adopted()).isFalse();
      assertThat(deleted.uuid()).isNotEqualTo(full.uuid());
      assertThat(f.requests("POST", "/assets/export"))
          .extracting(RecordedRequest::status)
          .containsExactly(200, 503, 200);
      assertThat(f.client.listExports(ExportKind.ASSETS)).hasSize(2);
    }
  }

  @Test
  void shouldAdoptTheAssetJobAFailedPostCreatedFromItsJsonEncodedFilters() {
    try (EmulatorFixture f = emulator()) {
      f.client.exports().start(AssetExportRequest.builder().chunkSize(1000).build());
      f.emulator.faults().add(FaultRule.parse("start:502:create=true"));
      AssetExportRequest request =
          AssetExportRequest.builder()
              .chunkSize(1000)
              .updatedAfter(WATERMARK)
              .tag("Location", List.of("Lisbon"))
              .build();

      ExportApi.StartedExport started = f.client.exports().start(request);

      assertThat(started.adopted()).isTrue();
      List<ExportJobSummary> jobs = f.client.listExports(ExportKind.ASSETS);
      assertThat(jobs).hasSize(2);
      ExportJobSummary created = jobs.get(0);
      assertThat(created.filters().isTextual()).as("listed as a JSON-encoded string").isTrue();
      assertThat(started.uuid()).isEqualTo(created.uuid());
      assertThat(f.requests("POST", "/assets/export")).hasSize(2);
    }
  }

  @Test
  void shouldNotAdoptAnAssetJobWithAnotherChunkSize() {
    try (EmulatorFixture f = emulator()) {
      f.emulator.faults().add(FaultRule.parse("start:502:create=true"));
      f.client.exports().start(AssetExportRequest.builder().chunkSize(500).build());
      f.emulator.faults().clear();
      f.emulator.faults().add(FaultRule.parse("start:503"));

      ExportApi.StartedExport started =
          f.client.exports().start(AssetExportRequest.builder().chunkSize(1000).build());

      assertThat(started.adopted()).isFalse();
      assertThat(f.client.listExports(ExportKind.ASSETS)).hasSize(2);
    }
  }

  @Test
  void shouldAdoptTheVulnJobAFailedPostCreatedAsTenableNormalisesItsFilters() {
    try (EmulatorFixture f = emulator()) {
      f.emulator.faults().add(FaultRule.parse("start:500:create=true"));
      VulnExportRequest request =
          VulnExportRequest.builder()
              .numAssets(50)
              .since(WATERMARK)
              .state(EnumSet.allOf(VulnState.class))
              .severity(List.of(Severity.HIGH, Severity.CRITICAL))
              .tag("Environment", List.of("Production"))
              .build();

      ExportApi.StartedExport started = f.client.exports().start(request);

      assertThat(started.adopted()).isTrue();
      ExportJobSummary job = f.client.listExports(ExportKind.VULNS).get(0);
      assertThat(job.uuid()).isEqualTo(started.uuid());
      assertThat(job.filters().path("severity").toString()).contains("HIGH", "CRITICAL");
      assertThat(job.filters().path("tags").has("tag.Environment")).isTrue();
      assertThat(job.filters().path("first_found").asLong()).isZero();
    }
  }

  @Test
  void shouldPostAgainWhenTheOnlyListedVulnJobDiffersInOneFilter() {
    try (EmulatorFixture f = emulator()) {
      VulnExportRequest.Builder base =
          VulnExportRequest.builder().since(WATERMARK).state(EnumSet.allOf(VulnState.class));
      ExportApi.StartedExport high =
          f.client.exports().start(base.severity(List.of(Severity.HIGH)).build());
      f.emulator.faults().add(FaultRule.parse("start:503"));

      ExportApi.StartedExport critical =
          f.client.exports().start(base.severity(List.of(Severity.CRITICAL)).build());

      assertThat(critical.adopted()).isFalse();
      assertThat(critical.uuid()).isNotEqualTo(high.uuid());
    }
  }

  @Test
  void shouldAdoptTheJobThatADuplicateExport429Names() {
    try (EmulatorFixture f =
        EmulatorFixture.start(e -> e.queuedFor(Duration.ofSeconds(30)).fault("duplicate:429"))) {
      VulnExportRequest request =
          VulnExportRequest.builder().allHistory().state(EnumSet.allOf(VulnState.class)).build();
      ExportApi.StartedExport first = f.client.exports().start(request);

      ExportApi.StartedExport second = f.client.exports().start(request);

      assertThat(second.adopted()).isTrue();
      assertThat(second.uuid()).isEqualTo(first.uuid());
      assertThat(second.note()).contains("429").contains(first.uuid());
      assertThat(second.createdAt()).isNotNull();
      assertThat(f.requests("POST", "/vulns/export"))
          .extracting(RecordedRequest::status)
          .containsExactly(200, 429);
      assertThat(f.sleeper.waits()).as("a duplicate is not waited out like a rate limit").isEmpty();
    }
  }
}

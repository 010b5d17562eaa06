package dev.tenableconnector.client.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenableconnector.client.EmulatorFixture;
import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.model.TenableAsset;
import dev.tenableconnector.client.model.TenableFinding;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.EstateSettings;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import dev.tenableconnector.emulator.fault.FaultRule;
import dev.tenableconnector.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The export state machine against the emulator: every path from start to outcome. */
class ExportLifecycleTest {

  static int liveAssets(EmulatorFixture f) {
    SyntheticEstate.View view = f.emulator.estate().view();
    int live = 0;
    for (int i = 0; i < view.assetCount(); i++) {
      if (view.asset(i).live()) {
        live++;
      }
    }
    return live;
  }

  static int findings(EmulatorFixture f, Set<String> states, boolean includeUnlicensed) {
    SyntheticEstate.View view = f.emulator.estate().view();
    int count = 0;
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState a = view.asset(i);
      if (a.live() && (includeUnlicensed || a.identity().licensed())) {
        count += (int) view.findings(a).stream().filter(x -> states.contains(x.state())).count();
      }
    }
    return count;
  }

  static VulnExportRequest allFindings() {
    return VulnExportRequest.builder()
        .numAssets(50)
        .includeUnlicensed(true)
        .state(EnumSet.allOf(VulnState.class))
        .allHistory()
        .build();
  }

  @Test
  void shouldExportEveryLiveAssetThroughChunksThatArriveOutOfOrder() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.assets(250),
            c ->
                c.exportOptions(
                    ExportOptions.defaults()
                        .withParallelChunks(1)
                        .withPolling(Duration.ofMillis(10), Duration.ofMillis(50))))) {
      StagingCollector<TenableAsset> assets = new StagingCollector<>();
      List<Integer> order = Collections.synchronizedList(new ArrayList<>());

      ExportResult result =
          f.client.export(
              AssetExportRequest.builder().chunkSize(100).build(),
              assets,
              new ExportListener() {
                @Override
                public void chunkDone(String exportUuid, ChunkStats stats) {
                  order.add(stats.chunkId());
                }
              });

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(order).containsExactly(2, 1, 3);
      Set<String> ids = new HashSet<>();
      assets.all().forEach(a -> ids.add(a.id()));
      assertThat(ids).hasSize(liveAssets(f)).hasSize((int) result.records());
      assertThat(result.chunksDone()).containsExactlyInAnyOrder(1, 2, 3);
      assertThat(f.requests("GET", "/assets/export/" + result.exportUuid() + "/chunks/"))
          .hasSize(3);
    }
  }

  @Test
  void shouldExportEveryFindingWithItsAssetPluginAndState() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> {})) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();

      ExportResult result = f.client.export(allFindings(), findings, ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(findings.all())
          .hasSize(findings(f, Set.of("OPEN", "REOPENED", "FIXED"), true))
          .allSatisfy(
              x -> {
                assertThat(x.asset().uuid()).isNotBlank();
                assertThat(x.plugin().id()).isPositive();
                assertThat(x.state()).isIn("OPEN", "REOPENED", "FIXED");
                assertThat(x.findingId()).isNotBlank();
              });
      assertThat(result.lastStatus().totalChunks()).isEqualTo(3);
      assertThat(result.lastStatus().created()).isNotNull();
    }
  }

  @Test
  void shouldExportOnlyOpenAndReopenedFindingsWhenNoStateIsGiven() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> {})) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();

      f.client.export(
          VulnExportRequest.builder().includeUnlicensed(true).allHistory().build(),
          findings,
          ExportListener.NONE);

      assertThat(findings.all())
          .hasSize(findings(f, Set.of("OPEN", "REOPENED"), true))
          .allSatisfy(x -> assertThat(x.state()).isNotEqualTo("FIXED"));
    }
  }

  @Test
  void shouldDownloadChunksWhileTheExportIsStillProcessing() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e ->
                e.assets(300)
                    .queuedFor(Duration.ofMillis(600))
                    .chunkInterval(Duration.ofMillis(150)))) {
      List<String> events = Collections.synchronizedList(new ArrayList<>());

      ExportResult result =
          f.client.export(
              AssetExportRequest.builder().chunkSize(100).build(),
              chunk -> chunk.read(a -> {}),
              new ExportListener() {
                @Override
                public void status(ExportStatus status) {
                  events.add(status.state().name());
                }

                @Override
                public void chunkDone(String exportUuid, ChunkStats stats) {
                  events.add("chunk");
                }
              });

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(events.get(0)).isEqualTo("QUEUED");
      assertThat(events).contains("PROCESSING");
      assertThat(events.indexOf("chunk")).isLessThan(events.indexOf("FINISHED"));
    }
  }

  @Test
  void shouldWaitOutASlowExport() {
    try (EmulatorFixture f =
        EmulatorFixture.start(e -> e.fault("job:slow:queued=800ms:interval=150ms"))) {
      List<ExportState> states = Collections.synchronizedList(new ArrayList<>());

      ExportResult result =
          f.client.export(
              allFindings(),
              new StagingCollector<>(),
              new ExportListener() {
                @Override
                public void status(ExportStatus status) {
                  states.add(status.state());
                }
              });

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(states)
          .contains(ExportState.QUEUED, ExportState.PROCESSING)
          .endsWith(ExportState.FINISHED);
      assertThat(result.chunksDone()).hasSize(3);
    }
  }

  @Test
  void shouldHandOnRecordsThatLackKeysForTheCallerToJudge() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("records:missing-keys:every=5"))) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();

      ExportResult result = f.client.export(allFindings(), findings, ExportListener.NONE);

      assertThat(result.rejected()).isZero();
      assertThat(findings.all())
          .filteredOn(x -> x.asset().uuid() == null)
          .hasSizeBetween((int) result.records() / 5 - 3, (int) result.records() / 5)
          .allSatisfy(x -> assertThat(x.asset().hostname()).isNotBlank());
    }
  }

  @Test
  void shouldAdoptTheRunningExportWhenTenableAnswers409() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.queuedFor(Duration.ofSeconds(30)))) {
      VulnExportRequest request = allFindings();
      ExportApi.StartedExport first = f.client.exports().start(request);
      ExportApi.StartedExport second = f.client.exports().start(request);

      assertThat(first.adopted()).isFalse();
      assertThat(first.dataAsOf()).isEqualTo(first.requestedAt());
      assertThat(second.adopted()).isTrue();
      assertThat(second.uuid()).isEqualTo(first.uuid());
      assertThat(second.note()).contains("Duplicate export");
      assertThat(f.client.listExports(ExportKind.VULNS)).hasSize(1);
    }
  }

  @Test
  void shouldDateAnAdoptedExportByWhenTenableCreatedIt() {
    Instant created = Instant.parse("2026-11-01T00:00:00Z");
    ManualClock clock = new ManualClock(created);
    try (EmulatorFixture f =
        EmulatorFixture.start(e -> e.clock(clock).queuedFor(Duration.ofHours(1)))) {
      f.client.exports().start(allFindings());
      clock.advance(Duration.ofMinutes(10));

      ExportApi.StartedExport adopted = f.client.exports().start(allFindings());

      assertThat(adopted.adopted()).isTrue();
      assertThat(adopted.createdAt()).isEqualTo(created);
      assertThat(adopted.dataAsOf()).isEqualTo(created);
    }
  }

  @Test
  void shouldUseTheJobAFailedPostCreatedInsteadOfStartingADuplicate() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("start:502:create=true"))) {
      ExportApi.StartedExport started = f.client.exports().start(allFindings());

      assertThat(started.adopted()).isTrue();
      List<ExportJobSummary> jobs = f.client.listExports(ExportKind.VULNS);
      assertThat(jobs)
          .singleElement()
          .satisfies(j -> assertThat(j.uuid()).isEqualTo(started.uuid()));
      assertThat(f.requests("POST", "/vulns/export")).hasSize(1);
    }
  }

  @Test
  void shouldPostAgainWhenAFailedPostCreatedNothing() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("start:503"))) {
      ExportApi.StartedExport started = f.client.exports().start(allFindings());

      assertThat(started.adopted()).isFalse();
      assertThat(f.requests("POST", "/vulns/export"))
          .extracting(r -> r.status())
          .containsExactly(503, 200);
      assertThat(f.client.listExports(ExportKind.VULNS)).hasSize(1);
      assertThat(f.sleeper.waits()).hasSize(1);
    }
  }

  @Test
  void shouldWaitRetryAfterWhenOverTheConcurrentExportLimit() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e ->
                e.maxConcurrentExports(1)
                    .queuedFor(Duration.ofMinutes(5))
                    .concurrencyRetryAfterSeconds(3))) {
      ExportApi.StartedExport first = f.client.exports().start(allFindings());

      assertThatThrownBy(
              () -> f.client.exports().start(AssetExportRequest.builder().chunkSize(500).build()))
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> assertThat(e.error()).isEqualTo(TenableError.RATE_LIMITED));
      assertThat(f.sleeper.waits()).hasSize(4).containsOnly(Duration.ofSeconds(3));

      f.client.cancelExport(ExportKind.VULNS, first.uuid());
      assertThat(
              f.client.exports().start(AssetExportRequest.builder().chunkSize(500).build()).uuid())
          .isNotEqualTo(first.uuid());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "status:503:times=2",
        "status:500:times=2",
        "chunk:503:times=2",
        "chunk:502",
        "chunk:429:retry-after=2:times=2",
        "status:429:retry-after=date",
        "list:503",
        "chunk:drop",
        "status:drop"
      })
  void shouldRideOutTransientFailuresOnStatusAndChunks(String fault) {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault(fault))) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();

      ExportResult result = f.client.export(allFindings(), findings, ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(findings.all()).hasSize(findings(f, Set.of("OPEN", "REOPENED", "FIXED"), true));
      if (!fault.startsWith("list") && !fault.endsWith("drop")) {
        assertThat(f.client.stats().retries()).isPositive();
      }
    }
  }

  @Test
  void shouldGiveUpOnAnExportThatDoesNotFinishWithinTheDeadline() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.chunkInterval(Duration.ofSeconds(30)),
            c ->
                c.exportOptions(
                    ExportOptions.defaults()
                        .withPolling(Duration.ofMillis(10), Duration.ofMillis(20))
                        .withTimeouts(Duration.ofHours(1), Duration.ofMillis(300))))) {
      ExportResult result =
          f.client.export(allFindings(), new StagingCollector<>(), ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.TIMED_OUT);
      assertThat(result.message()).contains("did not finish within");
    }
  }

  @Test
  void shouldReportAnExportThatTenableFailedAsError() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("job:error"))) {
      ExportResult result =
          f.client.export(allFindings(), new StagingCollector<>(), ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.ERROR);
      assertThat(result.outcome().complete()).isFalse();
      assertThat(result.lastStatus().reason())
          .isEqualTo("An unexpected error occurred while processing the export. Try again later.");
      assertThat(result.message()).contains("ERROR").contains(result.lastStatus().reason());
      assertThat(result.lastStatus().chunksCancelled())
          .as("the chunks it never built")
          .isNotEmpty();
    }
  }

  @Test
  void shouldGiveTenablesReasonForAnAssetExportInError() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.assets(300).fault("job:error"))) {
      ExportResult result =
          f.client.export(
              AssetExportRequest.builder().chunkSize(100).build(),
              new StagingCollector<>(),
              ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.ERROR);
      assertThat(result.message()).contains("Tenable's reason: An unexpected error occurred");
    }
  }

  @Test
  void shouldWaitForAChunkThatTenableSaysIsNotReadyYet() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("chunk:400:times=2"))) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();
      ExportResult result = f.client.export(allFindings(), findings, ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(findings.all()).hasSize(findings(f, Set.of("OPEN", "REOPENED", "FIXED"), true));
      assertThat(f.requests("GET", "/vulns/export/" + result.exportUuid() + "/chunks/"))
          .extracting(r -> r.status())
          .filteredOn(s -> s == 400)
          .hasSize(2);
    }
  }

  @Test
  void shouldStopOnAChunkThatStaysRefusedWith400() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("chunk:400:times=0"))) {
      assertThatThrownBy(
              () -> f.client.export(allFindings(), new StagingCollector<>(), ExportListener.NONE))
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> assertThat(e.error()).isEqualTo(TenableError.BAD_REQUEST));
      assertThat(f.sleeper.waits()).hasSizeGreaterThanOrEqualTo(ExportRunner.NOT_READY_RETRIES);
    }
  }

  @Test
  void shouldReportFailedChunksEvenWhenTheStatusSaysFinished() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("job:chunks-failed"))) {
      ExportResult result =
          f.client.export(allFindings(), new StagingCollector<>(), ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.CHUNKS_FAILED);
      assertThat(result.lastStatus().chunksFailed()).hasSize(1);
      assertThat(result.lastStatus().reason()).matches("1 of \\d+ chunks failed to process\\..*");
      assertThat(result.message()).contains(result.lastStatus().reason());
      assertThat(result.lastStatus().chunksCancelled()).isNotEmpty();
    }
  }

  @Test
  void shouldReportAnExpiredChunkAsExpired() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("chunk:404"))) {
      ExportResult result =
          f.client.export(allFindings(), new StagingCollector<>(), ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.EXPIRED);
      assertThat(result.message()).contains("404");
    }
  }

  @Test
  void shouldReportAnExportWhoseStatusIsGoneAsExpired() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("status:404"))) {
      ExportResult result =
          f.client.export(allFindings(), new StagingCollector<>(), ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.EXPIRED);
    }
  }

  @Test
  void shouldExpireWhenAnExportDisappearsAfterItsFirstChunk() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.fault("job:expire"),
            c ->
                c.exportOptions(
                    ExportOptions.defaults()
                        .withParallelChunks(1)
                        .withPolling(Duration.ofMillis(10), Duration.ofMillis(50))))) {
      ExportResult result =
          f.client.export(allFindings(), new StagingCollector<>(), ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.EXPIRED);
      assertThat(result.chunksDone()).hasSize(1);
    }
  }

  @Test
  void shouldHandleTheChunksOfAnExportCancelledOnTenable() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
    try (EmulatorFixture f =
        EmulatorFixture.start(e -> e.clock(clock).chunkInterval(Duration.ofMillis(200)))) {
      ExportApi.StartedExport started = f.client.exports().start(allFindings());
      clock.advance(Duration.ofMillis(250));
      f.client.cancelExport(ExportKind.VULNS, started.uuid());

      ExportResult result =
          f.client.resume(
              ExportKind.VULNS,
              started.uuid(),
              Set.of(),
              new StagingCollector<>(),
              ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.CANCELLED);
      assertThat(result.chunksDone()).hasSize(1);
    }
  }

  @Test
  void shouldDownloadACutOffChunkAgainAndKeepEachRecordOnce() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("chunk:truncate:bytes=3000"))) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();
      List<Integer> retried = Collections.synchronizedList(new ArrayList<>());

      ExportResult result =
          f.client.export(
              allFindings(),
              findings,
              new ExportListener() {
                @Override
                public void chunkRetry(
                    String exportUuid, int chunkId, int attempt, Exception cause) {
                  retried.add(chunkId);
                }
              });

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(findings.broken).hasValue(1);
      assertThat(retried).hasSize(1);
      assertThat(findings.all()).hasSize(findings(f, Set.of("OPEN", "REOPENED", "FIXED"), true));
      assertThat(result.records()).isEqualTo(findings.all().size());
    }
  }

  @Test
  void shouldGiveUpOnAStalledChunkAfterTheReadTimeoutAndDownloadItAgain() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.fault("chunk:stall:for=60s"), c -> c.readTimeout(Duration.ofMillis(1500)))) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();
      List<String> causes = Collections.synchronizedList(new ArrayList<>());

      ExportResult result =
          f.client.export(
              allFindings(),
              findings,
              new ExportListener() {
                @Override
                public void chunkRetry(
                    String exportUuid, int chunkId, int attempt, Exception cause) {
                  causes.add(cause.getMessage());
                }
              });

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(causes).singleElement().asString().contains("no data received for 1500 ms");
      assertThat(findings.all()).hasSize(findings(f, Set.of("OPEN", "REOPENED", "FIXED"), true));
    }
  }

  @Test
  void shouldDownloadAMalformedChunkAgain() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("chunk:malformed"))) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();

      ExportResult result = f.client.export(allFindings(), findings, ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(findings.broken).hasValue(1);
      assertThat(findings.all()).hasSize(findings(f, Set.of("OPEN", "REOPENED", "FIXED"), true));
    }
  }

  @Test
  void shouldFailTheExportRatherThanTakeAChunkThatStaysBrokenAsEmpty() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("chunk:malformed:times=0"))) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();

      ExportResult result = f.client.export(allFindings(), findings, ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.BROKEN_CHUNK);
      assertThat(result.message()).contains("stayed broken after 3 downloads");
      assertThat(findings.committed).isEmpty();
    }
  }

  @Test
  void shouldFailAtTheFirstBrokenDownloadWhenOnlyOneAttemptIsAllowed() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.fault("chunk:truncate"),
            c ->
                c.exportOptions(
                    ExportOptions.defaults()
                        .withChunkAttempts(1)
                        .withPolling(Duration.ofMillis(10), Duration.ofMillis(50))))) {
      ExportResult result =
          f.client.export(allFindings(), new StagingCollector<>(), ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.BROKEN_CHUNK);
      assertThat(result.message()).contains("after 1 downloads");
    }
  }

  @Test
  void shouldLeaveFindingIdEmptyForTenantsThatDoNotSendIt() {
    try (EmulatorFixture f =
        EmulatorFixture.start(e -> e.estate(EstateSettings.of(3, 60, 4).withFindingIds(false)))) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();

      f.client.export(allFindings(), findings, ExportListener.NONE);

      assertThat(findings.all())
          .isNotEmpty()
          .allSatisfy(
              x -> {
                assertThat(x.findingId()).isNull();
                assertThat(x.raw().has("finding_id")).isFalse();
              });
    }
  }

  @Test
  void shouldSetAsideBadRecordsWithWhereAndWhyAndKeepTheRest() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.fault("records:not-an-object:every=7").fault("records:bad-value:every=11"))) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();

      ExportResult result = f.client.export(allFindings(), findings, ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      int total = findings(f, Set.of("OPEN", "REOPENED", "FIXED"), true);
      assertThat(result.records() + result.rejected()).isEqualTo(total);
      assertThat(findings.issues).hasSize((int) result.rejected()).isNotEmpty();
      assertThat(findings.issues)
          .anySatisfy(
              i -> {
                assertThat(i.reason()).isEqualTo("record is not a JSON object");
                assertThat(i.position() % 7).isEqualTo(6);
              });
      // Records change type mid-array to every other kind of JSON value, an array holding a
      // record included: each is set aside on its own, the records after it are kept.
      assertThat(
              findings.issues.stream()
                  .filter(i -> i.reason().equals("record is not a JSON object"))
                  .map(i -> i.excerpt().isEmpty() ? "?" : i.excerpt().substring(0, 1))
                  .collect(java.util.stream.Collectors.toSet()))
          .contains("[", "\"", "n", "f")
          .anyMatch(first -> Character.isDigit(first.charAt(0)) || first.equals("-"));
      assertThat(findings.issues)
          .anySatisfy(
              i -> {
                assertThat(i.reason()).contains("severity_id").contains("very high");
                assertThat(i.excerpt()).startsWith("{");
                assertThat(i.exportUuid()).isEqualTo(result.exportUuid());
              });
    }
  }

  @Test
  void shouldResumeAnInterruptedExportWithoutDownloadingDoneChunksAgain() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> {},
            c ->
                c.exportOptions(
                    ExportOptions.defaults()
                        .withParallelChunks(1)
                        .withPolling(Duration.ofMillis(10), Duration.ofMillis(50))))) {
      Set<Integer> done = Collections.synchronizedSet(new HashSet<>());
      List<String> started = new ArrayList<>();
      ChunkHandler<TenableFinding> crashesOnSecondChunk =
          chunk -> {
            if (done.size() == 1) {
              throw new IllegalStateException("process killed");
            }
            chunk.read(x -> {});
            done.add(chunk.id());
          };

      assertThatThrownBy(
              () ->
                  f.client.export(
                      allFindings(),
                      crashesOnSecondChunk,
                      new ExportListener() {
                        @Override
                        public void started(ExportApi.StartedExport export) {
                          started.add(export.uuid());
                        }
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("process killed");
      f.emulator.clearRequests();

      StagingCollector<TenableFinding> rest = new StagingCollector<>();
      ExportResult result =
          f.client.resume(ExportKind.VULNS, started.get(0), done, rest, ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(result.chunksDone()).containsExactlyInAnyOrder(1, 2, 3);
      assertThat(rest.committed.keySet()).doesNotContainAnyElementsOf(done).hasSize(2);
      assertThat(f.requests("GET", "/vulns/export/" + started.get(0) + "/chunks/")).hasSize(2);
      assertThat(f.requests("POST", "/vulns/export")).isEmpty();
    }
  }

  @Test
  void shouldStopWithTheAuthenticationErrorWhenKeysAreRevokedMidExport() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.chunkInterval(Duration.ofMillis(300)))) {
      StagingCollector<TenableFinding> findings = new StagingCollector<>();
      ChunkHandler<TenableFinding> revokesKeysAfterFirstChunk =
          chunk -> {
            findings.handle(chunk);
            f.emulator.faults().add(FaultRule.parse("status:401:times=0"));
          };

      assertThatThrownBy(
              () -> f.client.export(allFindings(), revokesKeysAfterFirstChunk, ExportListener.NONE))
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> assertThat(e.error()).isEqualTo(TenableError.AUTHENTICATION));
      assertThat(findings.broken).hasValue(0);
      assertThat(findings.committed).isNotEmpty();
    }
  }

  @Test
  void shouldCancelAnExportThatStaysQueuedTooLong() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.queuedFor(Duration.ofMinutes(5)),
            c ->
                c.exportOptions(
                    ExportOptions.defaults()
                        .withPolling(Duration.ofMillis(10), Duration.ofMillis(20))
                        .withTimeouts(Duration.ofMillis(150), Duration.ofHours(1))))) {
      ExportResult result =
          f.client.export(allFindings(), new StagingCollector<>(), ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.TIMED_OUT);
      assertThat(f.requests("POST", "/vulns/export/" + result.exportUuid() + "/cancel")).hasSize(1);
    }
  }

  @Test
  void shouldCompleteAnExportThatMatchesNothingWithNoChunks() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> {})) {
      ExportResult result =
          f.client.export(
              VulnExportRequest.builder()
                  .numAssets(50)
                  .pluginIds(List.of(999_999_999L))
                  .allHistory()
                  .build(),
              new StagingCollector<>(),
              ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(result.chunksDone()).isEmpty();
      assertThat(result.lastStatus().emptyChunksCount()).isEqualTo(3);
    }
  }

  @Test
  void shouldStartV2AssetExportsOnTheirPathAndFollowThemUnderTheV1Path() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> {})) {
      StagingCollector<TenableAsset> assets = new StagingCollector<>();

      ExportResult result =
          f.client.export(
              AssetExportRequest.builder().v2().chunkSize(100).types(List.of("host")).build(),
              assets,
              ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(f.requests("POST", "/assets/v2/export")).hasSize(1);
      assertThat(f.requests("GET", "/assets/export/" + result.exportUuid())).isNotEmpty();
      assertThat(assets.all()).hasSize(liveAssets(f));
    }
  }

  @Test
  void shouldListJobsAndReadTheRichVulnStatus() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> {})) {
      ExportResult result =
          f.client.export(allFindings(), new StagingCollector<>(), ExportListener.NONE);

      ExportStatus status = f.client.exportStatus(ExportKind.VULNS, result.exportUuid());
      assertThat(status.state()).isEqualTo(ExportState.FINISHED);
      assertThat(status.numAssetsPerChunk()).isEqualTo(50);
      assertThat(status.filters().path("state").toString()).contains("FIXED");
      assertThat(f.client.listExports(ExportKind.VULNS))
          .extracting(ExportJobSummary::uuid)
          .containsExactly(result.exportUuid());
      assertThatThrownBy(() -> f.client.cancelExport(ExportKind.VULNS, result.exportUuid()))
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> assertThat(e.getMessage()).contains("Cannot cancel a completed job"));
    }
  }
}

package dev.tenableconnector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.export.ExportStatus;
import dev.tenableconnector.core.StoreSnapshot;
import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.RunExport;
import dev.tenableconnector.core.store.RunLock;
import dev.tenableconnector.core.store.RunLockedException;
import dev.tenableconnector.core.store.RunMode;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.RunStatus;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.emulator.RecordedRequest;
import dev.tenableconnector.emulator.data.EstateSettings;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted run resumes its unexpired exports chunk by chunk on the next start; an expired one
 * is started again; one run per connector at a time.
 */
class RecoveryTest {
  @TempDir Path dir;
  private SyncFixture f;

  @BeforeEach
  void start() {
    // Slow chunks so that the crash lands with some chunks stored and others not yet ready.
    f =
        new SyncFixture(
            dir, e -> e.estate(EstateSettings.of(5, 300, 8)).chunkInterval(Duration.ofMillis(200)));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** Dies like a killed process: an Error nothing catches, once two vuln chunks are stored. */
  private SyncProgress crashAfterVulnChunks(int chunks) {
    AtomicInteger stored = new AtomicInteger();
    return new SyncProgress() {
      @Override
      public void chunkStored(String phase, Entity entity, ChunkCounts counts) {
        if (entity == Entity.FINDING) {
          stored.incrementAndGet();
        }
      }

      @Override
      public void exportStatus(String phase, ExportStatus status) {
        if (phase.equals("vulns") && stored.get() >= chunks) {
          throw new SimulatedCrash();
        }
      }
    };
  }

  private static final class SimulatedCrash extends Error {}

  private void crash() {
    crash(2);
  }

  private void crash(int vulnChunks) {
    SyncEngine engine =
        new SyncEngine(
            f.client,
            f.store,
            f.map,
            f.severity,
            f.settings(),
            crashAfterVulnChunks(vulnChunks),
            f.clock);
    assertThatThrownBy(engine::run).isInstanceOf(SimulatedCrash.class);
    f.reopenStore();
  }

  private List<RecordedRequest> requests(String method, String prefix) {
    return f.emulator.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().startsWith(prefix))
        .toList();
  }

  @Test
  void aCancelledRunCancelsItsTenableExportKeepsTheWatermarkAndTheNextRunCompletes() {
    assertThat(f.sync().completed()).isTrue();
    var watermark = f.store.watermark("default").orElseThrow();
    f.step(Duration.ofDays(1));
    java.util.concurrent.atomic.AtomicReference<SyncEngine> running =
        new java.util.concurrent.atomic.AtomicReference<>();
    AtomicInteger storedAfterCancel = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean cancelled =
        new java.util.concurrent.atomic.AtomicBoolean();
    SyncProgress cancelAtFirstVulnChunk =
        new SyncProgress() {
          @Override
          public void chunkStored(String phase, Entity entity, ChunkCounts counts) {
            if (cancelled.get()) {
              storedAfterCancel.incrementAndGet();
            } else if (phase.equals("vulns")) {
              cancelled.set(true);
              running.get().cancel("from the API");
            }
          }
        };
    SyncEngine engine =
        new SyncEngine(
            f.client,
            f.store,
            f.map,
            f.severity,
            f.settings().withFull(true),
            cancelAtFirstVulnChunk,
            f.clock);
    running.set(engine);
    f.emulator.clearRequests();

    SyncReport report = engine.run();

    assertThat(report.completed()).isFalse();
    assertThat(report.failure().errorCode()).isEqualTo("CANCELLED");
    assertThat(report.failure().message())
        .isEqualTo(
            "the run was cancelled from the API during the vulns"
                + " phase; the chunks stored before are kept and the watermark did not move");
    assertThat(report.run().status()).isEqualTo(RunStatus.FAILED);
    RunExport vulns = report.run().exports().get(1);
    assertThat(vulns.status()).isEqualTo(RunExport.Status.FAILED);
    assertThat(vulns.outcome()).isEqualTo("CANCELLED");
    assertThat(requests("POST", "/vulns/export/" + vulns.exportUuid() + "/cancel"))
        .as("the Tenable export is cancelled, not left running")
        .isNotEmpty();
    assertThat(f.store.chunksDone(vulns.exportUuid()).size())
        .as("chunks stored then are kept")
        .isBetween(1, 1 + storedAfterCancel.get());
    assertThat(f.store.watermark("default")).contains(watermark);
    assertThat(f.store.unfinishedRun("default")).as("a cancelled run is not resumed").isEmpty();

    SyncReport next = f.sync();
    assertThat(next.completed()).isTrue();
    assertThat(next.run().runId()).isNotEqualTo(report.run().runId());
  }

  /**
   * The cancel lands wherever the run happens to be in a request retried without end: in the
   * back-off, in the send, or in the read of the error's body (where the JDK swallows interrupts).
   */
  @Test
  void aCancelEndsARunThatTenableKeepsFailingWhereverInTheRetryItLands() throws Exception {
    f.emulator.faults().add(FaultRule.parse("status:503:times=0:export=vulns"));
    for (int i = 0; i < 15; i++) {
      try (TenableClient client = f.patientClient()) {
        SyncEngine engine =
            new SyncEngine(
                client, f.store, f.map, f.severity, f.settings(), SyncProgress.NONE, f.clock);
        CompletableFuture<SyncReport> run = CompletableFuture.supplyAsync(engine::run);
        while (client.stats().retrying() == null && !run.isDone()) {
          Thread.sleep(1);
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(40));
        engine.cancel("from the API");

        SyncReport report = run.get(30, TimeUnit.SECONDS);

        assertThat(report.failure().errorCode()).as("run %d", i).isEqualTo("CANCELLED");
        RunExport vulns = report.run().exports().get(1);
        assertThat(vulns.outcome()).isEqualTo("CANCELLED");
        assertThat(requests("POST", "/vulns/export/" + vulns.exportUuid() + "/cancel"))
            .as("its Tenable export is cancelled")
            .hasSize(1);
      }
    }
  }

  @Test
  void aKilledRunResumesItsExportChunkByChunk() {
    crash();
    RunRecord interrupted = f.store.unfinishedRun("default").orElseThrow();
    assertThat(interrupted.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(f.store.watermark("default")).as("the watermark moves only on completion").isEmpty();
    String vulnExport = interrupted.exports().get(1).exportUuid();
    var doneBefore = f.store.chunksDone(vulnExport);
    assertThat(doneBefore).hasSizeGreaterThanOrEqualTo(2);
    f.emulator.clearRequests();

    SyncReport resumed = f.sync();

    assertThat(resumed.completed()).isTrue();
    RunRecord run = resumed.run();
    assertThat(run.runId()).isEqualTo(interrupted.runId());
    assertThat(run.resumedCount()).isEqualTo(1);
    assertThat(run.exports())
        .extracting(RunExport::exportUuid)
        .containsExactly(interrupted.exports().get(0).exportUuid(), vulnExport);
    assertThat(requests("POST", "/")).as("no export is started again").isEmpty();
    for (int chunk : doneBefore) {
      assertThat(requests("GET", "/vulns/export/" + vulnExport + "/chunks/" + chunk))
          .as("chunk %d was stored before the crash", chunk)
          .isEmpty();
    }
    assertThat(run.watermarkAfter()).isEqualTo(interrupted.exports().get(0).dataAsOf());

    try (SqliteInventoryStore fresh = SqliteInventoryStore.open(dir.resolve("fresh.db"))) {
      f.syncInto(fresh, s -> s);
      assertThat(StoreSnapshot.of(f.store, Entity.FINDING))
          .isEqualTo(StoreSnapshot.of(fresh, Entity.FINDING));
      assertThat(StoreSnapshot.of(f.store, Entity.ASSET))
          .isEqualTo(StoreSnapshot.of(fresh, Entity.ASSET));
    }
  }

  @Test
  void anExportThatExpiredWhileWeWereDownIsStartedAgain() {
    crash();
    RunRecord interrupted = f.store.unfinishedRun("default").orElseThrow();
    f.clock.jump(Duration.ofHours(25));

    RunRecord run = f.sync().run();

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.runId()).isEqualTo(interrupted.runId());
    assertThat(run.exports())
        .extracting(RunExport::phase, RunExport::status, RunExport::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("assets", RunExport.Status.COMPLETED, "COMPLETED"),
            org.assertj.core.groups.Tuple.tuple("vulns", RunExport.Status.REPLACED, "EXPIRED"),
            org.assertj.core.groups.Tuple.tuple("vulns", RunExport.Status.COMPLETED, "COMPLETED"));
    assertThat(f.store.count(Entity.FINDING))
        .isEqualTo(StoreSnapshot.of(f.store, Entity.FINDING).data().size());
  }

  @Test
  void aFullImportAskedForAfterACrashAbandonsTheInterruptedDelta() {
    f.sync();
    f.step(Duration.ofHours(6));
    crash(0);
    long interrupted = f.store.unfinishedRun("default").orElseThrow().runId();

    RunRecord run = f.sync(s -> s.withFull(true)).run();

    assertThat(run.runId()).isNotEqualTo(interrupted);
    assertThat(run.mode()).isEqualTo(RunMode.FULL);
    assertThat(f.store.run(interrupted).orElseThrow().status()).isEqualTo(RunStatus.ABANDONED);
    assertThat(requests("DELETE", "/").size() + requests("POST", "/vulns/export/").size())
        .as("the abandoned run's running export is cancelled")
        .isPositive();
  }

  @Test
  void oneRunPerConnectorAtATime() {
    try (RunLock held = f.store.lock("default")) {
      assertThatThrownBy(() -> f.sync())
          .isInstanceOf(RunLockedException.class)
          .hasMessageContaining("connector 'default' is already syncing");
      assertThat(f.sync(s -> s.withConnector("other")).completed())
          .as("another connector may run")
          .isTrue();
    }
    assertThat(f.sync().completed()).isTrue();
  }

  /**
   * A run lock held by {@code pid} on this host, taken at {@code acquired}, its heartbeat stale.
   */
  private void lockHeldBy(long pid, java.time.Instant acquired) throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + f.db)) {
      c.createStatement()
          .executeUpdate(
              "INSERT INTO run_locks (connector, owner, host, pid, acquired_at, heartbeat_at)"
                  + " VALUES ('default', 'other', '"
                  + java.net.InetAddress.getLocalHost().getHostName()
                  + "', "
                  + pid
                  + ", '"
                  + acquired
                  + "', '2026-01-01T00:00:00Z')");
    }
  }

  @Test
  void aLiveHolderKeepsItsLockThoughItsHeartbeatLapsedAndAReusedPidDoesNot() throws Exception {
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      // Its chunk transactions kept the write lock busy past the heartbeat's wait: still alive.
      lockHeldBy(other.pid(), java.time.Instant.now().plusSeconds(1));
      assertThatThrownBy(f::sync).isInstanceOf(RunLockedException.class);
      // The same PID, but the lock is older than the process: a PID reused after a crash.
      f.reopenStore();
      try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + f.db)) {
        c.createStatement().executeUpdate("DELETE FROM run_locks");
      }
      lockHeldBy(other.pid(), java.time.Instant.parse("2026-01-01T00:00:00Z"));
      assertThat(f.sync().completed()).isTrue();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void aLockLeftByADeadProcessIsTakenOver() throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + f.db)) {
      c.createStatement()
          .executeUpdate(
              "INSERT INTO run_locks (connector, owner, host, pid, acquired_at, heartbeat_at)"
                  + " VALUES ('default', 'gone', '"
                  + java.net.InetAddress.getLocalHost().getHostName()
                  + "', 999999999, '2026-01-01T00:00:00Z',"
                  + " '2026-01-01T00:00:00Z')");
    }
    assertThat(f.sync().completed()).isTrue();
  }
}

package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix's first row: {@code sync} killed with SIGKILL at seeded random points of a full
 * and of a delta run, each followed by a plain rerun, ends with the same inventory as a run nobody
 * killed — nothing lost, nothing twice — and the watermark never moves before the run's records are
 * stored. The points are counted in requests the emulator has answered, so a seed replays the same
 * matrix. A few points per run in the build; {@code -Dfaults.kills=20} for the long form, {@code
 * -Dfaults.seed=N} to replay one.
 */
class SyncKillMatrixTest {
  private static final String SECRET = "kill-matrix-secret-never-printed";
  private static final int KILLS = Integer.getInteger("faults.kills", 1);

  @TempDir Path dir;
  private TenableEmulator emulator;
  private long seed;
  private Random random;

  @BeforeEach
  void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(300)
                .findingsPerAsset(6)
                .keys("access-kill", SECRET)
                .build());
    seed = Long.getLong("faults.seed", System.nanoTime());
    random = new Random(seed);
    System.out.println("SyncKillMatrixTest: seed " + seed + " (replay with -Dfaults.seed=" + seed);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void killedAnywhereInAFullOrADeltaRunARerunEndsWhereAnUnkilledRunDoes() throws Exception {
    int before = emulator.requests().size();
    sync("reference.db");
    int fullRequests = emulator.requests().size() - before;
    Map<String, List<String>> fullTruth = inventory("reference.db");
    assertThat(fullTruth.get("findings")).hasSizeGreaterThan(500);
    copy("reference.db", "after-full.db");
    String fullWatermark = InventorySnapshot.watermark(dir.resolve("after-full.db").toString());
    assertThat(fullWatermark).isNotNull();

    for (int i = 1; i <= KILLS; i++) {
      String db = "full-" + i + ".db";
      int point = 1 + random.nextInt(Math.max(1, fullRequests - 1));
      killAt(db, point);
      assertThat(InventorySnapshot.watermark(dir.resolve(db).toString()))
          .as("seed %d, full run killed after request %d: no watermark before it ends", seed, point)
          .isNull();
      sync(db);
      assertThat(inventory(db))
          .as("seed %d, full run killed after request %d, then rerun", seed, point)
          .isEqualTo(fullTruth);
    }

    emulator.advance();
    copy("after-full.db", "reference-delta.db");
    before = emulator.requests().size();
    sync("reference-delta.db");
    int deltaRequests = emulator.requests().size() - before;
    Map<String, List<String>> deltaTruth = inventory("reference-delta.db");
    assertThat(deltaTruth).isNotEqualTo(fullTruth);

    for (int i = 1; i <= KILLS; i++) {
      String db = "delta-" + i + ".db";
      copy("after-full.db", db);
      int point = 1 + random.nextInt(Math.max(1, deltaRequests - 1));
      killAt(db, point);
      assertThat(InventorySnapshot.watermark(dir.resolve(db).toString()))
          .as(
              "seed %d, delta killed after request %d: the watermark is the full run's",
              seed, point)
          .isEqualTo(fullWatermark);
      sync(db);
      assertThat(inventory(db))
          .as("seed %d, delta killed after request %d, then rerun", seed, point)
          .isEqualTo(deltaTruth);
    }
  }

  private Map<String, String> keys() {
    return Map.of("TENABLE_ACCESS_KEY", "access-kill", "TENABLE_SECRET_KEY", SECRET);
  }

  private String[] syncArgs(String db) {
    return new String[] {
      "sync",
      "--tenable-url",
      emulator.baseUrl().toString(),
      "--db",
      db,
      "--assets-per-vuln-chunk",
      "50",
      "--assets-per-chunk",
      "100"
    };
  }

  private void sync(String db) throws Exception {
    CliProcess.Result r = CliProcess.run(dir, keys(), syncArgs(db));
    assertThat(r.code()).as("seed %d: %s%n%s", seed, r.out(), r.err()).isZero();
  }

  /** Starts a sync and kills it (SIGKILL) once the emulator has answered {@code point} more. */
  private void killAt(String db, int point) throws Exception {
    int start = emulator.requests().size();
    CliProcess p = CliProcess.start(dir, keys(), syncArgs(db));
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (emulator.requests().size() - start < point && p.alive()) {
      assertThat(System.nanoTime())
          .as("seed %d: request %d reached", seed, point)
          .isLessThan(deadline);
      Thread.sleep(2);
    }
    p.kill();
  }

  private Map<String, List<String>> inventory(String db) {
    return InventorySnapshot.of(dir.resolve(db).toString());
  }

  private void copy(String from, String to) throws Exception {
    for (String suffix : new String[] {"", "-wal"}) {
      Path source = dir.resolve(from + suffix);
      if (Files.exists(source)) {
        Files.copy(source, dir.resolve(to + suffix), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}

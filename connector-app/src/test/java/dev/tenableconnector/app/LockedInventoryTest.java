package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.store.SqliteLockWait;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holds the SQLite file's write lock longer than the inventory waits for it
 * (TENABLE_CONNECTOR_SQLITE_BUSY_SECONDS, 120 s by default; 2 s here): the run fails with a line
 * that names the lock and what to do, the inventory and the watermark stay as the last completed
 * run left them, and the next run, once the lock is gone, ends exactly where an unhindered run
 * ends. The sync is a child process and the lock this JVM's connection, so they are two processes.
 */
class LockedInventoryTest {
  private static final String SECRET = "locked-secret";

  @TempDir Path dir;
  private TenableEmulator emulator;

  @BeforeEach
  void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(150)
                .findingsPerAsset(6)
                .keys("access-locked", SECRET)
                .build());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void aLockHeldPastTheWaitFailsTheRunClearlyAndTheNextRunCompletes() throws Exception {
    String db = dir.resolve("inv.db").toString();
    assertThat(sync(db, "--scope", "assets").code()).isZero();
    String before = snapshot(db);
    String watermark = InventorySnapshot.watermark(db);

    emulator.advance();
    Path reference = dir.resolve("reference.db");
    Files.copy(Path.of(db), reference);
    assertThat(sync(reference.toString(), "--full").code()).isZero();
    String expected = snapshot(reference.toString());

    // The vulnerability export stays queued for a while: the lock is taken mid-run, before any
    // finding is written, and held until the run has given up.
    emulator.faults().add(FaultRule.parse("job:slow:queued=6s:export=vulns"));
    int start = emulator.requests().size();
    CliProcess sync = CliProcess.start(dir, env("2"), syncArgs(db, "--full"));
    while (emulator.requests().stream()
        .skip(start)
        .noneMatch(r -> r.method().equals("POST") && r.path().endsWith("/vulns/export"))) {
      assertThat(sync.alive()).as("the sync is still running").isTrue();
      Thread.sleep(5);
    }
    CliProcess.Result locked;
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = other.createStatement()) {
      s.execute("PRAGMA busy_timeout = 60000");
      s.execute("BEGIN EXCLUSIVE");
      locked = sync.await();
      s.execute("ROLLBACK");
    }

    assertThat(locked.code()).as(locked.out() + locked.err()).isEqualTo(1);
    assertThat(locked.err())
        .contains("locked")
        .contains(SqliteLockWait.SETTING)
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(InventorySnapshot.watermark(db)).isEqualTo(watermark);
    // Whole chunks stored before the lock stay applied (docs/sync.md): every record is as the last
    // completed run left it or as the full run has it, none lost, none half-written.
    java.util.Set<String> either = new java.util.HashSet<>(before.lines().toList());
    either.addAll(expected.lines().toList());
    java.util.List<String> now = snapshot(db).lines().toList();
    assertThat(now.stream().filter(line -> !either.contains(line)).count()).isZero();
    assertThat((long) now.size()).isGreaterThanOrEqualTo(before.lines().count());

    CliProcess.Result again = CliProcess.run(dir, env("2"), syncArgs(db, "--full"));
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(snapshot(db).equals(expected)).as("the inventory of an unhindered run").isTrue();
  }

  @Test
  void aWaitThatIsNotAWholeNumberOfSecondsIsRefusedByName() throws Exception {
    String db = dir.resolve("inv.db").toString();
    CliProcess.Result r = CliProcess.run(dir, env("soon"), syncArgs(db));
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains(SqliteLockWait.SETTING).contains("'soon'").doesNotContain("\tat ");
  }

  private CliProcess.Result sync(String db, String... more) throws Exception {
    return CliProcess.run(dir, env(null), syncArgs(db, more));
  }

  private String[] syncArgs(String db, String... more) {
    String[] args = {
      "sync", "--tenable-url", emulator.baseUrl().toString(), "--db", db, "--no-progress"
    };
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  private static Map<String, String> env(String busySeconds) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of("TENABLE_ACCESS_KEY", "access-locked", "TENABLE_SECRET_KEY", SECRET));
    if (busySeconds != null) {
      env.put(SqliteLockWait.SETTING, busySeconds);
    }
    return env;
  }

  private static String snapshot(String db) throws Exception {
    return String.join("\n", InventorySnapshot.lines(db));
  }
}

package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory cannot be written: a file system mounted read-only (as root, as CI runs) or a file
 * and folder without write permission (anyone else, whom permissions do stop). Every command
 * refuses up front with a line naming what is read-only and what to do, exit 1, the file untouched;
 * writable again, the next sync runs as if nothing had happened.
 */
class ReadOnlyInventoryTest {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  @TempDir Path dir;
  private Path disk;
  private boolean mounted;
  private TenableEmulator emulator;

  @BeforeEach
  void start() throws Exception {
    disk = dir.resolve("disk");
    Files.createDirectories(disk);
    mounted = ROOT && run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", disk.toString()) == 0;
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(60)
                .findingsPerAsset(5)
                .keys("access-ro", "ro")
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    emulator.close();
    writable(true);
    if (mounted) {
      run("umount", disk.toString());
    }
  }

  @Test
  void everyCommandRefusesAReadOnlyInventoryByNameAndLeavesItAsItWas() throws Exception {
    String db = disk.resolve("inv.db").toString();
    assertThat(sync(db).code()).isZero();
    String before = digest(db);
    writable(false);

    CliProcess.Result sync = sync(db);
    CliProcess.Result export =
        CliProcess.run(
            dir,
            Map.of(),
            "export",
            "findings",
            "--db",
            db,
            "--output",
            dir.resolve("out.jsonl").toString());
    CliProcess.Result runs = CliProcess.run(dir, Map.of(), "runs", "--db", db);
    for (CliProcess.Result r : new CliProcess.Result[] {sync, export, runs}) {
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      assertThat(r.err())
          .contains("cannot be written")
          .contains("read-only")
          .contains("Remedy: make it writable")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
    assertThat(Files.exists(dir.resolve("out.jsonl"))).isFalse();
    assertThat(digest(db)).isEqualTo(before);

    writable(true);
    emulator.advance();
    CliProcess.Result again = sync(db);
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("DELTA COMPLETED");
  }

  /** Remounts the file system, or (not root) takes the write permission off the file and folder. */
  private void writable(boolean on) throws Exception {
    if (mounted) {
      assertThat(run("mount", "-o", "remount," + (on ? "rw" : "ro"), disk.toString())).isZero();
    } else {
      Path db = disk.resolve("inv.db");
      if (Files.exists(db)) {
        Files.setPosixFilePermissions(
            db, PosixFilePermissions.fromString(on ? "rw-------" : "r--------"));
      }
      Files.setPosixFilePermissions(
          disk, PosixFilePermissions.fromString(on ? "rwx------" : "r-x------"));
    }
  }

  private CliProcess.Result sync(String db) throws Exception {
    return CliProcess.run(
        dir,
        Map.of("TENABLE_ACCESS_KEY", "access-ro", "TENABLE_SECRET_KEY", "ro"),
        "sync",
        "--tenable-url",
        emulator.baseUrl().toString(),
        "--db",
        db,
        "--no-progress");
  }

  private static String digest(String file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(file))));
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}

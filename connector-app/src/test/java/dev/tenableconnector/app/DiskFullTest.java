package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills during a sync: the run fails with a line that says so, the inventory and the
 * watermark stay as the last completed run left them, and the next run completes once there is room
 * again. The disk is a small tmpfs the test mounts (it needs root, as CI has; elsewhere the test is
 * skipped and says why).
 */
class DiskFullTest {
  private static final String SECRET = "disk-full-secret";

  @TempDir Path dir;
  private Path disk;
  private TenableEmulator emulator;

  @BeforeEach
  void mount() throws Exception {
    disk = dir.resolve("disk");
    Files.createDirectories(disk);
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", disk.toString()) == 0,
        "mounting a small tmpfs needs root");
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(200)
                .findingsPerAsset(8)
                .keys("access-disk", SECRET)
                .build());
  }

  @AfterEach
  void unmount() throws Exception {
    if (emulator != null) {
      emulator.close();
      run("umount", disk.toString());
    }
  }

  @Test
  void aSyncThatFillsTheDiskFailsClearlyKeepsTheInventoryAndTheNextRunCompletes() throws Exception {
    String db = disk.resolve("inv.db").toString();
    // The last completed run took the assets only: the next one has every finding to write.
    assertThat(sync(db, "--scope", "assets").code()).isZero();
    String before = export(db);
    String watermark = InventorySnapshot.watermark(db);

    emulator.advance();
    // What the same full run gives where there is room: the state to end at.
    Path room = dir.resolve("reference.db");
    Files.copy(Path.of(db), room);
    assertThat(sync(room.toString(), "--full").code()).isZero();
    String reference = export(room.toString());

    Path filler = disk.resolve("filler");
    fill(filler);
    // Room to open the inventory and start the run, not to finish it.
    try (java.nio.channels.FileChannel f =
        java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
      f.truncate(f.size() - (1024 << 10));
    }
    CliProcess.Result full = sync(db, "--full");

    assertThat(full.code()).as(full.out() + full.err()).isEqualTo(1);
    assertThat(full.err().toLowerCase(java.util.Locale.ROOT)).contains("disk is full");
    assertThat(full.err()).doesNotContain("Exception").doesNotContain("\tat ");
    Files.delete(filler);
    assertThat(InventorySnapshot.watermark(db)).as(full.out() + full.err()).isEqualTo(watermark);
    // Whole chunks stored before the disk filled stay applied (docs/sync.md): every record is as
    // the last completed run left it or as the full run has it, none lost, none half-written.
    java.util.Set<String> either = new java.util.HashSet<>(before.lines().toList());
    either.addAll(reference.lines().toList());
    List<String> now = export(db).lines().toList();
    assertThat(either).containsAll(now);
    assertThat(keys(now)).containsAll(keys(before.lines().toList()));

    CliProcess.Result again = sync(db, "--full");
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(export(db)).isEqualTo(reference);
  }

  private static java.util.Set<String> keys(List<String> lines) {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (String line : lines) {
      keys.add(line.substring(0, line.indexOf(',')));
    }
    return keys;
  }

  /** Leaves the disk with no room at all. */
  private static void fill(Path filler) throws Exception {
    byte[] block = new byte[64 << 10];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (java.io.IOException full) {
      // the disk is full now
    }
  }

  private CliProcess.Result sync(String db, String... more) throws Exception {
    String[] args = {"sync", "--tenable-url", emulator.baseUrl().toString(), "--db", db};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return CliProcess.run(
        dir, Map.of("TENABLE_ACCESS_KEY", "access-disk", "TENABLE_SECRET_KEY", SECRET), all);
  }

  private String export(String db) throws Exception {
    return String.join("\n", InventorySnapshot.lines(db)) + "\n";
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}

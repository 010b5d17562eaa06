package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.service.secrets.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator runs on a deployment: {@code doctor} says what is wrong and how to fix it;
 * {@code backup} copies an inventory while a sync writes to it, and puts a copy back.
 */
class DoctorAndBackupTest {
  @TempDir Path dir;

  @Test
  void doctorPassesAHealthyDeploymentAndNamesAMissingOrWrongMasterKey() throws Exception {
    CliProcess.Result demo =
        CliProcess.run(
            dir,
            Map.of(),
            "demo",
            "--db",
            "demo.db",
            "--assets",
            "40",
            "--findings-per-asset",
            "4");
    assertThat(demo.code()).as(demo.err()).isZero();

    CliProcess.Result healthy = CliProcess.run(dir, Map.of(), "doctor", "--db", "demo.db");
    assertThat(healthy.code()).as(healthy.out() + healthy.err()).isZero();
    assertThat(healthy.out())
        .contains("OK    database    SQLite quick check: ok")
        .contains("opens the keys of 1 connector(s)")
        .contains("run 2 COMPLETED")
        .contains("0 to fix");

    CliProcess.Result added =
        CliProcess.run(
            dir, Map.of(), "users", "add", "--db", "demo.db", "--name", "vera", "--role", "viewer");
    assertThat(added.code()).as(added.err()).isZero();
    String userToken =
        added.out().lines().filter(l -> l.startsWith("  tcu_")).findFirst().orElseThrow().strip();
    CliProcess.Result listed = CliProcess.run(dir, Map.of(), "users", "list", "--db", "demo.db");
    assertThat(listed.out()).contains("vera").contains("viewer").doesNotContain(userToken);
    assertThat(
            CliProcess.run(
                    dir, Map.of(), "users", "add", "--db", "demo.db", "--name", "vera", "--role",
                    "admin")
                .code())
        .as("a name is taken once")
        .isEqualTo(2);

    Path key = dir.resolve("demo.master-key");
    Files.move(key, dir.resolve("elsewhere"));
    CliProcess.Result missing = CliProcess.run(dir, Map.of(), "doctor", "--db", "demo.db");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.out())
        .contains("FAIL  master key")
        .contains("restore the key file from your backup")
        .contains("1 to fix");
    assertThat(Files.exists(key)).as("doctor makes no key").isFalse();

    MasterKey.fromFile(key); // a new, different key
    CliProcess.Result wrong = CliProcess.run(dir, Map.of(), "doctor", "--db", "demo.db", "--json");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.out()).contains("does not open the connector keys");
    assertThat(wrong.out() + wrong.err()).doesNotContain(Files.readString(key).strip());
  }

  @Test
  void aBackupTakenWhileASyncWritesIsASoundInventoryAndRestoresWhole() throws Exception {
    try (TenableEmulator emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .assets(400)
                .findingsPerAsset(8)
                .keys("access-backup", "secret-backup")
                .chunkInterval(java.time.Duration.ofMillis(600))
                .build())) {
      CliProcess sync = sync(emulator);
      while (!Files.exists(dir.resolve("inv.db")) && sync.alive()) {
        Thread.sleep(20);
      }
      Thread.sleep(1500); // within the vulns phase: chunks are being written
      CliProcess.Result backup =
          CliProcess.run(dir, Map.of(), "backup", "--db", "inv.db", "--to", "copy.db");
      assertThat(backup.code()).as(backup.err()).isZero();
      assertThat(backup.out()).contains("integrity ok");
      assertThat(sync.alive()).as("the backup was taken while the sync wrote").isTrue();
      CliProcess.Result finished = sync.await();
      assertThat(finished.code()).as(finished.err()).isZero();

      CliProcess.Result again =
          CliProcess.run(dir, Map.of(), "backup", "--db", "inv.db", "--to", "copy.db");
      assertThat(again.code()).as("a copy is never written over").isEqualTo(2);

      Files.writeString(dir.resolve("other.db"), "not a database");
      CliProcess.Result refused =
          CliProcess.run(dir, Map.of(), "backup", "--db", "inv.db", "--restore", "other.db");
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("inv.db is unchanged");

      CliProcess.Result restored =
          CliProcess.run(dir, Map.of(), "backup", "--db", "inv.db", "--restore", "copy.db");
      assertThat(restored.code()).as(restored.err()).isZero();
      CliProcess.Result doctor = CliProcess.run(dir, Map.of(), "doctor", "--db", "inv.db");
      assertThat(doctor.out()).contains("SQLite quick check: ok");
      CliProcess.Result resync = sync(emulator).await();
      assertThat(resync.code()).as("the restored inventory syncs on: " + resync.err()).isZero();
    }
  }

  private CliProcess sync(TenableEmulator emulator) throws Exception {
    return CliProcess.start(
        dir,
        Map.of("TENABLE_ACCESS_KEY", "access-backup", "TENABLE_SECRET_KEY", "secret-backup"),
        "sync",
        "--tenable-url",
        emulator.baseUrl().toString(),
        "--db",
        "inv.db",
        "--assets-per-vuln-chunk",
        "50");
  }
}

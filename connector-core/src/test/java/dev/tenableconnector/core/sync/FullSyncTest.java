package dev.tenableconnector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.RunRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullSyncTest {
  @TempDir
  Path dir;
  private SyncFixture f;

  @BeforeEach
  void start() {
    f = new SyncFixture(dir, e -> { });
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void firstRunIsAFullImportOfEveryAssetAndFinding() {
    SyncReport report = f.sync();

    assertThat(report.failure()).isNull();
    RunRecord run = report.run();
    assertThat(run.mode()).isEqualTo("FULL");
    assertThat(run.status()).isEqualTo(RunRecord.COMPLETED);
    assertThat(f.store.count(Entity.ASSET)).isEqualTo(run.counts(Entity.ASSET).inserted).isPositive();
    assertThat(f.store.count(Entity.FINDING)).isEqualTo(run.counts(Entity.FINDING).inserted).isPositive();
    assertThat(f.store.watermark("default")).isPresent();
  }
}

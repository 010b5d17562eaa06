package dev.tenableconnector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.StoreSnapshot;
import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.RunMode;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.emulator.data.EstateSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed transform map re-applied to the stored raw records, without exporting again. */
class RemapTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private SyncFixture f;

  @BeforeEach
  void start() {
    f = new SyncFixture(dir, e -> e.estate(EstateSettings.of(9, 150, 8)));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static TransformMap editedMap() throws Exception {
    String text;
    try (var in = TransformMap.class.getResourceAsStream(TransformMap.DEFAULT_RESOURCE)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ObjectNode map = (ObjectNode) JSON.readTree(text);
    map.put("name", "Edited map");
    ((ObjectNode) map.get("assets").get(7).get("valueMap")).put("AWS", "AWS");
    ((ObjectNode) map.get("findings").get(7).get("valueMap")).put("AWS", "AWS");
    return TransformMap.parse(map.toString(), "edited.json");
  }

  private static SeverityMapping flat() {
    return SeverityMapping.parse(
        """
        {"name": "Flat", "levels": [
          {"tenableSeverityId": 0, "severity": 1}, {"tenableSeverityId": 1, "severity": 1},
          {"tenableSeverityId": 2, "severity": 1}, {"tenableSeverityId": 3, "severity": 5},
          {"tenableSeverityId": 4, "severity": 5}]}""",
        "flat.json");
  }

  @Test
  void remappingTheStoredRecordsEqualsSyncingAgainWithTheNewMap() throws Exception {
    f.sync();
    var watermark = f.store.watermark("default");
    StoreSnapshot rawBefore = StoreSnapshot.of(f.store, Entity.FINDING);
    f.emulator.clearRequests();

    SyncReport remap =
        new Remapper(f.store, editedMap(), flat(), "default", Clock.systemUTC()).run();

    assertThat(remap.completed()).isTrue();
    RunRecord run = remap.run();
    assertThat(run.mode()).isEqualTo(RunMode.REMAP);
    assertThat(run.mapName()).isEqualTo("Edited map");
    assertThat(run.counts(Entity.FINDING).updated).isPositive();
    assertThat(run.counts(Entity.ASSET).updated).isPositive();
    assertThat(f.emulator.requests()).as("nothing is exported again").isEmpty();
    assertThat(f.store.watermark("default")).isEqualTo(watermark);
    assertThat(StoreSnapshot.of(f.store, Entity.FINDING).raw()).isEqualTo(rawBefore.raw());

    f.map = editedMap();
    f.severity = flat();
    try (SqliteInventoryStore fresh = SqliteInventoryStore.open(dir.resolve("fresh.db"))) {
      f.syncInto(fresh, s -> s);
      assertThat(
              StoreSnapshot.of(f.store, Entity.FINDING)
                  .mismatchesAgainst(StoreSnapshot.of(fresh, Entity.FINDING), true))
          .isEmpty();
      assertThat(
              StoreSnapshot.of(f.store, Entity.ASSET)
                  .mismatchesAgainst(StoreSnapshot.of(fresh, Entity.ASSET), true))
          .isEmpty();
    }

    RunRecord again =
        new Remapper(f.store, editedMap(), flat(), "default", Clock.systemUTC()).run().run();
    assertThat(again.counts(Entity.FINDING).updated + again.counts(Entity.ASSET).updated).isZero();
    assertThat(again.counts(Entity.FINDING).unchanged).isEqualTo(f.store.count(Entity.FINDING));
  }

  @Test
  void theFullRawRecordOfAFindingHasItsPluginBack() throws Exception {
    f.sync();
    String key = StoreSnapshot.of(f.store, Entity.FINDING).data().keySet().iterator().next();

    var raw = JSON.readTree(f.store.rawRecord(Entity.FINDING, key).orElseThrow());

    assertThat(raw.path("plugin").path("id").isNumber()).isTrue();
    assertThat(raw.path("plugin").path("name").asText()).isNotBlank();
    assertThat(raw.path("asset").path("uuid").asText()).isNotBlank();
  }
}

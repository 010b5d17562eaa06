package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oversize-value policy end to end, in a 256 MB heap: a plugin output of 200 MB is cut to the
 * first 4 MiB and a marker with its whole length, its record and the rest of its chunk kept; a
 * plugin with 100,000 CVEs is kept whole. Nothing is set aside, nothing lost.
 */
class OversizeValuesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "oversize-secret";
  private static final java.util.regex.Pattern MARKER =
      java.util.regex.Pattern.compile(
          " \\[truncated by tenable-connector: (\\d+) bytes in all\\]$");

  @TempDir Path dir;

  @Test
  void aGiantOutputIsCutWithItsLengthAndAGiantCveListIsKeptInASmallHeap() throws Exception {
    List<String> reference;
    try (TenableEmulator plain = emulator()) {
      reference = findingKeys(sync(plain, "reference.db"));
    }
    try (TenableEmulator hostile =
        emulator(
            "records:huge-output:every=150:mb=200", "records:many-cves:every=70:count=100000")) {
      String db = sync(hostile, "oversize.db");
      assertThat(findingKeys(db)).as("every finding kept").isEqualTo(reference);
      int cut = 0;
      int manyCves = 0;
      try (InventoryStore store = InventoryStores.open(dir.resolve(db).toString(), Map.of())) {
        for (String key : reference) {
          JsonNode raw = JSON.readTree(store.rawRecord(Entity.FINDING, key).orElseThrow());
          String output = raw.path("output").asText("");
          java.util.regex.Matcher m = MARKER.matcher(output);
          if (m.find()) {
            cut++;
            // 200 MB of text as the emulator writes it, its line breaks escaped (2 bytes each)
            assertThat(Long.parseLong(m.group(1))).isGreaterThan(200L << 20);
            assertThat(output.length())
                .as("4 MiB as sent, escapes read back as one character")
                .isBetween(4_000_000, (4 << 20) + 100);
          } else {
            assertThat(output.length()).isLessThan(1 << 20);
          }
          if (raw.path("plugin").path("cve").size() == 100_000) {
            manyCves++;
          }
        }
      }
      assertThat(cut).as("the finding at position 149 of its chunk").isPositive();
      assertThat(manyCves).as("findings at positions 69 and 139").isPositive();
    }
  }

  private TenableEmulator emulator(String... faults) throws Exception {
    EmulatorConfig.Builder config =
        EmulatorConfig.builder().assets(40).findingsPerAsset(5).keys("access-big", SECRET);
    for (String f : faults) {
      config.fault(f);
    }
    return TenableEmulator.start(config.build());
  }

  private String sync(TenableEmulator emulator, String db) throws Exception {
    CliProcess.Result r =
        CliProcess.start(
                256,
                dir,
                Map.of("TENABLE_ACCESS_KEY", "access-big", "TENABLE_SECRET_KEY", SECRET),
                "sync",
                "--tenable-url",
                emulator.baseUrl().toString(),
                "--db",
                db)
            .await();
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("FULL COMPLETED");
    assertThat(r.err()).doesNotContain("set aside");
    return db;
  }

  private List<String> findingKeys(String db) {
    List<String> keys = new ArrayList<>();
    try (InventoryStore store = InventoryStores.open(dir.resolve(db).toString(), Map.of())) {
      store.forEach(Entity.FINDING, r -> keys.add(r.key()));
    }
    return keys;
  }
}

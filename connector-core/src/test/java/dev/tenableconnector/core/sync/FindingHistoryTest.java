package dev.tenableconnector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.SyncFixture;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.FindingHistory;
import dev.tenableconnector.emulator.data.EstateSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history a series of syncs records, checked against what the emulator's findings really went
 * through ({@code GET /_emulator/transitions}): several emulator steps between some syncs, so that
 * Tenable merges changes, and deleted and terminated assets.
 */
class FindingHistoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private SyncFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  /** One true change of state. */
  record Change(Instant at, String from, String to) {}

  @Test
  void aMultiStepRunsRecordedHistoryIsConsistentWithWhatReallyHappened() throws Exception {
    f =
        new SyncFixture(
            dir,
            e ->
                e.estate(
                    EstateSettings.of(17, 120, 8)
                        .withScanRate(0.6)
                        .withChangeRates(0.05, 0.04, 0.04)));
    List<Instant> syncs = new ArrayList<>();
    syncs.add(syncNow());
    f.step(Duration.ofDays(1));
    syncs.add(syncNow());
    for (int i = 0; i < 4; i++) { // four scans between two syncs: Tenable merges the changes
      f.step(Duration.ofDays(1));
    }
    syncs.add(syncNow());
    f.step(Duration.ofDays(1));
    f.step(Duration.ofDays(1));
    syncs.add(syncNow());

    Map<String, List<Change>> truth = truth();
    int checked = 0;
    int merged = 0;
    int reopened = 0;
    int gone = 0;
    List<String> keys = new ArrayList<>();
    f.store.forEach(Entity.FINDING, r -> keys.add(r.key()));
    for (String key : keys) {
      FindingHistory h = f.store.history(key).orElseThrow();
      List<Change> real = truth.get(key);
      assertThat(real).as("the emulator knows %s", key).isNotNull();
      assertThat(h.transitions()).as(key).isNotEmpty();
      assertThat(h.transitions().get(0).from()).as("first sight").isNull();
      for (FindingHistory.Transition t : h.transitions()) {
        if (t.from() == null) {
          // First seen: the state the finding was really in after its latest change by then.
          Change latest = latestBefore(real, t.at().plusMillis(1));
          assertThat(latest).as(key).isNotNull();
          assertThat(latest.to()).as(key).isEqualTo(t.to());
          continue;
        }
        if ("MERGED".equals(t.flag())) {
          merged++;
          continue;
        }
        if (t.to().startsWith("ASSET_")) {
          // The asset went; the finding may have been fixed just before, unseen by any sync.
          assertThat(t.at()).as(key).isEqualTo(removed.get(key));
          gone++;
          continue;
        }
        assertThat(real)
            .as("%s: %s -> %s at %s", key, t.from(), t.to(), t.at())
            .anySatisfy(
                c -> {
                  assertThat(c.at()).isEqualTo(t.at());
                  assertThat(c.to()).isEqualTo(t.to());
                });
        reopened += "REOPENED".equals(t.to()) ? 1 : 0;
      }
      checkEpisodes(key, h.episodes(), real);
      checked++;
    }
    assertThat(checked).isGreaterThan(500);
    assertThat(merged).as("changes Tenable merged between syncs").isPositive();
    assertThat(reopened).as("reopenings seen as they happened").isPositive();
    assertThat(gone).as("findings of deleted or terminated assets").isPositive();
  }

  /**
   * Every episode opened when the finding really was found (first or again), closes no earlier than
   * it really did, and a close Tenable reported is a real fix or a real asset removal.
   */
  private static void checkEpisodes(
      String key, List<FindingHistory.Episode> episodes, List<Change> real) {
    List<Instant> starts = new ArrayList<>();
    List<Instant> ends = new ArrayList<>();
    for (Change c : real) {
      if (c.to().equals("OPEN") || c.to().equals("REOPENED")) {
        starts.add(c.at());
      } else {
        ends.add(c.at());
      }
    }
    assertThat(episodes).as(key).isNotEmpty();
    Instant previousClose = null;
    for (FindingHistory.Episode e : episodes) {
      assertThat(starts)
          .as("%s episode %d opens on a real find", key, e.number())
          .contains(e.opened());
      if (previousClose != null) {
        assertThat(e.opened()).isAfterOrEqualTo(previousClose);
      }
      if (e.closed() != null) {
        assertThat(e.closed()).isAfterOrEqualTo(e.opened());
        if ("FIXED".equals(e.closeReason())) {
          assertThat(ends)
              .as("%s episode %d closes on a real change", key, e.number())
              .contains(e.closed());
        }
        previousClose = e.closed();
      }
    }
    assertThat(episodes.size()).as(key).isLessThanOrEqualTo(starts.size());
  }

  private static Change latestBefore(List<Change> changes, Instant t) {
    Change latest = null;
    for (Change c : changes) {
      if (c.at().isBefore(t) && !c.to().startsWith("ASSET_")) {
        latest = c;
      }
    }
    return latest;
  }

  private Instant syncNow() {
    Instant at = f.clock.instant();
    assertThat(f.sync().completed()).isTrue();
    return at;
  }

  /** When each finding's asset was deleted or terminated, if it was. */
  private final Map<String, Instant> removed = new HashMap<>();

  /** The emulator's account of every finding's changes, over HTTP. */
  private Map<String, List<Change>> truth() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(f.emulator.baseUrl() + "/_emulator/transitions"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, List<Change>> out = new HashMap<>();
    for (JsonNode finding : JSON.readTree(r.body())) {
      List<Change> changes = new ArrayList<>();
      for (JsonNode t : finding.path("transitions")) {
        changes.add(
            new Change(
                Instant.parse(t.path("at").asText()),
                t.path("from").isNull() ? null : t.path("from").asText(),
                t.path("to").asText()));
      }
      out.put(finding.path("finding_id").asText(), changes);
      if (finding.hasNonNull("asset_removed_at")) {
        removed.put(
            finding.path("finding_id").asText(),
            Instant.parse(finding.path("asset_removed_at").asText()));
      }
    }
    return out;
  }
}

package dev.tenableconnector.emulator;

import static dev.tenableconnector.emulator.Http.get;
import static dev.tenableconnector.emulator.Http.post;
import static dev.tenableconnector.emulator.Http.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * With a chunk cache the emulator renders an export's chunks ahead of their download, as Tenable
 * does while PROCESSING: what it sends is what it would have generated, faults included, and the
 * rendered files go with their export.
 */
class ChunkCacheTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
  private static final String VULNS =
      "{'num_assets': 40, 'filters': {'state': ['OPEN', 'REOPENED', 'FIXED']}}";

  static TenableEmulator emulator(Consumer<EmulatorConfig.Builder> tweak) {
    EmulatorConfig.Builder b =
        EmulatorConfig.builder().assets(200).findingsPerAsset(6).clock(CLOCK);
    tweak.accept(b);
    try {
      return TenableEmulator.start(b.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int chunks(TenableEmulator e, String uuid) {
    return get(e, "/vulns/export/" + uuid + "/status").json().path("chunks_available").size();
  }

  /** Waits until the cache holds {@code atLeast} bytes and stops growing. */
  private static long rendered(TenableEmulator e, long atLeast) throws InterruptedException {
    long before = -1;
    for (int i = 0; i < 200; i++) {
      long now = e.chunkCacheBytes();
      if (now >= atLeast && now == before) {
        return now;
      }
      before = now;
      Thread.sleep(50);
    }
    return e.chunkCacheBytes();
  }

  @Test
  void renderedChunksAreTheBytesTheLivePathGeneratesWithOrWithoutGzip() throws Exception {
    try (TenableEmulator cached = emulator(b -> b.chunkCache(64L << 20));
        TenableEmulator live = emulator(b -> {})) {
      String a = start(cached, "vulns", VULNS);
      String b = start(live, "vulns", VULNS);
      assertThat(rendered(cached, 1)).isPositive();
      int n = chunks(cached, a);
      assertThat(n).isGreaterThan(2).isEqualTo(chunks(live, b));
      for (int id = 1; id <= n; id++) {
        byte[] expected = get(live, "/vulns/export/" + b + "/chunks/" + id).body();
        Http.Reply gzipped = get(cached, "/vulns/export/" + a + "/chunks/" + id);
        assertThat(gzipped.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(gzipped.body()).as("chunk %d", id).isEqualTo(expected);
        Http.Reply plain =
            Http.send(
                cached, "GET", "/vulns/export/" + a + "/chunks/" + id, null, Http.KEYS, false);
        assertThat(plain.body()).isEqualTo(expected);
      }
    }
  }

  @Test
  void aCancelledExportsRenderedChunksAreDeleted() throws Exception {
    // Still PROCESSING (the clock stands still), as a cancel needs; its chunks are rendered anyway.
    try (TenableEmulator e =
        emulator(b -> b.chunkCache(64L << 20).chunkInterval(java.time.Duration.ofSeconds(10)))) {
      String uuid = start(e, "vulns", VULNS);
      assertThat(rendered(e, 1)).isPositive();
      assertThat(post(e, "/vulns/export/" + uuid + "/cancel", null).status()).isEqualTo(200);
      assertThat(e.chunkCacheBytes()).isZero();
    }
  }

  @Test
  void theCacheStopsAtItsSizeAndLaterChunksAreGeneratedAsTheyAreDownloaded() throws Exception {
    try (TenableEmulator capped = emulator(b -> b.chunkCache(1));
        TenableEmulator live = emulator(b -> {})) {
      String a = start(capped, "vulns", VULNS);
      String b = start(live, "vulns", VULNS);
      long held = rendered(capped, 1);
      int n = chunks(capped, a);
      for (int id = 1; id <= n; id++) {
        assertThat(get(capped, "/vulns/export/" + a + "/chunks/" + id).body())
            .isEqualTo(get(live, "/vulns/export/" + b + "/chunks/" + id).body());
      }
      assertThat(capped.chunkCacheBytes()).isEqualTo(held);
      assertThat(held)
          .isLessThan(2L * get(live, "/vulns/export/" + b + "/chunks/1").raw().length + 4096);
    }
  }

  @Test
  void recordAndWireFaultsStillApplyToARenderedChunk() throws Exception {
    try (TenableEmulator e =
        emulator(
            b -> b.chunkCache(64L << 20).fault("records:not-an-object:export=vulns:every=3"))) {
      String uuid = start(e, "vulns", VULNS);
      rendered(e, 1);
      assertThat(get(e, "/vulns/export/" + uuid + "/chunks/1").json().get(2).isObject()).isFalse();
    }
    try (TenableEmulator e =
        emulator(
            b -> b.chunkCache(64L << 20).fault("chunk:truncate:export=vulns:bytes=100:times=1"))) {
      String uuid = start(e, "vulns", VULNS);
      rendered(e, 1);
      assertThatThrownBy(() -> get(e, "/vulns/export/" + uuid + "/chunks/1"))
          .isInstanceOf(UncheckedIOException.class);
    }
  }
}

package dev.tenableconnector.core.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.export.ExportApi;
import dev.tenableconnector.client.export.ExportKind;
import dev.tenableconnector.client.export.ExportState;
import dev.tenableconnector.client.export.ExportStatus;
import dev.tenableconnector.client.export.VulnExportRequest;
import dev.tenableconnector.client.model.TenableFinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Estimates a first sync before running it, from a throwaway vulns export with the sync's filters:
 * Tenable says how many chunks it cuts (each the findings of {@code num_assets} assets), the first
 * chunks are read as a sample (findings and bytes per chunk), and the export is cancelled. Nothing
 * is stored. The estimate says how it was made.
 */
public final class ExportPreview {
  /** What the inventory stores per finding, about (docs/benchmarks.md: ~730 B plus history). */
  public static final long STORED_BYTES_PER_FINDING = 1_000;

  /** Findings a sync stores per second on a small machine, about (docs/benchmarks.md). */
  public static final long FINDINGS_PER_SECOND = 10_000;

  /** Why an assets-only scope is not estimated: the asset export gives no size before it ends. */
  public static final String ASSETS_ONLY =
      "scope: preview estimates the findings of a first sync from the vulns export; the scope"
          + " 'assets' imports none (and Tenable's asset export gives no size before it ends)";

  private static final int SAMPLE_CHUNKS = 3;

  /** The estimate, and how it was made. */
  public record Estimate(
      String exportUuid,
      boolean cancelled,
      int totalChunks,
      int emptyChunks,
      int assetsPerChunk,
      int sampledChunks,
      long sampledFindings,
      long sampledBytes,
      boolean exact,
      long assetsWithFindings,
      long assets,
      long findings,
      long tenableBytes,
      long storedBytes,
      Duration tenableTime,
      Duration syncTime,
      String how) {

    /** The estimate as the CLI and the API give it. */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson(ObjectMapper mapper) {
      var n = mapper.createObjectNode();
      n.put("exact", exact);
      n.put("assetsWithFindings", assetsWithFindings);
      n.put("assets", assets);
      n.put("findings", findings);
      n.put("tenableBytes", tenableBytes);
      n.put("storedBytes", storedBytes);
      n.put("tenableSeconds", tenableTime == null ? null : tenableTime.toSeconds());
      n.put("syncSeconds", syncTime.toSeconds());
      var sample = n.putObject("sample");
      sample.put("exportUuid", exportUuid);
      sample.put("totalChunks", totalChunks);
      sample.put("emptyChunks", emptyChunks);
      sample.put("assetsPerChunk", assetsPerChunk);
      sample.put("chunksRead", sampledChunks);
      sample.put("findings", sampledFindings);
      sample.put("bytes", sampledBytes);
      sample.put("cancelled", cancelled);
      n.put("how", how);
      return n;
    }
  }

  private ExportPreview() {}

  /** Estimates the first sync of {@code settings}, waiting at most {@code budget} for Tenable. */
  public static Estimate estimate(
      TenableClient client, SyncSettings settings, Duration budget, Clock clock)
      throws InterruptedException {
    ExportApi exports = client.exports();
    // One asset fewer (or more) per chunk than the sync asks for: the same findings, but never
    // the same request, so Tenable's duplicate rule (409) mixes this export up with no sync's.
    int perChunk =
        settings.vulnNumAssets() > VulnExportRequest.MIN_NUM_ASSETS
            ? settings.vulnNumAssets() - 1
            : settings.vulnNumAssets() + 1;
    VulnExportRequest request = SyncPlan.vulns(settings, false, null).numAssets(perChunk).build();
    Instant started = clock.instant();
    ExportApi.StartedExport export = exports.start(request);
    String uuid = export.uuid();
    ObjectMapper mapper = new ObjectMapper();
    ExportStatus status = null;
    int read = 0;
    long findings = 0;
    long bytes = 0;
    Set<Integer> sampled = new HashSet<>();
    Set<String> sampledAssets = new HashSet<>();
    long pause = 100;
    boolean cancelled = false;
    try {
      Instant deadline = started.plus(budget);
      while (true) {
        status = exports.status(ExportKind.VULNS, uuid);
        for (int chunk : status.chunksAvailable()) {
          if (read < SAMPLE_CHUNKS && sampled.add(chunk)) {
            long[] counted = {0, 0};
            try (ExportApi.ChunkDownload<TenableFinding> download =
                exports.chunk(ExportKind.VULNS, uuid, chunk, 1)) {
              download
                  .chunk()
                  .read(
                      f -> {
                        counted[0]++;
                        if (f.asset() != null && f.asset().uuid() != null) {
                          sampledAssets.add(f.asset().uuid());
                        }
                        try {
                          counted[1] += mapper.writeValueAsBytes(f.raw()).length;
                        } catch (IOException e) {
                          throw new UncheckedIOException(e);
                        }
                      });
            } catch (Exception e) {
              throw new IllegalStateException("reading chunk " + chunk + " failed: " + e, e);
            }
            findings += counted[0];
            bytes += counted[1];
            read++;
          }
        }
        boolean enough =
            read >= SAMPLE_CHUNKS
                || status.state().terminal()
                || status.totalChunks() != null
                    && read
                        >= Math.max(
                            1,
                            status.totalChunks()
                                - (status.emptyChunksCount() == null
                                    ? 0
                                    : status.emptyChunksCount()));
        if (enough && read > 0 || status.state().terminal()) {
          break;
        }
        if (clock.instant().isAfter(deadline)) {
          break;
        }
        Thread.sleep(pause);
        pause = Math.min(pause * 2, 2_000);
      }
    } finally {
      if (status == null || !status.state().terminal()) {
        try {
          cancelled = exports.cancel(ExportKind.VULNS, uuid) == ExportState.CANCELLED;
        } catch (TenableApiException e) {
          cancelled = false; // Tenable ends it in time; the estimate stands
        }
      }
    }
    int total =
        status.totalChunks() == null ? status.chunksAvailable().size() : status.totalChunks();
    int empty = status.emptyChunksCount() == null ? 0 : status.emptyChunksCount();
    int full = Math.max(0, total - empty);
    // Every chunk read: the sample is the whole export and its counts are exact.
    boolean exact = status.state() == ExportState.FINISHED && read >= full;
    long findingsEstimate =
        exact ? findings : read == 0 ? 0 : Math.round((double) findings / read * full);
    long assetsWithFindings =
        exact
            ? sampledAssets.size()
            : read == 0 ? 0 : Math.round((double) sampledAssets.size() / read * full);
    long bytesEstimate =
        findings == 0 ? 0 : Math.round((double) bytes / findings * findingsEstimate);
    Duration elapsed = Duration.between(started, clock.instant());
    int available = status.chunksAvailable().size();
    Duration tenable =
        available == 0
            ? null
            : Duration.ofMillis(Math.round(elapsed.toMillis() * ((double) total / available)));
    Duration ours = Duration.ofSeconds(Math.max(1, findingsEstimate / FINDINGS_PER_SECOND));
    String counted =
        exact
            ? "every non-empty chunk was read, so the findings and the assets with findings are"
                + " counted, not estimated"
            : "so findings and assets with findings = those per sampled chunk x "
                + full
                + " non-empty chunks";
    String how =
        "Tenable cut the sync's vulns export into "
            + plural(total, "chunk")
            + " of up to "
            + perChunk
            + " assets ("
            + empty
            + " empty); "
            + plural(read, "chunk")
            + " read as a sample held "
            + plural(findings, "finding")
            + " of "
            + plural(sampledAssets.size(), "asset")
            + " ("
            + (findings == 0 ? 0 : bytes / findings)
            + " bytes each); "
            + counted
            + "; assets in scope = chunks x "
            + perChunk
            + " (at most, assets without findings included); stored bytes at about "
            + STORED_BYTES_PER_FINDING
            + " per finding and sync time at about "
            + FINDINGS_PER_SECOND
            + " findings/s (docs/benchmarks.md); Tenable's time from how fast it made the sample"
            + " chunks. The export was "
            + (cancelled ? "cancelled." : "left to expire (it had ended).");
    return new Estimate(
        uuid,
        cancelled,
        total,
        empty,
        perChunk,
        read,
        findings,
        bytes,
        exact,
        assetsWithFindings,
        (long) total * perChunk,
        findingsEstimate,
        bytesEstimate,
        findingsEstimate * STORED_BYTES_PER_FINDING,
        tenable,
        ours,
        how);
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}

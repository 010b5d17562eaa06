package dev.tenableconnector.emulator.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.FindingState;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One export job and its lifecycle, computed from the clock: QUEUED for a while, then PROCESSING as
 * chunks become ready one by one (not in id order), then FINISHED; or CANCELLED, or ERROR and
 * {@code chunks_failed} when a fault says so. Its plan (which assets go in which chunk) is made
 * when processing starts, against the estate as it stood when the export was requested.
 */
public final class ExportJob {
  /** One of the reasons Tenable documents for an export in ERROR. */
  public static final int NOT_READY = -2;

  public static final int GONE = -1;
  static final String ERROR_REASON =
      "An unexpected error occurred while processing the export. Try again later.";
  private final String uuid;
  private final String type;
  private final boolean v2;
  private final Instant created;
  private final SyntheticEstate.View view;
  private final AssetQuery assetQuery;
  private final VulnQuery vulnQuery;
  private final int chunkSize;
  private final boolean openPorts;
  private final boolean resourceTags;
  private final String dedupKey;
  private final JsonNode filtersEcho;
  private final Duration queuedFor;
  private final Duration chunkInterval;
  private final Duration ttl;
  private final FaultRule.Kind fault;

  private int[] starts;
  private int[] ends;
  private int[] findingCounts;
  private Instant cancelledAt;
  private boolean purged;

  ExportJob(
      String uuid,
      String type,
      boolean v2,
      Instant created,
      SyntheticEstate.View view,
      AssetQuery assetQuery,
      VulnQuery vulnQuery,
      int chunkSize,
      boolean openPorts,
      boolean resourceTags,
      String dedupKey,
      JsonNode filtersEcho,
      Duration queuedFor,
      Duration chunkInterval,
      Duration ttl,
      FaultRule.Kind fault) {
    this.uuid = uuid;
    this.type = type;
    this.v2 = v2;
    this.created = created;
    this.view = view;
    this.assetQuery = assetQuery;
    this.vulnQuery = vulnQuery;
    this.chunkSize = chunkSize;
    this.openPorts = openPorts;
    this.resourceTags = resourceTags;
    this.dedupKey = dedupKey;
    this.filtersEcho = filtersEcho;
    this.queuedFor = queuedFor;
    this.chunkInterval = chunkInterval;
    this.ttl = ttl;
    this.fault = fault;
  }

  public String uuid() {
    return uuid;
  }

  public String type() {
    return type;
  }

  boolean v2() {
    return v2;
  }

  public Instant created() {
    return created;
  }

  String dedupKey() {
    return dedupKey;
  }

  public JsonNode filtersEcho() {
    return filtersEcho;
  }

  public int chunkSize() {
    return chunkSize;
  }

  SyntheticEstate.View view() {
    return view;
  }

  AssetQuery assetQuery() {
    return assetQuery;
  }

  VulnQuery vulnQuery() {
    return vulnQuery;
  }

  boolean openPorts() {
    return openPorts;
  }

  boolean resourceTags() {
    return resourceTags;
  }

  /** What the status endpoint reports at {@code now}. */
  public record Snapshot(
      String status,
      List<Integer> available,
      List<Integer> failed,
      List<Integer> cancelled,
      int total,
      int empty,
      int finished,
      boolean gone,
      String reason) {

    public boolean active() {
      return !gone && (status.equals("QUEUED") || status.equals("PROCESSING"));
    }
  }

  public synchronized Snapshot snapshot(Instant now) {
    if (purged || gone(now)) {
      return new Snapshot("GONE", List.of(), List.of(), List.of(), 0, 0, 0, true, null);
    }
    Instant at = cancelledAt != null ? cancelledAt : now;
    if (at.isBefore(created.plus(queuedFor))) {
      return new Snapshot(
          cancelledAt != null ? "CANCELLED" : "QUEUED",
          List.of(),
          List.of(),
          List.of(),
          0,
          0,
          0,
          false,
          null);
    }
    plan();
    int n = starts.length;
    int ready = ready(at, n);
    String status = ready >= n ? "FINISHED" : "PROCESSING";
    List<Integer> failed = new ArrayList<>();
    List<Integer> cancelled = new ArrayList<>();
    int usable = ready;
    String reason = null;
    if (fault == FaultRule.Kind.ERROR && n > 0) {
      int errorAt = Math.max(1, n / 2);
      if (ready >= errorAt || ready >= n) {
        usable = Math.min(ready, errorAt - 1);
        status = "ERROR";
        reason = ERROR_REASON;
        for (int p = usable; p < n; p++) {
          cancelled.add(chunkAt(p, n) + 1);
        }
      }
    } else if (fault == FaultRule.Kind.CHUNKS_FAILED && n > 0) {
      int failAt = Math.min(1, n - 1);
      if (ready > failAt) {
        usable = failAt;
        failed.add(chunkAt(failAt, n) + 1);
        for (int p = failAt + 1; p < n; p++) {
          cancelled.add(chunkAt(p, n) + 1);
        }
        status = "FINISHED";
        reason =
            failed.size()
                + " of "
                + n
                + " chunks failed to process. The remaining chunks"
                + " are available for download.";
      }
    }
    if (cancelledAt != null) {
      status = "CANCELLED";
      for (int p = usable; p < n; p++) {
        cancelled.add(chunkAt(p, n) + 1);
      }
    }
    List<Integer> available = new ArrayList<>();
    int empty = 0;
    for (int p = 0; p < usable; p++) {
      int chunk = chunkAt(p, n);
      if (isEmpty(chunk)) {
        empty++;
      } else {
        available.add(chunk + 1);
      }
    }
    return new Snapshot(status, available, failed, cancelled, n, empty, usable, false, reason);
  }

  /**
   * The chunk with this id if it can be downloaded at {@code now}; {@link #NOT_READY} for a chunk
   * still being built (the API answers 400), {@link #GONE} otherwise (404). The plan index is
   * returned so the caller can stream its records.
   */
  public synchronized int downloadable(int chunkId, Instant now) {
    Snapshot s = snapshot(now);
    if (s.gone()) {
      return GONE;
    }
    if (s.available().contains(chunkId)) {
      return chunkId - 1;
    }
    // A chunk of the export that is still being built: "not ready for download" (400).
    boolean building = s.status().equals("QUEUED") || s.status().equals("PROCESSING");
    boolean failedOrCancelled = s.failed().contains(chunkId) || s.cancelled().contains(chunkId);
    return building
            && chunkId >= 1
            && (s.total() == 0 || chunkId <= s.total())
            && !failedOrCancelled
        ? NOT_READY
        : GONE;
  }

  synchronized void cancel(Instant now) {
    if (cancelledAt == null) {
      cancelledAt = now;
    }
  }

  public synchronized void purge() {
    purged = true;
  }

  /** How many chunks the export has (empty ones included). */
  public synchronized int chunkCount() {
    plan();
    return starts.length;
  }

  /** True when the export can no longer be downloaded (cancelled, purged or expired). */
  public synchronized boolean over(Instant now) {
    Snapshot s = snapshot(now);
    return s.gone() || s.status().equals("CANCELLED") || s.status().equals("ERROR");
  }

  public boolean expiresOnFirstDownload() {
    return fault == FaultRule.Kind.EXPIRE;
  }

  /** Cancelled jobs keep their chunks for three days; the others for the configured TTL. */
  private boolean gone(Instant now) {
    Duration keep = cancelledAt != null ? Duration.ofDays(3) : ttl;
    return now.isAfter(created.plus(keep));
  }

  private int ready(Instant at, int n) {
    Instant start = created.plus(queuedFor);
    if (chunkInterval.isZero()) {
      return n;
    }
    long elapsed = Duration.between(start, at).toMillis();
    return (int) Math.min(n, elapsed / Math.max(1, chunkInterval.toMillis()));
  }

  /** Chunks become ready out of id order: each adjacent pair is swapped. */
  private static int chunkAt(int position, int n) {
    int swapped = position ^ 1;
    return swapped < n ? swapped : position;
  }

  int[] range(int chunkIndex) {
    return new int[] {starts[chunkIndex], ends[chunkIndex]};
  }

  private void plan() {
    if (starts != null) {
      return;
    }
    int count = view.assetCount();
    int size = chunkSize;
    List<int[]> ranges = new ArrayList<>();
    int start = 0;
    int inChunk = 0;
    for (int i = 0; i < count; i++) {
      AssetState asset = view.asset(i);
      boolean in = assetQuery != null ? assetQuery.matches(asset) : vulnQuery.assetMatches(asset);
      if (in && ++inChunk == size) {
        ranges.add(new int[] {start, i + 1});
        start = i + 1;
        inChunk = 0;
      }
    }
    if (inChunk > 0) {
      ranges.add(new int[] {start, count});
    }
    starts = new int[ranges.size()];
    ends = new int[ranges.size()];
    for (int k = 0; k < ranges.size(); k++) {
      starts[k] = ranges.get(k)[0];
      ends[k] = ranges.get(k)[1];
    }
    findingCounts = new int[ranges.size()];
    Arrays.fill(findingCounts, -1);
  }

  /** Vuln chunks whose assets have no matching finding are empty and never listed. */
  private boolean isEmpty(int chunk) {
    if (vulnQuery == null) {
      return false;
    }
    if (findingCounts[chunk] < 0) {
      int found = 0;
      for (int i = starts[chunk]; i < ends[chunk]; i++) {
        AssetState asset = view.asset(i);
        if (!vulnQuery.assetMatches(asset) || !vulnQuery.mayMatch(asset)) {
          continue;
        }
        for (FindingState f : view.findings(asset)) {
          if (vulnQuery.findingMatches(f)) {
            found++;
          }
        }
      }
      findingCounts[chunk] = found;
    }
    return findingCounts[chunk] == 0;
  }
}

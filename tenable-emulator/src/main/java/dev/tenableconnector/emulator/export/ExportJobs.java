package dev.tenableconnector.emulator.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The export jobs of one emulated Tenable container: creation with the API's validation, duplicate
 * detection (409 with {@code active_job_id}), the concurrency limit (429), cancellation and job
 * lists.
 */
public final class ExportJobs {
  private final SyntheticEstate estate;
  private final Duration defaultQueuedFor;
  private final Duration defaultChunkInterval;
  private final Duration ttl;
  private final int maxConcurrent;
  private final boolean replaceDuplicateAssets;
  private final Map<String, ExportJob> jobs = new LinkedHashMap<>();

  public ExportJobs(
      SyntheticEstate estate,
      Duration queuedFor,
      Duration chunkInterval,
      Duration ttl,
      int maxConcurrent,
      boolean replaceDuplicateAssets) {
    this.estate = estate;
    this.defaultQueuedFor = queuedFor;
    this.defaultChunkInterval = chunkInterval;
    this.ttl = ttl;
    this.maxConcurrent = maxConcurrent;
    this.replaceDuplicateAssets = replaceDuplicateAssets;
  }

  /** A request that duplicates a running export. */
  public static final class Conflict extends RuntimeException {
    private final String activeJobId;

    Conflict(String activeJobId) {
      super(
          "Duplicate export not allowed. Please modify request or wait until existing export"
              + " is complete.");
      this.activeJobId = activeJobId;
    }

    public String activeJobId() {
      return activeJobId;
    }
  }

  /** A request over the concurrent export limit. */
  public static final class TooMany extends RuntimeException {
    TooMany(int limit) {
      super("You have reached the maximum number of concurrent exports (" + limit + ")");
    }
  }

  /** Starts an export of {@code type} ({@code assets} or {@code vulns}) from its request body. */
  public synchronized ExportJob create(
      String type, boolean v2, JsonNode body, Instant now, FaultRule jobFault) {
    if (body == null || !body.isObject()) {
      throw new BadRequest("The request body must be a JSON object");
    }
    JsonNode filters = body.get("filters");
    AssetQuery assetQuery = null;
    VulnQuery vulnQuery = null;
    int chunkSize;
    JsonNode echo;
    if (type.equals("assets")) {
      JsonNode size = body.get("chunk_size");
      if (size == null
          || !(size.canConvertToInt() || size.isTextual() && size.asText().matches("\\d+"))) {
        throw new BadRequest("chunk_size is required and must be an integer between 100 and 10000");
      }
      chunkSize = size.asInt();
      if (chunkSize < 100 || chunkSize > 10_000) {
        throw new BadRequest("chunk_size must be between 100 and 10000 (was " + chunkSize + ")");
      }
      if (body.path("include_resource_tags").asBoolean(false) && chunkSize > 1000) {
        throw new BadRequest(
            "chunk_size must be at most 1000 when include_resource_tags is true"
                + " (was "
                + chunkSize
                + ")");
      }
      assetQuery = AssetQuery.parse(filters, v2, estate.settings().seed());
      echo = filters == null ? JsonNodeFactory.instance.objectNode() : filters;
    } else {
      JsonNode num = body.get("num_assets");
      int n = 50;
      if (num != null && !num.isNull()) {
        if (!(num.canConvertToInt() || num.isTextual() && num.asText().matches("\\d+"))) {
          throw new BadRequest("num_assets must be an integer");
        }
        n = num.asInt();
      }
      chunkSize = Math.max(50, Math.min(5000, n)); // the API clamps rather than refuses
      JsonNode unlicensed = body.get("include_unlicensed");
      vulnQuery = VulnQuery.parse(filters, unlicensed != null && unlicensed.asBoolean(false));
      vulnQuery.applyDefaultWindow(now);
      echo = vulnQuery.echo;
    }
    String dedupKey = type + (v2 ? "-v2" : "") + ":" + canonical(body);
    List<ExportJob> active = new ArrayList<>();
    for (ExportJob job : jobs.values()) {
      if (job.snapshot(now).active()) {
        active.add(job);
      }
    }
    for (ExportJob job : List.copyOf(active)) {
      if (job.dedupKey().equals(dedupKey)) {
        if (replaceDuplicateAssets && type.equals("assets")) {
          job.cancel(now); // "the old export is canceled and a new export is submitted"
          active.remove(job);
        } else {
          throw new Conflict(job.uuid());
        }
      }
    }
    if (active.size() >= maxConcurrent) {
      throw new TooMany(maxConcurrent);
    }
    Duration queuedFor = defaultQueuedFor;
    Duration interval = defaultChunkInterval;
    FaultRule.Kind fault = null;
    if (jobFault != null) {
      fault = jobFault.kind();
      if (fault == FaultRule.Kind.SLOW) {
        queuedFor = FaultRule.duration(jobFault.option("queued", "2s"));
        interval = FaultRule.duration(jobFault.option("interval", "500ms"));
      }
    }
    ExportJob job =
        new ExportJob(
            UUID.randomUUID().toString(),
            type,
            v2,
            now,
            estate.view(),
            assetQuery,
            vulnQuery,
            chunkSize,
            body.path("include_open_ports").asBoolean(false),
            body.path("include_resource_tags").asBoolean(false),
            dedupKey,
            echo,
            queuedFor,
            interval,
            ttl,
            fault);
    jobs.put(job.uuid(), job);
    purgeOld(now);
    return job;
  }

  /** The job of this type, or null when it is unknown or gone. */
  public synchronized ExportJob get(String type, String uuid, Instant now) {
    ExportJob job = jobs.get(uuid);
    if (job == null || !job.type().equals(type) || job.snapshot(now).gone()) {
      return null;
    }
    return job;
  }

  /** Cancels a job; a finished one cannot be cancelled (400, as the API says). */
  public synchronized void cancel(ExportJob job, Instant now) {
    ExportJob.Snapshot s = job.snapshot(now);
    if (s.status().equals("FINISHED") || s.status().equals("ERROR")) {
      throw new BadRequest("Cannot cancel a completed job");
    }
    job.cancel(now);
  }

  /**
   * The job list: for vulns, active jobs and those finished within three days; for assets, the
   * 1,000 most recent whatever their state. Newest first.
   */
  public synchronized JsonNode list(String type, Instant now) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    var exports = out.putArray("exports");
    List<ExportJob> ofType = new ArrayList<>();
    for (ExportJob job : jobs.values()) {
      if (job.type().equals(type)) {
        ofType.add(job);
      }
    }
    ofType.sort(Comparator.comparing(ExportJob::created).reversed());
    for (ExportJob job : ofType.subList(0, Math.min(1000, ofType.size()))) {
      ExportJob.Snapshot s = job.snapshot(now);
      if (s.gone() && type.equals("vulns")) {
        continue;
      }
      ObjectNode e = exports.addObject();
      e.put("uuid", job.uuid());
      e.put("status", s.gone() ? "FINISHED" : s.status());
      e.put("total_chunks", s.total());
      if (type.equals("vulns")) {
        e.put("chunks_available_count", s.available().size());
        e.put("empty_chunks_count", s.empty());
      }
      e.put("finished_chunks", s.finished());
      if (s.reason() != null) {
        e.put("reason", s.reason());
      }
      // Tenable's examples: the asset job list gives the filters as a JSON-encoded string, the
      // vuln job list as an object.
      if (type.equals("vulns")) {
        e.set("filters", job.filtersEcho());
      } else {
        e.put("filters", job.filtersEcho().toString());
      }
      e.put("num_assets_per_chunk", job.chunkSize());
      e.put("created", job.created().toEpochMilli());
    }
    return out;
  }

  private void purgeOld(Instant now) {
    jobs.values().removeIf(job -> job.created().plus(ttl).plus(Duration.ofDays(3)).isBefore(now));
  }

  /** The body with object keys sorted at every depth, so that key order makes no duplicate. */
  private static String canonical(JsonNode node) {
    if (node.isObject()) {
      java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
      node.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      return sorted.toString();
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.add(canonical(item)));
      return items.toString();
    }
    return node.asText().toLowerCase(java.util.Locale.ROOT);
  }
}

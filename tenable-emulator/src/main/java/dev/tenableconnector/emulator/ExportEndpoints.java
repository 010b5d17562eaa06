package dev.tenableconnector.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.emulator.export.BadRequest;
import dev.tenableconnector.emulator.export.ChunkCache;
import dev.tenableconnector.emulator.export.ChunkStreamer;
import dev.tenableconnector.emulator.export.ExportJob;
import dev.tenableconnector.emulator.export.ExportJobs;
import dev.tenableconnector.emulator.fault.FaultPlan;
import dev.tenableconnector.emulator.fault.FaultRule;
import dev.tenableconnector.emulator.http.Reply;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** The export endpoints as Tenable answers them: start, status, cancel and chunk, with faults. */
final class ExportEndpoints {
  private final EmulatorConfig config;
  private final ExportJobs jobs;
  private final FaultPlan faults;
  private final ObjectMapper mapper = new ObjectMapper();
  private final ChunkStreamer streamer = new ChunkStreamer();
  private final ChunkCache cache;

  /** The estate as it stands now, for the {@code revised} chunk fault. */
  private final java.util.function.Supplier<dev.tenableconnector.emulator.data.SyntheticEstate.View>
      estateNow;

  ExportEndpoints(
      EmulatorConfig config,
      ExportJobs jobs,
      FaultPlan faults,
      ChunkCache cache,
      java.util.function.Supplier<dev.tenableconnector.emulator.data.SyntheticEstate.View>
          estateNow) {
    this.estateNow = estateNow;
    this.config = config;
    this.jobs = jobs;
    this.faults = faults;
    this.cache = cache;
  }

  /** The checks every export endpoint shares: method, permission, faults; then the call. */
  Reply call(
      String method,
      String expected,
      String type,
      FaultRule.Target target,
      java.util.function.Supplier<Reply> call) {
    if (!method.equals(expected)) {
      return JsonReplies.error(405, "Method Not Allowed", "Method not allowed");
    }
    if (config.permissions() < 16 && !config.customRole() || config.denyExports()) {
      return JsonReplies.error(
          403, "Forbidden", "You do not have permission to perform this action");
    }
    Optional<FaultRule> fault = faults.fire(target, type);
    if (fault.isPresent()) {
      FaultRule rule = fault.get();
      if (target == FaultRule.Target.START
          && rule.kind() == FaultRule.Kind.HTTP
          && Boolean.parseBoolean(rule.option("create", "false"))) {
        call.get(); // the job is created, but the client is told it failed
      }
      if (target == FaultRule.Target.CHUNK
          && (rule.kind() == FaultRule.Kind.TRUNCATE
              || rule.kind() == FaultRule.Kind.MALFORMED
              || rule.kind() == FaultRule.Kind.STALL
              || rule.kind() == FaultRule.Kind.REVISED)) {
        Reply real = call.get();
        if (real.streamed()) {
          int bytes = Integer.parseInt(rule.option("bytes", "2048"));
          return switch (rule.kind()) {
            case TRUNCATE -> real.cutOff(bytes, Duration.ZERO);
            case STALL -> real.cutOff(bytes, FaultRule.duration(rule.option("for", "60s")));
            case REVISED ->
                real.revised()
                    .cutOff(Integer.parseInt(rule.option("bytes", "65536")), Duration.ZERO);
            default -> real.malformed();
          };
        }
        return real;
      }
      return faultReply(rule);
    }
    return call.get();
  }

  Reply faultReply(FaultRule rule) {
    if (rule.kind() == FaultRule.Kind.DROP) {
      return Reply.drop();
    }
    int status = rule.status();
    if (status == 429) {
      String retryAfter = rule.option("retry-after", "1");
      Reply r = JsonReplies.tooManyRequests();
      if (retryAfter.equalsIgnoreCase("date")) {
        r.header(
            "Retry-After",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(
                config.clock().instant().plusSeconds(2).atOffset(ZoneOffset.UTC)));
      } else if (!retryAfter.equalsIgnoreCase("none")) {
        r.header("Retry-After", retryAfter);
      }
      return r;
    }
    return JsonReplies.error(status, JsonReplies.reason(status), "Injected fault " + rule);
  }

  Reply startExport(String type, boolean v2, byte[] body, Instant now) {
    JsonNode json;
    try {
      json = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
    } catch (IOException e) {
      throw new BadRequest("The request body is not valid JSON");
    }
    FaultRule jobFault = faults.fire(FaultRule.Target.JOB, type).orElse(null);
    try {
      ExportJob job = jobs.create(type, v2, json, now, jobFault);
      if (cache != null) {
        cache.prepare(job);
      }
      return JsonReplies.json(200, mapper.createObjectNode().put("export_uuid", job.uuid()));
    } catch (ExportJobs.Conflict c) {
      if (faults.fire(FaultRule.Target.DUPLICATE, type).isPresent()) {
        // The form Tenable has been seen to use instead of the documented 409.
        return JsonReplies.error(
            429,
            "Too Many Requests",
            "Duplicate export (job_uuid="
                + c.activeJobId()
                + " container_uuid="
                + TenableEmulator.CONTAINER_UUID
                + "). not allowed. Please modify request or"
                + " wait until existing export is complete.");
      }
      return JsonReplies.json(
          409,
          mapper
              .createObjectNode()
              .put("active_job_id", c.activeJobId())
              .put("failure_reason", c.getMessage()));
    } catch (ExportJobs.TooMany t) {
      Reply r = JsonReplies.tooManyRequests();
      r.header("Retry-After", Integer.toString(config.concurrencyRetryAfterSeconds()));
      return r;
    }
  }

  Reply status(String type, String uuid, Instant now) {
    ExportJob job = jobs.get(type, uuid, now);
    if (job == null) {
      return statusMessage(404, "Export expired or not found");
    }
    ExportJob.Snapshot s = job.snapshot(now);
    ObjectNode out = mapper.createObjectNode();
    if (type.equals("assets")) {
      // Asset status responses carry these keys only; reason only in ERROR.
      out.put("status", s.status());
      if (s.reason() != null && s.status().equals("ERROR")) {
        out.put("reason", s.reason());
      }
      ints(out.putArray("chunks_available"), s.available());
      return JsonReplies.json(200, out);
    }
    out.put("uuid", job.uuid());
    out.put("status", s.status());
    if (s.reason() != null) {
      out.put("reason", s.reason());
    }
    ints(out.putArray("chunks_available"), s.available());
    ints(out.putArray("chunks_failed"), s.failed());
    ints(out.putArray("chunks_cancelled"), s.cancelled());
    out.put("total_chunks", s.total());
    out.put("chunks_available_count", s.available().size());
    out.put("empty_chunks_count", s.empty());
    out.put("finished_chunks", s.finished());
    out.set("filters", job.filtersEcho());
    out.put("num_assets_per_chunk", job.chunkSize());
    out.put("created", job.created().toEpochMilli());
    return JsonReplies.json(200, out);
  }

  Reply cancel(String type, String uuid, Instant now) {
    ExportJob job = jobs.get(type, uuid, now);
    if (job == null) {
      return statusMessage(404, "Job with UUID: " + uuid + " not found");
    }
    try {
      jobs.cancel(job, now);
      if (cache != null) {
        cache.forget(job);
      }
    } catch (BadRequest finished) {
      return statusMessage(400, finished.getMessage());
    }
    return JsonReplies.json(200, mapper.createObjectNode().put("status", "CANCELLED"));
  }

  Reply chunk(String type, String uuid, String chunkText, Instant now) {
    ExportJob job = jobs.get(type, uuid, now);
    if (job == null) {
      return chunkDoesNotExist();
    }
    int chunkId;
    try {
      chunkId = Integer.parseInt(chunkText);
    } catch (NumberFormatException e) {
      throw new BadRequest("Chunk id must be an integer");
    }
    int index = job.downloadable(chunkId, now);
    if (index == ExportJob.NOT_READY) {
      return JsonReplies.error(
          400, "Bad Request", "Chunk " + chunkId + " is not ready for download");
    }
    if (index < 0) {
      return chunkDoesNotExist();
    }
    List<FaultRule> recordFaults = faults.recordFaults(type);
    String contentType =
        type.equals("assets") ? "application/json;charset=utf-8" : "application/octet-stream";
    Reply reply =
        Reply.stream(
            contentType,
            out -> {
              streamer.write(job, index, recordFaults, out);
              done(job);
            });
    reply.withRevised(out -> streamer.write(job, estateNow.get(), index, recordFaults, out));
    Optional<java.nio.file.Path> rendered =
        cache == null || !recordFaults.isEmpty() ? Optional.empty() : cache.get(job, index);
    rendered.ifPresent(
        file ->
            reply.withGzipped(
                out -> {
                  java.nio.file.Files.copy(file, out);
                  done(job);
                }));
    return reply;
  }

  /** A chunk was sent: an export that expires on its first download goes. */
  private void done(ExportJob job) {
    if (job.expiresOnFirstDownload()) {
      job.purge();
      if (cache != null) {
        cache.forget(job);
      }
    }
  }

  private Reply chunkDoesNotExist() {
    return JsonReplies.json(404, mapper.createObjectNode().put("error", "Chunk does not exist"));
  }

  private static void ints(ArrayNode array, List<Integer> values) {
    values.forEach(array::add);
  }

  /** The {@code {"status": N, "message": ...}} body Tenable answers export calls with. */
  private Reply statusMessage(int status, String message) {
    return JsonReplies.json(
        status, mapper.createObjectNode().put("status", status).put("message", message));
  }
}

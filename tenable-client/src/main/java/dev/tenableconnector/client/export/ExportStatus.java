package dev.tenableconnector.client.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An export job's status. Asset jobs report only {@code status} and {@code chunks_available} (and
 * {@code reason} in ERROR); vuln jobs add the chunk lists and counts, so those are nullable or
 * empty. {@code reason} is Tenable's words for an ERROR or a FINISHED export with failed chunks.
 */
public record ExportStatus(
    String uuid,
    ExportState state,
    String rawStatus,
    List<Integer> chunksAvailable,
    List<Integer> chunksFailed,
    List<Integer> chunksCancelled,
    Integer totalChunks,
    Integer chunksAvailableCount,
    Integer emptyChunksCount,
    Integer finishedChunks,
    Integer numAssetsPerChunk,
    Instant created,
    JsonNode filters,
    String reason) {

  static ExportStatus from(String uuid, JsonNode body) {
    String status = body.path("status").asText(null);
    JsonNode created = body.get("created");
    return new ExportStatus(
        body.hasNonNull("uuid") ? body.get("uuid").asText() : uuid,
        ExportState.of(status),
        status,
        ints(body.get("chunks_available")),
        ints(body.get("chunks_failed")),
        ints(body.get("chunks_cancelled")),
        optInt(body.get("total_chunks")),
        optInt(body.get("chunks_available_count")),
        optInt(body.get("empty_chunks_count")),
        optInt(body.get("finished_chunks")),
        optInt(body.get("num_assets_per_chunk")),
        created != null && created.canConvertToLong() ? epochMillis(created.asLong()) : null,
        body.get("filters"),
        body.hasNonNull("reason") ? body.get("reason").asText() : null);
  }

  /** Tenable sends {@code created} in milliseconds; tolerate seconds as well. */
  static Instant epochMillis(long value) {
    return value < 100_000_000_000L ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
  }

  static List<Integer> ints(JsonNode node) {
    if (node == null || !node.isArray()) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>(node.size());
    for (JsonNode n : node) {
      if (n.canConvertToInt() || n.isTextual() && n.asText().matches("\\d+")) {
        out.add(n.asInt());
      }
    }
    return List.copyOf(out);
  }

  static Integer optInt(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.canConvertToInt() || node.isTextual() && node.asText().matches("\\d+")) {
      return node.asInt();
    }
    return null;
  }
}

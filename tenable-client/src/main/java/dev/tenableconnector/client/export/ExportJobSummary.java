package dev.tenableconnector.client.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of an export job list ({@code GET /{assets|vulns}/export/status}). {@code filters} is
 * as Tenable lists it: a JSON-encoded string (assets) or an object (vulns); see {@link
 * FilterMatch}.
 */
public record ExportJobSummary(
    String uuid,
    ExportState state,
    Integer totalChunks,
    Integer finishedChunks,
    Integer chunkSize,
    Instant created,
    JsonNode filters,
    String reason) {

  static ExportJobSummary from(JsonNode n) {
    JsonNode created = n.get("created");
    Integer chunkSize = ExportStatus.optInt(n.get("num_assets_per_chunk"));
    if (chunkSize == null) {
      chunkSize = ExportStatus.optInt(n.get("chunk_size"));
    }
    return new ExportJobSummary(
        n.path("uuid").asText(null),
        ExportState.of(n.path("status").asText(null)),
        ExportStatus.optInt(n.get("total_chunks")),
        ExportStatus.optInt(n.get("finished_chunks")),
        chunkSize,
        created != null && created.canConvertToLong()
            ? ExportStatus.epochMillis(created.asLong())
            : null,
        n.get("filters"),
        n.hasNonNull("reason") ? n.get("reason").asText() : null);
  }
}

package dev.tenableconnector.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What the connector hands its tasks for one cycle: the cycle's number and mode, the watermark it
 * started from and the one it moves to (ISO instants), the lanes, and each finished export with its
 * chunks, in the order the tasks read them (assets before findings). A plan whose {@code summary}
 * is set describes a cycle that is over: task 0 writes the summary to the sync topic, once.
 */
record CyclePlan(
    long cycle,
    String mode,
    String watermarkBefore,
    String watermarkAfter,
    int lanes,
    List<PlannedExport> exports,
    Summary summary) {

  /** One export of the cycle, FINISHED on Tenable's side, with the chunks it has. */
  record PlannedExport(
      String phase, String kind, String uuid, String dataAsOf, List<Integer> chunks) {}

  /** What a finished cycle did, summed over its lanes. */
  record Summary(long assets, long findings, long rejected, String finishedAt) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  boolean finished() {
    return summary != null;
  }

  /** The export uuids in order: a lane's offset names them, so a new plan never reuses one. */
  String exportIds() {
    return String.join(",", exports.stream().map(PlannedExport::uuid).toList());
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static CyclePlan parse(String json) {
    try {
      return JSON.readValue(json, CyclePlan.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a cycle plan: " + e.getOriginalMessage(), e);
    }
  }
}

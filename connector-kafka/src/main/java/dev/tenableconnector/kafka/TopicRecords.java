package dev.tenableconnector.kafka;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.NormalizedRecord;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The records a task writes for one cycle's plan, each with its topic, key, value and offset:
 * assets and findings keyed for compaction, set-aside records, and the sync topic's progress, start
 * and summary records.
 */
final class TopicRecords {
  private final KafkaSettings settings;
  private final CyclePlan plan;

  TopicRecords(KafkaSettings settings, CyclePlan plan) {
    this.settings = settings;
    this.plan = plan;
  }

  /** An asset (keyed by externalAssetId) or a finding (by externalFindingId). */
  SourceRecord data(NormalizedRecord record, LaneOffset offset) {
    return keyed(record, offset, RecordSchemas.struct(record));
  }

  /** The null value after a deleted or terminated asset, so that compaction drops its key. */
  SourceRecord tombstone(NormalizedRecord record, LaneOffset offset) {
    return keyed(record, offset, null);
  }

  private SourceRecord keyed(NormalizedRecord record, LaneOffset offset, Struct value) {
    boolean asset = record.entity() == Entity.ASSET;
    return new SourceRecord(
        LaneOffset.partition(offset.laneIndex()),
        offset.toMap(),
        settings.topic(asset ? "assets" : "findings"),
        null,
        Schema.STRING_SCHEMA,
        record.text(asset ? "externalAssetId" : "externalFindingId"),
        RecordSchemas.of(record.entity()),
        value);
  }

  SourceRecord rejected(
      Entity entity,
      String exportUuid,
      int chunk,
      int position,
      String reason,
      String excerpt,
      LaneOffset offset) {
    Struct value =
        new Struct(RecordSchemas.REJECTED)
            .put("entity", entity.name())
            .put("exportUuid", exportUuid)
            .put("chunk", chunk)
            .put("position", position)
            .put("reason", reason)
            .put("excerpt", excerpt);
    return new SourceRecord(
        LaneOffset.partition(offset.laneIndex()),
        offset.toMap(),
        settings.topic("rejected"),
        null,
        Schema.STRING_SCHEMA,
        exportUuid + "/" + chunk + "/" + position,
        RecordSchemas.REJECTED,
        value);
  }

  /** A progress record: it moves a lane's offset where no data record does. */
  SourceRecord progress(String type, String exportUuid, Integer chunk, LaneOffset offset) {
    Struct value =
        new Struct(RecordSchemas.SYNC)
            .put("type", type)
            .put("cycle", plan.cycle())
            .put("mode", plan.mode())
            .put("lane", offset.laneIndex())
            .put("exportUuid", exportUuid)
            .put("chunk", chunk)
            .put("assets", offset.assets())
            .put("findings", offset.findings())
            .put("rejected", offset.rejected())
            .put("at", Instant.now().toString());
    return new SourceRecord(
        LaneOffset.partition(offset.laneIndex()),
        offset.toMap(),
        settings.topic("sync"),
        null,
        Schema.STRING_SCHEMA,
        "lane-" + offset.laneIndex(),
        RecordSchemas.SYNC,
        value);
  }

  /**
   * The plan in the summary partition ({@code state} STARTED or FINISHED), as the sync topic's
   * CYCLE_STARTED or SUMMARY record.
   */
  SourceRecord plan(String state) {
    Struct value =
        new Struct(RecordSchemas.SYNC)
            .put("type", plan.finished() ? "SUMMARY" : "CYCLE_STARTED")
            .put("cycle", plan.cycle())
            .put("mode", plan.mode())
            .put("watermarkBefore", plan.watermarkBefore())
            .put("watermarkAfter", plan.watermarkAfter())
            .put("at", plan.finished() ? plan.summary().finishedAt() : Instant.now().toString());
    if (plan.finished()) {
      value
          .put("assets", plan.summary().assets())
          .put("findings", plan.summary().findings())
          .put("rejected", plan.summary().rejected());
    }
    return new SourceRecord(
        LaneOffset.SUMMARY_PARTITION,
        Map.of("cycle", plan.cycle(), "state", state, "plan", plan.toJson()),
        settings.topic("sync"),
        null,
        Schema.STRING_SCHEMA,
        "cycle-" + plan.cycle(),
        RecordSchemas.SYNC,
        value);
  }
}

package dev.tenableconnector.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.export.RecordConsumer;
import dev.tenableconnector.client.export.RecordIssue;
import dev.tenableconnector.client.model.TenableAsset;
import dev.tenableconnector.client.model.TenableFinding;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.FindingLayout;
import dev.tenableconnector.core.store.RawCodec;
import dev.tenableconnector.core.store.RejectedRecord;
import dev.tenableconnector.core.store.SharedFacts;
import dev.tenableconnector.core.store.StoreRow;
import dev.tenableconnector.core.transform.Transformer;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Transforms one chunk's records into batches for its sink; rejects and filters with counts. A
 * finding's plugin and asset facts go into shared parts (see {@link FindingLayout}).
 */
final class ChunkConsumer<T> implements RecordConsumer<T> {
  private static final int EXCERPT = 500;

  /**
   * A batch also ends at this many bytes: plugin output can reach 1 MiB per finding, and a batch of
   * such records must not grow with the record count.
   */
  private static final long BATCH_BYTES = 4L << 20;

  private final Entity entity;
  private final String exportUuid;
  private final int chunkId;
  private final StoreWriter.Sink sink;
  private final Transformer transformer;
  private final AssetContextCache assets;
  private final boolean cveOnly;
  private final int batchSize;
  private final SharedFacts shared;
  private final ObjectMapper mapper;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
  final ChunkCounts counts = new ChunkCounts();
  private List<StoreRow> batch;
  private long batchBytes;
  private int position;

  ChunkConsumer(
      Entity entity,
      String exportUuid,
      int chunkId,
      StoreWriter.Sink sink,
      Transformer transformer,
      AssetContextCache assets,
      boolean cveOnly,
      int batchSize,
      SharedFacts shared,
      ObjectMapper mapper) {
    this.entity = entity;
    this.exportUuid = exportUuid;
    this.chunkId = chunkId;
    this.sink = sink;
    this.transformer = transformer;
    this.assets = assets;
    this.cveOnly = cveOnly;
    this.batchSize = batchSize;
    this.shared = shared;
    this.mapper = mapper;
    this.batch = new ArrayList<>(batchSize);
  }

  @Override
  public void record(T record) throws Exception {
    // A v2 asset record is mapped and stored in its v1 layout, so that the map, remap and the
    // findings' $asset. enrichment read one layout whichever export an asset came from.
    ObjectNode raw =
        record instanceof TenableAsset a
            ? TenableAsset.isV2(a.raw()) ? TenableAsset.flattenV2(a.raw()) : a.raw()
            : ((TenableFinding) record).raw();
    JsonNode context =
        assets == null ? null : assets.get(raw.path("asset").path("uuid").asText(null));
    Transformer.Outcome outcome = transformer.transform(entity, raw, context);
    if (outcome.isRejected()) {
      flush();
      counts.seen++;
      counts.rejected++;
      sink.reject(
          new RejectedRecord(
              entity, exportUuid, chunkId, position, outcome.rejection(), excerpt(raw.toString())));
    } else if (cveOnly && outcome.record().strings("cveId").isEmpty()) {
      counts.seen++;
      counts.filtered++;
    } else {
      StoreRow row = row(entity, outcome.record(), raw, shared, mapper, buffer);
      batch.add(row);
      batchBytes += row.bytes();
      if (batch.size() >= batchSize || batchBytes >= BATCH_BYTES) {
        flush();
      }
    }
    position++;
  }

  @Override
  public void rejected(RecordIssue issue) throws Exception {
    flush();
    counts.seen++;
    counts.rejected++;
    sink.reject(
        new RejectedRecord(
            entity,
            issue.exportUuid(),
            issue.chunkId(),
            issue.position(),
            issue.reason(),
            issue.excerpt()));
    position = issue.position() + 1;
  }

  void flush() throws Exception {
    if (!batch.isEmpty()) {
      sink.write(batch);
      batch = new ArrayList<>(batchSize);
      batchBytes = 0;
    }
  }

  /**
   * The row of a record: an asset's normalized record whole and its raw record compressed (the hash
   * is over the JSON), a finding's laid out by {@link FindingLayout} ({@code raw} loses the members
   * its shared parts take).
   */
  static StoreRow row(
      Entity entity,
      NormalizedRecord record,
      ObjectNode raw,
      SharedFacts shared,
      ObjectMapper mapper,
      ByteArrayOutputStream buffer)
      throws java.io.IOException {
    if (entity == Entity.FINDING) {
      return FindingLayout.row(record, raw, shared, RawCodec.forThisThread(), mapper, buffer);
    }
    byte[] rawBytes = mapper.writeValueAsBytes(raw);
    byte[] data = RecordJson.compactBytes(record, buffer);
    long hash = StoreRow.hash(data, rawBytes);
    return new StoreRow(
        record.text("externalAssetId"),
        null,
        record.text("assetName"),
        record.text("assetStatus"),
        null,
        null,
        record.text("cloudProvider"),
        text(record.instant("updatedAt")),
        hash,
        data,
        RawCodec.forThisThread().encodeAsset(rawBytes),
        null,
        null,
        null);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String excerpt(String text) {
    return text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…" : text;
  }
}

package dev.tenableconnector.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.ChunkTransaction;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.RejectedRecord;
import dev.tenableconnector.core.store.RunFailure;
import dev.tenableconnector.core.store.RunLock;
import dev.tenableconnector.core.store.RunMode;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.SharedFacts;
import dev.tenableconnector.core.store.StoreRow;
import dev.tenableconnector.core.store.StoredRecord;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.core.transform.Transformer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-applies a (changed) transform map and severity mapping to the raw Tenable records already in
 * the store, without exporting again: every asset, then every finding (its raw record reassembled
 * from its own members and its shared parts, with its asset's record for enrichment), in
 * transactions of a thousand records. Recorded in the run history as a {@code REMAP} run; the delta
 * watermark does not move. A record the new map rejects keeps its previous row and is listed with
 * the run's rejected records.
 */
public final class Remapper {
  private static final int BATCH = 1000;

  private final InventoryStore store;
  private final TransformMap map;
  private final SeverityMapping severity;
  private final String connector;
  private final Clock clock;
  private final ObjectMapper mapper = new ObjectMapper();

  public Remapper(
      InventoryStore store,
      TransformMap map,
      SeverityMapping severity,
      String connector,
      Clock clock) {
    this.store = store;
    this.map = map;
    this.severity = severity;
    this.connector = connector;
    this.clock = clock;
  }

  public SyncReport run() {
    try (RunLock lock = store.lock(connector)) {
      Instant watermark = store.watermark(connector).orElse(null);
      long runId =
          store.startRun(
              connector,
              RunMode.REMAP,
              Scope.ASSETS_AND_FINDINGS.cliName(),
              "-",
              "{\"remap\":true}",
              map.name(),
              watermark,
              clock.instant());
      try {
        Transformer transformer = new Transformer(map, severity);
        AssetContextCache assets = new AssetContextCache(store, mapper, 4096);
        SharedFacts shared = new SharedFacts(mapper);
        for (Entity entity : Entity.values()) {
          Pass pass = new Pass(runId, entity, transformer, assets, shared);
          store.forEach(entity, connector, pass::accept);
          pass.flush();
        }
        store.completeRun(runId, clock.instant(), watermark);
      } catch (RuntimeException e) {
        store.failRun(
            runId,
            clock.instant(),
            new RunFailure(
                "REMAP",
                null,
                e.getMessage(),
                "Check the map file and the database, then run remap again; the inventory is unchanged"
                    + " apart from batches already applied."));
      }
      RunRecord run = store.run(runId).orElseThrow();
      return new SyncReport(
          run,
          run.errorCode() == null
              ? null
              : new RunFailure(
                  run.errorCode(), run.tenableStatus(), run.errorMessage(), run.remedy()));
    }
  }

  /** One entity's records, transformed and written a batch (one transaction) at a time. */
  private final class Pass {
    private final long runId;
    private final Entity entity;
    private final Transformer transformer;
    private final AssetContextCache assets;
    private final SharedFacts shared;
    private final String exportId;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
    private final List<StoreRow> rows = new ArrayList<>();
    private final List<RejectedRecord> rejected = new ArrayList<>();
    private int batchNumber;
    private int position;

    Pass(
        long runId,
        Entity entity,
        Transformer transformer,
        AssetContextCache assets,
        SharedFacts shared) {
      this.runId = runId;
      this.entity = entity;
      this.transformer = transformer;
      this.assets = assets;
      this.shared = shared;
      this.exportId = "remap-" + runId + "-" + entity.plural();
    }

    void accept(StoredRecord stored) {
      ObjectNode raw;
      try {
        raw = (ObjectNode) mapper.readTree(stored.raw());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      JsonNode context =
          entity == Entity.FINDING ? assets.get(raw.path("asset").path("uuid").asText(null)) : null;
      Transformer.Outcome outcome = transformer.transform(entity, raw, context);
      if (outcome.isRejected()) {
        rejected.add(
            new RejectedRecord(
                entity,
                exportId,
                batchNumber + 1,
                position,
                "remap: " + outcome.rejection() + " (the previous row is kept)",
                stored.raw().length() > 500 ? stored.raw().substring(0, 500) + "…" : stored.raw()));
      } else {
        try {
          rows.add(ChunkConsumer.row(entity, outcome.record(), raw, shared, mapper, buffer));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      position++;
      if (rows.size() + rejected.size() >= BATCH) {
        flush();
      }
    }

    void flush() {
      if (rows.isEmpty() && rejected.isEmpty()) {
        return;
      }
      batchNumber++;
      ChunkCounts counts = new ChunkCounts();
      try (ChunkTransaction tx = store.beginChunk(runId, exportId, batchNumber, entity)) {
        tx.write(entity, rows, counts);
        for (RejectedRecord r : rejected) {
          tx.reject(r);
          counts.seen++;
          counts.rejected++;
        }
        tx.commit(counts);
      }
      rows.clear();
      rejected.clear();
      position = 0;
    }
  }
}

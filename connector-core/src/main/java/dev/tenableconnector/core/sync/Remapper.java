package dev.tenableconnector.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.RecordJson;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.ChunkTransaction;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.RejectedRecord;
import dev.tenableconnector.core.store.RunFailure;
import dev.tenableconnector.core.store.RunLock;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.StoreRow;
import dev.tenableconnector.core.store.StoredRecord;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.core.transform.Transformer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-applies a (changed) transform map and severity mapping to the raw Tenable records already in
 * the store, without exporting again: every asset, then every finding (with its plugin object put
 * back and its asset's record for enrichment), in transactions of a thousand records. Recorded in
 * the run history as a {@code REMAP} run; the delta watermark does not move. A record the new map
 * rejects keeps its previous row and is listed with the run's rejected records.
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
              "REMAP",
              Scope.ASSETS_AND_FINDINGS.cliName(),
              "-",
              "{\"remap\":true}",
              map.name(),
              watermark,
              clock.instant());
      try {
        Transformer transformer = new Transformer(map, severity);
        AssetContextCache assets = new AssetContextCache(store, mapper, 4096);
        Map<Long, ObjectNode> plugins = new HashMap<>();
        for (Entity entity : Entity.values()) {
          Pass pass = new Pass(runId, entity, transformer, assets, plugins);
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
    private final Map<Long, ObjectNode> plugins;
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
        Map<Long, ObjectNode> plugins) {
      this.runId = runId;
      this.entity = entity;
      this.transformer = transformer;
      this.assets = assets;
      this.plugins = plugins;
      this.exportId = "remap-" + runId + "-" + entity.plural();
    }

    void accept(StoredRecord stored) {
      ObjectNode raw;
      try {
        raw = (ObjectNode) mapper.readTree(stored.raw());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // A finding's plugin object was stored apart (see PluginRow): put it back for the map.
      Long pluginId = null;
      if (entity == Entity.FINDING && !raw.has("plugin")) {
        Long id = pluginOf(stored);
        ObjectNode plugin = id == null ? null : plugins.computeIfAbsent(id, this::loadPlugin);
        if (plugin != null) {
          raw.set("plugin", plugin);
          pluginId = id;
        }
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
        if (pluginId != null) {
          raw.remove("plugin");
        }
        rows.add(ChunkConsumer.row(entity, outcome.record(), bytes(raw), pluginId, buffer));
      }
      position++;
      if (rows.size() + rejected.size() >= BATCH) {
        flush();
      }
    }

    /** The plugin a stored finding's object was split off to: its stored normalized pluginId. */
    private Long pluginOf(StoredRecord stored) {
      return RecordJson.read(Entity.FINDING, stored.data()).integer("pluginId");
    }

    private ObjectNode loadPlugin(long id) {
      return store
          .pluginRaw(id)
          .map(
              text -> {
                try {
                  return (ObjectNode) mapper.readTree(text);
                } catch (IOException e) {
                  return null;
                }
              })
          .orElse(null);
    }

    private byte[] bytes(ObjectNode raw) {
      try {
        return mapper.writeValueAsBytes(raw);
      } catch (IOException e) {
        return raw.toString().getBytes(StandardCharsets.UTF_8);
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

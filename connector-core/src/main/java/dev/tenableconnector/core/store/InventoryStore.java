package dev.tenableconnector.core.store;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.InventoryQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the inventory and the sync bookkeeping live. The contract every engine implements (SQLite
 * now, PostgreSQL next): records upserted by external id one chunk per transaction together with
 * the chunk's progress; the delta watermark moved only by a completed run; one run per connector.
 */
public interface InventoryStore extends AutoCloseable {
  /** For messages: the engine and where the data is, never credentials. */
  String describe();

  /** Takes the connector's run lock, or throws {@link RunLockedException} naming the holder. */
  default RunLock lock(String connector) {
    return lock(connector, null);
  }

  /**
   * Takes the connector's run lock and, when {@code account} is given, the Tenable account's:
   * another connector syncing the same account ({@code TenableClient.accountKey()}) is refused too,
   * since its exports and this one's would collide on Tenable's per-account limits.
   */
  RunLock lock(String connector, String account);

  Optional<Instant> watermark(String connector);

  /** Forgets the watermark: the next run is a full import. */
  void resetWatermark(String connector);

  long startRun(
      String connector,
      String mode,
      String scope,
      String preset,
      String settingsJson,
      String mapName,
      Instant watermarkBefore,
      Instant startedAt);

  /** The connector's run that neither completed nor failed (it was interrupted), if any. */
  Optional<RunRecord> unfinishedRun(String connector);

  void markResumed(long runId);

  /** Ends an interrupted run that will not be resumed. */
  void abandonRun(long runId, Instant at, String message);

  RunExport addExport(
      long runId,
      String phase,
      String kind,
      String exportUuid,
      String request,
      int attempt,
      Instant requestedAt,
      Instant dataAsOf);

  void finishExport(long exportId, String status, String outcome, String message, Instant at);

  Set<Integer> chunksDone(String exportUuid);

  ChunkTransaction beginChunk(long runId, String exportUuid, int chunkId, Entity entity);

  /** Marks the run completed and moves the connector's watermark, in one transaction. */
  void completeRun(long runId, Instant finishedAt, Instant watermarkAfter);

  /** Marks the run failed; the watermark stays where it was. */
  void failRun(long runId, Instant finishedAt, RunFailure failure);

  Optional<RunRecord> run(long runId);

  /** Newest first; {@code connector} null for every connector. */
  List<RunRecord> runs(String connector, int limit);

  List<RejectedRecord> rejected(long runId, int limit);

  /** The raw asset-export record of an asset, to enrich its findings. */
  Optional<String> assetRaw(String externalAssetId);

  /** The Tenable record as exported (for a finding, with its plugin object put back). */
  Optional<String> rawRecord(Entity entity, String key);

  long count(Entity entity);

  /** Streams every stored record of the entity in key order, without holding them. */
  default void forEach(Entity entity, Consumer<StoredRecord> consumer) {
    forEach(entity, null, consumer);
  }

  /** Streams the records one connector stored ({@code connector} null: all), in key order. */
  default void forEach(Entity entity, String connector, Consumer<StoredRecord> consumer) {
    forEach(entity, connector, null, consumer);
  }

  /** Streams the records that match the query ({@code null}: all) too. */
  default void forEach(
      Entity entity, String connector, InventoryQuery query, Consumer<StoredRecord> consumer) {
    forEach(entity, connector, query, QueryBudget.unlimited(), consumer);
  }

  /** Streams them within a budget: {@link QueryStoppedException} when it runs out. */
  void forEach(
      Entity entity,
      String connector,
      InventoryQuery query,
      QueryBudget budget,
      Consumer<StoredRecord> consumer);

  /** How much space the inventory takes (file and log, or the database), for reports. */
  long sizeBytes();

  /** One page of records matching field filters; throws IllegalArgumentException if invalid. */
  default RecordPage page(PageRequest request) {
    return page(request, QueryBudget.unlimited());
  }

  /** One page within a budget: {@link QueryStoppedException} when it runs out. */
  RecordPage page(PageRequest request, QueryBudget budget);

  /**
   * How many records (matching the query, null for all) have each value of an indexed field ({@link
   * PageRequest.Field}), most frequent first; null values are counted under null.
   */
  default List<ValueCount> countBy(Entity entity, String field, InventoryQuery query) {
    return countBy(entity, field, query, QueryBudget.unlimited());
  }

  /** The counts within a budget: {@link QueryStoppedException} when it runs out. */
  List<ValueCount> countBy(Entity entity, String field, InventoryQuery query, QueryBudget budget);

  /**
   * Stops every read running now (each ends with {@link QueryStoppedException} naming {@code why}),
   * so that a stop is not held up by a slow query. Writes are not touched.
   */
  void stopQueries(String why);

  /** One value of a field and how many records have it. */
  record ValueCount(Object value, long count) {}

  /**
   * The first sign of a damaged database that a read or write met (SQLite's "malformed" or "not a
   * database", PostgreSQL's data-corruption errors), for health checks; empty while none was seen.
   */
  Optional<String> damage();

  /** The managed connectors and service settings kept in the same database. */
  ConnectorRegistry connectors();

  /** A stored plugin object (see {@link PluginRow}). */
  Optional<String> pluginRaw(long pluginId);

  @Override
  void close();
}

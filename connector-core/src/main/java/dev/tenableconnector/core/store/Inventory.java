package dev.tenableconnector.core.store;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.InventoryQuery;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The stored records as readers see them: pages, counts, streams and the raw records. */
public interface Inventory {
  /** The raw asset-export record of an asset, to enrich its findings. */
  Optional<String> assetRaw(String externalAssetId);

  /** The Tenable record as exported (for a finding, with its plugin object put back). */
  Optional<String> rawRecord(Entity entity, String key);

  long count(Entity entity);

  /** A stored finding's history; empty when no finding has this id. */
  Optional<FindingHistory> history(String findingId);

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
  default void forEach(
      Entity entity,
      String connector,
      InventoryQuery query,
      QueryBudget budget,
      Consumer<StoredRecord> consumer) {
    forEach(entity, connector, query, budget, RecordForm.STORED_WITH_RAW, consumer);
  }

  /**
   * Streams them in the given form: with their raw records, or without ({@link StoredRecord#raw()}
   * is null), which saves reassembling them when only the normalized records are wanted, or with
   * every field written out (the JSONL export's lines).
   */
  void forEach(
      Entity entity,
      String connector,
      InventoryQuery query,
      QueryBudget budget,
      RecordForm form,
      Consumer<StoredRecord> consumer);

  /**
   * A page, in key order after {@code afterKey} ("" from the start) and in their stored form, of
   * the findings that runs after {@code runId} wrote, whose episode such a run closed, or whose
   * asset such a run wrote (0: every finding): what derived facts must be computed again for. Each
   * page is a short read of its own, so that writes can go on between pages.
   */
  List<StoredRecord> findingsChangedAfter(long runId, String afterKey, int limit);

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

  /** One value of a field and how many records have it. */
  record ValueCount(Object value, long count) {}
}

package dev.tenableconnector.core.export;

import dev.tenableconnector.core.decision.DerivedFields;
import dev.tenableconnector.core.decision.FindingInsight;
import dev.tenableconnector.core.insight.InsightFields;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Holds findings back in batches of 500 to look their derived fields up together, so that an export
 * stays a stream; assets pass straight through.
 */
final class Derived<T> {
  /** What happens to one record once its derived fields are known (null for an asset). */
  interface WithDerived<T> {
    void write(T record, List<Object> values) throws IOException;
  }

  private final InventoryStore store;
  private final Entity entity;
  private final java.util.function.Function<T, String> key;
  private final WithDerived<T> next;
  private final Instant now;
  private final List<T> held = new java.util.ArrayList<>(500);

  Derived(
      InventoryStore store,
      Entity entity,
      java.util.function.Function<T, String> key,
      WithDerived<T> next,
      Instant now) {
    this.store = store;
    this.entity = entity;
    this.key = key;
    this.next = next;
    this.now = now;
  }

  void accept(T record) {
    try {
      if (entity != Entity.FINDING) {
        next.write(record, null);
        return;
      }
      held.add(record);
      if (held.size() == 500) {
        flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void flush() {
    if (held.isEmpty()) {
      return;
    }
    java.util.Map<String, FindingInsight> insights =
        InsightFields.lookup(store.sql(), held.stream().map(key).toList());
    try {
      for (T record : held) {
        next.write(record, DerivedFields.values(insights.get(key.apply(record)), now));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    held.clear();
  }
}

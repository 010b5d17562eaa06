package dev.tenableconnector.core;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.InventoryStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a store holds for one entity, key to normalized JSON and raw JSON, for comparisons.
 */
public record StoreSnapshot(Map<String, String> data, Map<String, String> raw) {
  /** Keys whose normalized (and, if asked, raw) JSON differs from this snapshot's; a few. */
  public java.util.List<String> mismatchesAgainst(StoreSnapshot expected, boolean raw) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (var e : expected.data().entrySet()) {
      String key = e.getKey();
      if (!e.getValue().equals(data.get(key))) {
        out.add(key + " data: expected " + e.getValue() + " but was " + data.get(key));
      } else if (raw && !expected.raw().get(key).equals(this.raw.get(key))) {
        out.add(
            key + " raw: expected " + expected.raw().get(key) + " but was " + this.raw.get(key));
      }
      if (out.size() >= 3) {
        break;
      }
    }
    return out;
  }

  public static StoreSnapshot of(InventoryStore store, Entity entity) {
    Map<String, String> data = new LinkedHashMap<>();
    Map<String, String> raw = new LinkedHashMap<>();
    store.forEach(
        entity,
        r -> {
          data.put(r.key(), r.data());
          raw.put(r.key(), r.raw());
        });
    return new StoreSnapshot(data, raw);
  }
}

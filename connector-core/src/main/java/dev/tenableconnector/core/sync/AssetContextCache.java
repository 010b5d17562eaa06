package dev.tenableconnector.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tenableconnector.core.store.InventoryStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The asset-export records that findings are enriched from, read from the store on first use and
 * kept in a small LRU: findings arrive grouped by asset, so each asset is read about once per chunk
 * while memory stays bounded.
 */
final class AssetContextCache {
  private static final JsonNode ABSENT = MissingNode.getInstance();

  private final InventoryStore store;
  private final ObjectMapper mapper;
  private final Map<String, JsonNode> cache;
  long lookups;
  long misses;

  AssetContextCache(InventoryStore store, ObjectMapper mapper, int capacity) {
    this.store = store;
    this.mapper = mapper;
    this.cache =
        new LinkedHashMap<>(capacity * 2, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The asset record, or null when the asset never came through the asset export. */
  JsonNode get(String assetUuid) {
    if (assetUuid == null || assetUuid.isBlank()) {
      return null;
    }
    JsonNode node;
    synchronized (cache) {
      lookups++;
      node = cache.get(assetUuid);
    }
    if (node == null) {
      node = store.assetRaw(assetUuid).map(this::parse).orElse(ABSENT);
      synchronized (cache) {
        misses++;
        cache.put(assetUuid, node);
      }
    }
    return node == ABSENT ? null : node;
  }

  private JsonNode parse(String raw) {
    try {
      return mapper.readTree(raw);
    } catch (IOException e) {
      return ABSENT;
    }
  }
}

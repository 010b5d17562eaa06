package dev.tenableconnector.core.store;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared parts readers have needed lately, parsed, least recently used first out. A part never
 * changes once stored (its id is its content), so an entry is never stale; the cache holds up to
 * about {@link #MAX_CHARS} characters.
 */
final class PartCache {
  private static final long MAX_CHARS = 8L << 20;

  /** A part ready to assemble: each field's JSON text by catalog index, and its raw members. */
  record Parsed(String[] slices, String rawInner, int weight) {}

  private final Map<Long, Parsed> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private long chars;

  /** The part, if the cache has it. */
  synchronized Parsed peek(long id) {
    return entries.get(id);
  }

  /** Parses and keeps a part read with its finding. */
  Parsed put(long id, String data, String raw) {
    String[] slices = new String[FieldCatalog.of(Entity.FINDING).size()];
    FindingAssembly.slice(data, slices);
    Parsed loaded = new Parsed(slices, FindingAssembly.inner(raw), data.length() + raw.length());
    synchronized (this) {
      if (entries.put(id, loaded) == null) {
        chars += loaded.weight();
      }
      var oldest = entries.entrySet().iterator();
      while (chars > MAX_CHARS && oldest.hasNext()) {
        chars -= oldest.next().getValue().weight();
        oldest.remove();
      }
    }
    return loaded;
  }
}

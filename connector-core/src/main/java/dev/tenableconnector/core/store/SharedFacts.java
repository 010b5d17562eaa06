package dev.tenableconnector.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.FactOwner;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the {@link RecordPart}s of findings. The findings of one plugin (or asset) mostly carry the
 * same facts, so the last part made for each plugin and asset is kept and handed out again while
 * the facts compare equal: a part is serialized and hashed once per version, not once per finding.
 * Shared by the threads of a run; bounded.
 */
public final class SharedFacts {
  private static final int MAX_ENTRIES = 4096;

  private final ObjectMapper mapper;
  private final Map<Key, Entry> last = new ConcurrentHashMap<>();

  public SharedFacts(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * The part holding {@code fields} and {@code raw} for {@code owner} (a plugin id or an asset id
   * as {@code hint}), or null when both are empty.
   */
  RecordPart part(FactOwner owner, String hint, NormalizedRecord fields, ObjectNode raw) {
    if (fields.isBlank() && raw.isEmpty()) {
      return null;
    }
    Key key = new Key(owner, hint);
    Entry entry = hint == null ? null : last.get(key);
    if (entry != null && entry.fields.sameValues(fields)) {
      if (sameInstances(entry.raw, raw)) {
        return entry.part;
      }
      if (entry.raw.equals(raw)) {
        // Equal trees, other instances: keep these, which the next findings likely share (the
        // client gives repeated members one tree), so that comparing them is one of identity.
        last.put(key, new Entry(fields, raw, entry.part));
        return entry.part;
      }
    }
    byte[] data = RecordJson.compact(fields).getBytes(StandardCharsets.UTF_8);
    byte[] rawBytes;
    try {
      rawBytes = mapper.writeValueAsBytes(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RecordPart part = new RecordPart(id(owner, data, rawBytes), owner, data, rawBytes);
    if (hint != null) {
      if (last.size() >= MAX_ENTRIES) {
        last.clear();
      }
      last.put(key, new Entry(fields, raw, part));
    }
    return part;
  }

  private static boolean sameInstances(ObjectNode a, ObjectNode b) {
    if (a.size() != b.size()) {
      return false;
    }
    var names = a.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (a.get(name) != b.get(name)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A part's id: the first 64 bits of the SHA-256 of its owner and content. Writers check that an
   * id already stored holds the same content, so a collision fails a chunk instead of mixing facts.
   */
  static long id(FactOwner owner, byte[] data, byte[] raw) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    sha.update((byte) owner.ordinal());
    sha.update(data);
    sha.update((byte) 0);
    sha.update(raw);
    return ByteBuffer.wrap(sha.digest()).getLong();
  }

  private record Key(FactOwner owner, String hint) {}

  private record Entry(NormalizedRecord fields, ObjectNode raw, RecordPart part) {}
}

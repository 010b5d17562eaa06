package dev.tenableconnector.client.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * The trees of members that many records repeat byte for byte (a vuln record's plugin, asset and
 * scan objects): a member whose bytes were seen lately gets the same tree instead of a new one, so
 * it is turned into a tree once, and whoever compares two such members finds them identical at
 * once. The trees are shared: nobody may change them. One per client, used by its chunk threads
 * together; bounded.
 */
final class SharedMembers {
  private static final int MAX_ENTRIES = 2048;

  private final ObjectMapper mapper;
  private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

  SharedMembers(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The tree of the JSON in {@code bytes[from, from + length)}. */
  JsonNode tree(byte[] bytes, int from, int length) throws IOException {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, length);
    long key = crc.getValue() << 32 | length;
    Entry entry = entries.get(key);
    if (entry != null
        && Arrays.equals(entry.bytes, 0, entry.bytes.length, bytes, from, from + length)) {
      return entry.tree;
    }
    JsonNode tree = mapper.readTree(bytes, from, length);
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(key, new Entry(Arrays.copyOfRange(bytes, from, from + length), tree));
    return tree;
  }

  private record Entry(byte[] bytes, JsonNode tree) {}
}

package dev.tenableconnector.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * Where one lane is: the cycle, the export (by its place in the plan, and the plan's export ids so
 * that a new plan never matches an old offset), the chunk and the position of the last record
 * emitted, whether that chunk and the lane are done, and the lane's running counts; {@code expired}
 * when Tenable no longer had the export's chunk, so that the connector starts the cycle again.
 * Lanes are the only source partitions ({@code {"lane": "3"}}), so offsets stay within {@code
 * lanes} partitions (plus one for summaries) whatever the export size.
 */
record LaneOffset(
    long cycle,
    String exports,
    int export,
    int chunk,
    int position,
    boolean chunkDone,
    boolean laneDone,
    long assets,
    long findings,
    long rejected,
    String watermarkAfter,
    int laneIndex,
    boolean expired) {

  static Map<String, Object> partition(int lane) {
    return Map.of("lane", Integer.toString(lane));
  }

  /** The partition of the cycle summaries that task 0 writes. */
  static final Map<String, Object> SUMMARY_PARTITION = Map.of("summary", "cycles");

  Map<String, Object> toMap() {
    Map<String, Object> m = new HashMap<>();
    m.put("cycle", cycle);
    m.put("exports", exports);
    m.put("export", export);
    m.put("chunk", chunk);
    m.put("position", position);
    m.put("chunkDone", chunkDone);
    m.put("laneDone", laneDone);
    m.put("assets", assets);
    m.put("findings", findings);
    m.put("rejected", rejected);
    m.put("watermarkAfter", watermarkAfter);
    m.put("lane", laneIndex);
    if (expired) {
      m.put("expired", true);
    }
    return m;
  }

  /** The offset read back (numbers come back as Long from the JSON offset store); null if none. */
  static LaneOffset from(Map<String, Object> m) {
    if (m == null || !(m.get("cycle") instanceof Number)) {
      return null;
    }
    return new LaneOffset(
        number(m.get("cycle")),
        (String) m.get("exports"),
        (int) number(m.get("export")),
        (int) number(m.get("chunk")),
        (int) number(m.get("position")),
        Boolean.TRUE.equals(m.get("chunkDone")),
        Boolean.TRUE.equals(m.get("laneDone")),
        number(m.get("assets")),
        number(m.get("findings")),
        number(m.get("rejected")),
        (String) m.get("watermarkAfter"),
        (int) number(m.get("lane")),
        Boolean.TRUE.equals(m.get("expired")));
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }

  /** The same place, marked as where the export was found gone. */
  LaneOffset asExpired() {
    return new LaneOffset(
        cycle,
        exports,
        export,
        chunk,
        position,
        chunkDone,
        laneDone,
        assets,
        findings,
        rejected,
        watermarkAfter,
        laneIndex,
        true);
  }

  /** Whether the record at (export, chunk, position) of the same plan was emitted already. */
  boolean covers(int e, int c, int p) {
    if (e != export) {
      return e < export;
    }
    if (c != chunk) {
      return c < chunk;
    }
    return chunkDone || p <= position;
  }
}

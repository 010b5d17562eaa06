package dev.tenableconnector.emulator.data;

/** A broken record the emulator can serve in place of a good one, as real exports sometimes do. */
public enum RecordFault {
  NONE,
  /**
   * A required key is missing: an asset without {@code id}, a finding without {@code asset.uuid}.
   */
  MISSING_KEYS,
  /** A value of the wrong type: a timestamp that is not one, a number that is a word. */
  BAD_VALUE,
  /**
   * An array element that is not an object at all: the chunk's records change type mid-array, to a
   * number, a string, null, a boolean or an array holding a record (by the record's position).
   */
  NOT_AN_OBJECT,
  /** A finding whose plugin output is enormous (the fault's {@code mb}, 50 by default). */
  HUGE_OUTPUT,
  /** A finding whose plugin lists a vast number of CVEs (the fault's {@code count}, 100,000). */
  MANY_CVES,
  /** A finding written twice in a row (the second copy is the first's twin). */
  DUPLICATE;

  /** Writes the {@link #NOT_AN_OBJECT} element for a record: one of five other JSON types. */
  static void writeNotAnObject(com.fasterxml.jackson.core.JsonGenerator g, long seed, String id)
      throws java.io.IOException {
    switch ((int) Math.floorMod(seed, 5L)) {
      case 0 -> g.writeNumber(seed);
      case 1 -> g.writeString(id + " could not be rendered");
      case 2 -> g.writeNull();
      case 3 -> g.writeBoolean(false);
      default -> {
        // What a record looks like, one level too deep: never to be taken for one.
        g.writeStartArray();
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeEndObject();
        g.writeEndArray();
      }
    }
  }
}

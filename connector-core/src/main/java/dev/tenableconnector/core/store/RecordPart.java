package dev.tenableconnector.core.store;

import dev.tenableconnector.core.model.FactOwner;

/**
 * Facts many findings share, stored once and referenced by id: the normalized fields of one owner
 * (a plugin version, or an asset as one scan saw it) as compact JSON, and the raw members they came
 * from as a JSON object ({@code {"plugin":{...}}}, {@code {"asset":{...},"scan":{...}}}). The id is
 * derived from the content, so equal parts share one row and a part never changes once stored.
 */
public record RecordPart(long id, FactOwner owner, byte[] data, byte[] raw) {
  public int bytes() {
    return data.length + raw.length;
  }
}

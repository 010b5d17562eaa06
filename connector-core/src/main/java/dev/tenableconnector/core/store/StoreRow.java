package dev.tenableconnector.core.store;

/**
 * One asset or finding ready to store: its key, the columns the store indexes, a content hash
 * (of the normalized and the raw JSON) that tells an unchanged record from a changed one, and both
 * JSON texts. {@code status} is the asset status or the finding status.
 */
public record StoreRow(
    String key,
    String assetKey,
    String name,
    String status,
    Long severity,
    Long pluginId,
    String cloudProvider,
    String changedAt,
    long contentHash,
    String data,
    String raw) {

  /** A 64-bit hash of the texts; cheap enough per record, wide enough that collisions do not matter. */
  public static long hash(String data, String raw) {
    long h = 0x9E3779B97F4A7C15L;
    h = mix(h, data);
    h = mix(h * 0x100000001B3L, raw);
    return h ^ (h >>> 29);
  }

  private static long mix(long h, String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      h = 31 * h + text.charAt(i);
    }
    return h;
  }
}

package dev.tenableconnector.core.store;

import dev.tenableconnector.core.history.HistoryRules;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * One asset or finding ready to store: its key, the columns the store indexes, a content hash that
 * tells an unchanged record from a changed one, and its JSON as UTF-8. {@code status} is the asset
 * status or the finding status. An asset's {@code data} and {@code raw} are its whole normalized
 * and raw records; a finding's are laid out by {@link FindingLayout}: its own fields, its own raw
 * members compressed, and the shared parts of its plugin, asset and scan (null when it has none). A
 * finding's {@code observation} (its state and Tenable's dates) is what its history is recorded
 * from; an asset has none.
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
    byte[] data,
    byte[] raw,
    RecordPart pluginPart,
    RecordPart assetPart,
    RecordPart scanPart,
    HistoryRules.Observation observation) {

  /** A row without an observation: an asset's. */
  public StoreRow(
      String key,
      String assetKey,
      String name,
      String status,
      Long severity,
      Long pluginId,
      String cloudProvider,
      String changedAt,
      long contentHash,
      byte[] data,
      byte[] raw,
      RecordPart pluginPart,
      RecordPart assetPart,
      RecordPart scanPart) {
    this(
        key,
        assetKey,
        name,
        status,
        severity,
        pluginId,
        cloudProvider,
        changedAt,
        contentHash,
        data,
        raw,
        pluginPart,
        assetPart,
        scanPart,
        null);
  }

  /**
   * A 64-bit content hash: CRC-32C and CRC-32 (two polynomials, both computed by the CPU's own
   * instructions) over the same bytes, so hashing costs almost nothing next to parsing.
   */
  public static long hash(byte[] first, byte[] second) {
    CRC32C c = new CRC32C();
    c.update(first);
    c.update(second);
    CRC32 d = new CRC32();
    d.update(first);
    d.update(second);
    return c.getValue() << 32 | d.getValue();
  }

  /** What the row weighs in a writer's queue: its own bytes (shared parts are shared). */
  public int bytes() {
    return data.length + raw.length + 200;
  }
}

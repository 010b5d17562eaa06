package dev.tenableconnector.core.store;

/**
 * What applying records did to the inventory: records seen, inserted, updated, unchanged, rejected
 * (set aside with a reason), filtered out by the preset, and status changes (assets newly deleted
 * or terminated, findings newly fixed). Not thread-safe; one per chunk.
 */
public final class ChunkCounts {
  public long seen;
  public long inserted;
  public long updated;
  public long unchanged;
  public long rejected;
  public long filtered;
  public long deleted;
  public long terminated;
  public long fixed;
  public long bytes;

  public void add(ChunkCounts other) {
    seen += other.seen;
    inserted += other.inserted;
    updated += other.updated;
    unchanged += other.unchanged;
    rejected += other.rejected;
    filtered += other.filtered;
    deleted += other.deleted;
    terminated += other.terminated;
    fixed += other.fixed;
    bytes += other.bytes;
  }

  @Override
  public String toString() {
    return "seen "
        + seen
        + ", inserted "
        + inserted
        + ", updated "
        + updated
        + ", unchanged "
        + unchanged
        + ", rejected "
        + rejected
        + (filtered > 0 ? ", filtered " + filtered : "");
  }
}

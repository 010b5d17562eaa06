package dev.tenableconnector.core.store;

/** What a streaming read hands over of each record (see {@link StoredRecord}). */
public enum RecordForm {
  /** The normalized JSON as stored (empty fields left out) and the raw Tenable record. */
  STORED_WITH_RAW,
  /** The normalized JSON as stored; no raw record (null). */
  STORED,
  /**
   * The normalized JSON with every field of the catalog, null or {@code []} when empty, in catalog
   * order: the JSONL export's line, written by the store without parsing; no raw record.
   */
  EVERY_FIELD
}

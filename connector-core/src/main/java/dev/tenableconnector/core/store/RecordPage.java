package dev.tenableconnector.core.store;

import java.util.List;

/** One page of stored records and how many match in all. */
public record RecordPage(List<StoredRecord> items, long total) {}

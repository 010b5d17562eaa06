package dev.tenableconnector.core.store;

/** One stored asset or finding as read back: its key, normalized JSON and raw Tenable JSON. */
public record StoredRecord(String key, String data, String raw) {}

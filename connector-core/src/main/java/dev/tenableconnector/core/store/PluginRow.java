package dev.tenableconnector.core.store;

/**
 * A Tenable plugin as findings carry it, stored once per plugin instead of once per finding (it is
 * most of a vuln record's bytes); a finding's full raw record is its own raw JSON plus this.
 */
public record PluginRow(long pluginId, long contentHash, byte[] raw) {}

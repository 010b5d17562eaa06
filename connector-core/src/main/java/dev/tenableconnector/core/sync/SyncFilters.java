package dev.tenableconnector.core.sync;

import dev.tenableconnector.client.export.Severity;
import dev.tenableconnector.client.export.VulnState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tenable-side filters a connector applies to its exports: finding severities and states, asset
 * tags ({@code Category -> values}), scanner network and an IP range (findings only). Empty means
 * no filter.
 */
public record SyncFilters(
    Set<Severity> severities,
    Set<VulnState> states,
    Map<String, List<String>> tags,
    String networkId,
    String cidrRange) {

  public static final SyncFilters NONE = new SyncFilters(Set.of(), Set.of(), Map.of(), null, null);

  public SyncFilters {
    severities = Set.copyOf(severities);
    states = Set.copyOf(states);
    tags = Map.copyOf(new LinkedHashMap<>(tags));
  }
}

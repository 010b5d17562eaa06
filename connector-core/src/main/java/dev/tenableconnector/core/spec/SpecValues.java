package dev.tenableconnector.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.export.Severity;
import dev.tenableconnector.client.export.VulnState;
import dev.tenableconnector.core.sync.Preset;
import dev.tenableconnector.core.sync.Scope;
import dev.tenableconnector.core.sync.SyncFilters;
import dev.tenableconnector.core.sync.SyncSettings;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Validated values of every {@link ConnectorSpec} setting, immutable: what a connector's runs are
 * built from, whether it came from {@code sync}'s options or the API.
 */
public final class SpecValues {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<Setting, Object> values;

  SpecValues(Map<Setting, Object> values) {
    this.values =
        java.util.Collections.unmodifiableMap(
            new LinkedHashMap<>(values)); // unset filters are null
  }

  /**
   * The value of a setting: a String (choices, UUID, CIDR; null when unset), List, Map, Integer or
   * Duration.
   */
  public Object get(Setting setting) {
    return values.get(setting);
  }

  public Scope scope() {
    return Scope.valueOf((String) get(ConnectorSpec.DATA_TO_SYNC));
  }

  public Preset preset() {
    return Preset.valueOf((String) get(ConnectorSpec.PRESET));
  }

  @SuppressWarnings("unchecked")
  public Map<String, List<String>> tags() {
    return (Map<String, List<String>>) get(ConnectorSpec.TAG_FILTER);
  }

  @SuppressWarnings("unchecked")
  public SyncFilters filters() {
    Set<Severity> severities = EnumSet.noneOf(Severity.class);
    ((List<String>) get(ConnectorSpec.SEVERITY_FILTER))
        .forEach(s -> severities.add(Severity.valueOf(s)));
    Set<VulnState> states = EnumSet.noneOf(VulnState.class);
    ((List<String>) get(ConnectorSpec.STATE_FILTER)).forEach(s -> states.add(VulnState.valueOf(s)));
    return new SyncFilters(
        severities,
        states,
        tags(),
        (String) get(ConnectorSpec.NETWORK_FILTER),
        (String) get(ConnectorSpec.CIDR_FILTER));
  }

  public boolean v2Assets() {
    return "V2".equals(get(ConnectorSpec.ASSET_EXPORT));
  }

  public int assetsPerChunk() {
    return (Integer) get(ConnectorSpec.ASSETS_PER_CHUNK);
  }

  public int assetsPerVulnChunk() {
    return (Integer) get(ConnectorSpec.ASSETS_PER_VULN_CHUNK);
  }

  public Duration overlap() {
    return (Duration) get(ConnectorSpec.OVERLAP);
  }

  public Duration retryFor() {
    return (Duration) get(ConnectorSpec.RETRY_FOR);
  }

  public int parallelChunks() {
    return (Integer) get(ConnectorSpec.PARALLEL_CHUNKS);
  }

  public int exportAttempts() {
    return (Integer) get(ConnectorSpec.EXPORT_ATTEMPTS);
  }

  /** The engine's settings for one run of the named connector. */
  public SyncSettings syncSettings(String connector, String tenableUrl, boolean full) {
    return SyncSettings.defaults(tenableUrl)
        .withConnector(connector)
        .withScope(scope())
        .withPreset(preset())
        .withFilters(filters())
        .withFull(full)
        .withOverlap(overlap())
        .withExportSizes(assetsPerChunk(), assetsPerVulnChunk())
        .withExportAttempts(exportAttempts())
        .withV2Assets(v2Assets());
  }

  /**
   * The Tenable client these settings call for (retry deadline, parallel chunk downloads), for the
   * URL and keys given; the caller may add what only it knows (a clock, a proxy) before building.
   */
  public dev.tenableconnector.client.TenableClientConfig.Builder client(
      String tenableUrl, dev.tenableconnector.client.ApiKeys keys) {
    return dev.tenableconnector.client.TenableClientConfig.builder()
        .baseUrl(tenableUrl)
        .keys(keys)
        .retryPolicy(
            dev.tenableconnector.client.http.RetryPolicy.defaults().withDeadline(retryFor()))
        .exportOptions(
            dev.tenableconnector.client.export.ExportOptions.defaults()
                .withParallelChunks(parallelChunks()));
  }

  /** Every value by its key, as the API shows and stores them (durations as {@code 15m}). */
  public Map<String, JsonNode> asInput() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Setting s : ConnectorSpec.all()) {
      Object v = get(s);
      out.put(
          s.key(),
          v instanceof Duration d
              ? JSON.getNodeFactory().textNode(SettingParsers.format(d))
              : v instanceof Map<?, ?> m
                  ? JSON.valueToTree(new TreeMap<>(m))
                  : JSON.valueToTree(v));
    }
    return out;
  }

  /** As JSON with dotted keys nested ({@code filters.cidr} under {@code filters}). */
  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    asInput()
        .forEach(
            (key, value) -> {
              ObjectNode parent = root;
              String[] parts = key.split("\\.");
              for (int i = 0; i < parts.length - 1; i++) {
                parent =
                    parent.has(parts[i])
                        ? (ObjectNode) parent.get(parts[i])
                        : parent.putObject(parts[i]);
              }
              parent.set(parts[parts.length - 1], value);
            });
    return root;
  }

  /**
   * Reads dotted keys from a JSON object shaped as {@link #toJson()} writes (missing ones absent).
   */
  public static Map<String, JsonNode> inputOf(JsonNode object) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (object == null || !object.isObject()) {
      return out;
    }
    for (Setting s : ConnectorSpec.all()) {
      JsonNode node = object;
      for (String part : s.key().split("\\.")) {
        node = node == null ? null : node.get(part);
      }
      if (node != null && !node.isMissingNode()) {
        out.put(s.key(), node);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpecValues other && other.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}

package dev.tenableconnector.service.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.export.Severity;
import dev.tenableconnector.client.export.VulnState;
import dev.tenableconnector.core.sync.Preset;
import dev.tenableconnector.core.sync.Scope;
import dev.tenableconnector.core.sync.SyncFilters;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.service.schedule.Schedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a connector syncs and when, without secrets: data to sync, preset, Tenable-side filters,
 * schedule, and its transform map and risk severity mapping when they are edited copies (null:
 * the built-in defaults). Stored as JSON in the connector's row.
 */
public record ConnectorConfig(Scope dataToSync, Preset preset, SyncFilters filters, Schedule schedule,
    JsonNode transformMap, JsonNode severityMapping) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ConnectorConfig defaults() {
    return new ConnectorConfig(Scope.ASSETS_AND_FINDINGS, Preset.ALL, SyncFilters.NONE,
        new Schedule.Manual(), null, null);
  }

  public TransformMap map() {
    return transformMap == null ? TransformMap.defaults()
        : TransformMap.parse(transformMap.toString(), "the connector's transform map");
  }

  public SeverityMapping severity() {
    return severityMapping == null ? SeverityMapping.defaults()
        : SeverityMapping.parse(severityMapping.toString(), "the connector's risk severity mapping");
  }

  public static String dataToSyncName(Scope scope) {
    return scope == Scope.ASSETS ? "ASSETS" : "ASSETS_AND_FINDINGS";
  }

  public ObjectNode filtersJson() {
    ObjectNode f = JSON.createObjectNode();
    ArrayNode sev = f.putArray("severities");
    filters.severities().stream().sorted().forEach(s -> sev.add(s.name()));
    ArrayNode states = f.putArray("states");
    filters.states().stream().sorted().forEach(s -> states.add(s.name()));
    ObjectNode tags = f.putObject("tags");
    new TreeMap<>(filters.tags()).forEach((k, v) -> {
      ArrayNode values = tags.putArray(k);
      v.forEach(values::add);
    });
    f.put("networkId", filters.networkId());
    f.put("cidr", filters.cidrRange());
    return f;
  }

  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("dataToSync", dataToSyncName(dataToSync));
    node.put("preset", preset.name());
    node.set("filters", filtersJson());
    node.set("schedule", schedule.toJson());
    node.set("transformMap", transformMap);
    node.set("severityMapping", severityMapping);
    return node.toString();
  }

  public static ConnectorConfig fromJson(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      List<String> problems = new ArrayList<>();
      Schedule schedule = Schedule.parse(node.get("schedule"), "schedule", problems);
      SyncFilters filters = parseFilters(node.get("filters"), "filters", problems);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("stored connector settings are invalid: " + problems);
      }
      return new ConnectorConfig(Scope.parse(node.path("dataToSync").asText()),
          Preset.parse(node.path("preset").asText()), filters, schedule,
          node.hasNonNull("transformMap") ? node.get("transformMap") : null,
          node.hasNonNull("severityMapping") ? node.get("severityMapping") : null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a filters object, adding each problem (naming {@code field.member}) to the list. */
  static SyncFilters parseFilters(JsonNode node, String field, List<String> problems) {
    if (node == null || node.isNull()) {
      return SyncFilters.NONE;
    }
    if (!node.isObject()) {
      problems.add(field + ": must be an object with severities, states, tags, networkId, cidr");
      return SyncFilters.NONE;
    }
    List<String> allowed = List.of("severities", "states", "tags", "networkId", "cidr");
    node.fieldNames().forEachRemaining(n -> {
      if (!allowed.contains(n)) {
        problems.add(field + "." + n + ": unknown filter (allowed: " + String.join(", ", allowed) + ")");
      }
    });
    Set<Severity> severities = EnumSet.noneOf(Severity.class);
    for (String s : strings(node.get("severities"), field + ".severities", problems)) {
      try {
        severities.add(Severity.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add(field + ".severities: '" + s + "' is not a severity (INFO, LOW, MEDIUM, HIGH, CRITICAL)");
      }
    }
    Set<VulnState> states = EnumSet.noneOf(VulnState.class);
    for (String s : strings(node.get("states"), field + ".states", problems)) {
      try {
        states.add(VulnState.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add(field + ".states: '" + s + "' is not a finding state (OPEN, REOPENED, FIXED)");
      }
    }
    Map<String, List<String>> tags = new LinkedHashMap<>();
    JsonNode tagNode = node.get("tags");
    if (tagNode != null && !tagNode.isNull()) {
      if (!tagNode.isObject()) {
        problems.add(field + ".tags: must be an object of category -> [values]");
      } else {
        tagNode.fields().forEachRemaining(e -> {
          List<String> values = strings(e.getValue(), field + ".tags." + e.getKey(), problems);
          if (e.getKey().isBlank()) {
            problems.add(field + ".tags: a tag category is empty");
          } else if (values.isEmpty()) {
            problems.add(field + ".tags." + e.getKey() + ": needs at least one value");
          } else {
            tags.put(e.getKey(), values);
          }
        });
      }
    }
    String networkId = text(node.get("networkId"), field + ".networkId", problems);
    if (networkId != null && !networkId.matches("[0-9a-fA-F-]{36}")) {
      problems.add(field + ".networkId: '" + networkId + "' is not a Tenable network UUID");
    }
    String cidr = text(node.get("cidr"), field + ".cidr", problems);
    if (cidr != null && !cidr.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}|[0-9a-fA-F:]+/[0-9]{1,3}")) {
      problems.add(field + ".cidr: '" + cidr + "' is not an IP range such as 10.0.0.0/8");
    }
    return new SyncFilters(severities, states, tags, networkId, cidr);
  }

  private static List<String> strings(JsonNode node, String field, List<String> problems) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      problems.add(field + ": must be a list of strings");
      return out;
    }
    for (JsonNode n : node) {
      if (!n.isTextual() || n.asText().isBlank()) {
        problems.add(field + ": every entry must be a non-empty string");
      } else {
        out.add(n.asText().strip());
      }
    }
    return out;
  }

  private static String text(JsonNode node, String field, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add(field + ": must be a string");
      return null;
    }
    return node.asText().isBlank() ? null : node.asText().strip();
  }
}

package dev.tenableconnector.core.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What decides the exports a run asks for, stored with the run as versioned JSON. A plan an earlier
 * release stored reads back as the plan this release would make from the same settings, so an
 * upgrade never by itself forces a full import or abandons an interrupted run.
 *
 * <p>Two comparisons matter. An interrupted run is resumed only when the whole plan is {@link
 * #equals equal}. A delta from the last completed run's watermark is allowed when the plan {@link
 * #sameRecordsAs gets the same records}: export sizes decide how Tenable cuts the data into chunks,
 * not which records come, so changing them keeps the next run a delta.
 */
public record RunPlan(
    String tenableUrl,
    Scope scope,
    Preset preset,
    List<String> severities,
    List<String> states,
    Map<String, List<String>> tags,
    String networkId,
    String cidrRange,
    int assetChunkSize,
    int vulnNumAssets,
    boolean includeUnlicensed,
    boolean v2Assets) {

  /**
   * The layout written today. Version 1 (no {@code planVersion} member) is the first release's: the
   * same members, with {@code assetExport} present only for v2 asset exports.
   */
  public static final int VERSION = 2;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static RunPlan of(SyncSettings s) {
    SyncFilters f = s.filters();
    Map<String, List<String>> tags = new TreeMap<>();
    f.tags().forEach((k, v) -> tags.put(k, v.stream().sorted(Comparator.naturalOrder()).toList()));
    return new RunPlan(
        s.tenableUrl(),
        s.scope(),
        s.preset(),
        f.severities().stream().map(Enum::name).sorted().toList(),
        f.states().stream().map(Enum::name).sorted().toList(),
        tags,
        f.networkId(),
        f.cidrRange(),
        s.assetChunkSize(),
        s.vulnNumAssets(),
        s.includeUnlicensed(),
        s.v2Assets());
  }

  /** Whether a run made with this plan gets the same records as one made with {@code other}. */
  public boolean sameRecordsAs(RunPlan other) {
    return equals(
        new RunPlan(
            other.tenableUrl,
            other.scope,
            other.preset,
            other.severities,
            other.states,
            other.tags,
            other.networkId,
            other.cidrRange,
            assetChunkSize,
            vulnNumAssets,
            other.includeUnlicensed,
            other.v2Assets));
  }

  public String toJson() {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("planVersion", VERSION);
    node.put("tenableUrl", tenableUrl);
    node.put("scope", scope.cliName());
    node.put("preset", preset.cliName());
    node.putPOJO("severities", severities);
    node.putPOJO("states", states);
    node.putPOJO("tags", tags);
    node.put("networkId", networkId);
    node.put("cidrRange", cidrRange);
    node.put("assetChunkSize", assetChunkSize);
    node.put("vulnNumAssets", vulnNumAssets);
    node.put("includeUnlicensed", includeUnlicensed);
    node.put("assetExport", v2Assets ? "v2" : "v1");
    return node.toString();
  }

  /**
   * The plan a run stored, of any version this release knows; empty for what is not a sync plan (a
   * remap run's marker, a newer release's plan, damaged text), which never equals a plan made now.
   */
  public static Optional<RunPlan> parse(String json) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isObject() || !node.has("scope")) {
        return Optional.empty();
      }
      int version = node.path("planVersion").asInt(1);
      if (version > VERSION) {
        return Optional.empty();
      }
      Map<String, List<String>> tags = new TreeMap<>();
      node.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), texts(e.getValue())));
      return Optional.of(
          new RunPlan(
              text(node, "tenableUrl"),
              Scope.parse(node.path("scope").asText()),
              Preset.parse(node.path("preset").asText()),
              texts(node.path("severities")),
              texts(node.path("states")),
              tags,
              text(node, "networkId"),
              text(node, "cidrRange"),
              node.path("assetChunkSize").asInt(),
              node.path("vulnNumAssets").asInt(),
              node.path("includeUnlicensed").asBoolean(true),
              // Version 1 wrote the member only for v2 exports.
              "v2".equals(node.path("assetExport").asText("v1"))));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return List.copyOf(out);
  }
}

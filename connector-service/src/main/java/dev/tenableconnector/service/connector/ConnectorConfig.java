package dev.tenableconnector.service.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.spec.ConnectorSpec;
import dev.tenableconnector.core.spec.Setting;
import dev.tenableconnector.core.spec.SpecValues;
import dev.tenableconnector.core.sync.Preset;
import dev.tenableconnector.core.sync.Scope;
import dev.tenableconnector.core.sync.SyncFilters;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.service.schedule.Schedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a connector syncs and when, without secrets: its {@link ConnectorSpec} settings (data to
 * sync, preset, Tenable-side filters, export sizes, retries), schedule, and its transform map and
 * risk severity mapping when they are edited copies (null: the built-in defaults). Stored as JSON
 * in the connector's row.
 */
public record ConnectorConfig(
    SpecValues sync, Schedule schedule, JsonNode transformMap, JsonNode severityMapping) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ConnectorConfig defaults() {
    return new ConnectorConfig(ConnectorSpec.defaults(), new Schedule.Manual(), null, null);
  }

  public Scope dataToSync() {
    return sync.scope();
  }

  public Preset preset() {
    return sync.preset();
  }

  public SyncFilters filters() {
    return sync.filters();
  }

  public TransformMap map() {
    return transformMap == null
        ? TransformMap.defaults()
        : TransformMap.parse(transformMap.toString(), "the connector's transform map");
  }

  public SeverityMapping severity() {
    return severityMapping == null
        ? SeverityMapping.defaults()
        : SeverityMapping.parse(
            severityMapping.toString(), "the connector's risk severity mapping");
  }

  /**
   * Stored in the connector's row: the sync settings as the API shows them, the schedule, the maps.
   */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.setAll(sync.toJson());
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
      ConnectorSpec.Result sync =
          ConnectorSpec.validate(SpecValues.inputOf(node), Setting.Surface.API);
      problems.addAll(sync.problems());
      if (!problems.isEmpty()) {
        throw new IllegalStateException("stored connector settings are invalid: " + problems);
      }
      return new ConnectorConfig(
          sync.values(),
          schedule,
          node.hasNonNull("transformMap") ? node.get("transformMap") : null,
          node.hasNonNull("severityMapping") ? node.get("severityMapping") : null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.tenableconnector.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The risk severity mapping: Tenable's effective severity id (0 info … 4 critical) to the
 * inventory's {@code findingSeverity} (1 … 5). Data, like the transform map: a JSON file with one
 * level per Tenable severity, validated whole on load.
 */
public final class SeverityMapping {
  public static final String DEFAULT_RESOURCE = "/transform/risk-severity-mapping.json";

  private final String name;
  private final long[] levels;

  private SeverityMapping(String name, long[] levels) {
    this.name = name;
    this.levels = levels;
  }

  public static SeverityMapping defaults() {
    return parse(MappingFiles.builtIn(DEFAULT_RESOURCE), "built-in severity mapping");
  }

  public static SeverityMapping load(Path file) {
    return parse(MappingFiles.user(file), file.toString());
  }

  public static SeverityMapping parse(String json, String origin) {
    List<String> problems = new ArrayList<>();
    JsonNode root = MappingFiles.json(json, origin);
    String name = MappingFiles.name(root, problems);
    long[] levels = {-1, -1, -1, -1, -1};
    JsonNode list = root.get("levels");
    if (list == null || !list.isArray()) {
      problems.add("'levels' must be an array of {tenableSeverityId, severity}");
    } else {
      int position = 0;
      for (JsonNode level : list) {
        position++;
        JsonNode id = level.get("tenableSeverityId");
        JsonNode severity = level.get("severity");
        if (id == null
            || !id.canConvertToInt()
            || id.asInt() < 0
            || id.asInt() > 4
            || !id.isIntegralNumber()) {
          problems.add("level " + position + ": 'tenableSeverityId' must be a whole number 0-4");
          continue;
        }
        if (severity == null
            || !severity.isIntegralNumber()
            || severity.asInt() < 1
            || severity.asInt() > 5) {
          problems.add("level " + position + ": 'severity' must be a whole number 1-5");
          continue;
        }
        if (levels[id.asInt()] != -1) {
          problems.add(
              "level " + position + ": Tenable severity " + id.asInt() + " is mapped twice");
        }
        levels[id.asInt()] = severity.asInt();
      }
      for (int i = 0; i < levels.length; i++) {
        if (levels[i] == -1 && problems.stream().noneMatch(p -> p.contains("must be"))) {
          problems.add("Tenable severity " + i + " has no level");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new TransformMapException(origin, problems);
    }
    return new SeverityMapping(name, levels);
  }

  public String name() {
    return name;
  }

  /** The mapped severity, or null when {@code tenableSeverityId} is not 0-4. */
  public Long map(long tenableSeverityId) {
    if (tenableSeverityId < 0 || tenableSeverityId > 4) {
      return null;
    }
    return levels[(int) tenableSeverityId];
  }
}

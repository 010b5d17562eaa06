package dev.tenableconnector.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.TargetField;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A transform map: rows that say which Tenable source fills which target field of the normalized
 * model, for assets and for findings. It is data, read from a JSON file; the shipped default
 * reproduces the seed's "Vulnerability Host Asset Tenable IO Map" row by row. Loading validates the
 * whole file and reports every problem at once.
 */
public final class TransformMap {
  public static final String DEFAULT_RESOURCE = "/transform/tenable-io-host-asset-map.json";
  private static final Set<String> ROW_KEYS =
      Set.of("label", "source", "target", "required", "valueMap", "otherwise", "extension");

  private final String name;
  private final String origin;
  private final Map<Entity, List<MapRow>> rows;

  private TransformMap(String name, String origin, Map<Entity, List<MapRow>> rows) {
    this.name = name;
    this.origin = origin;
    this.rows = rows;
  }

  /** The shipped default map. */
  public static TransformMap defaults() {
    return parse(MappingFiles.builtIn(DEFAULT_RESOURCE), "built-in map");
  }

  public static TransformMap load(Path file) {
    return parse(MappingFiles.user(file), file.toString());
  }

  public static TransformMap parse(String json, String origin) {
    List<String> problems = new ArrayList<>();
    JsonNode root = MappingFiles.json(json, origin);
    if (!(root instanceof ObjectNode)) {
      throw new TransformMapException(
          origin, List.of("must be a JSON object with name, assets and findings"));
    }
    String name = MappingFiles.name(root, problems);
    Map<Entity, List<MapRow>> rows = new EnumMap<>(Entity.class);
    for (Entity entity : Entity.values()) {
      rows.put(entity, readRows(root.get(entity.plural()), entity, problems));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!Set.of("name", "description", "assets", "findings").contains(key)) {
        problems.add(
            "unknown top-level key '" + key + "' (expected name, description, assets, findings)");
      }
    }
    if (!problems.isEmpty()) {
      throw new TransformMapException(origin, problems);
    }
    return new TransformMap(name, origin, rows);
  }

  private static List<MapRow> readRows(JsonNode array, Entity entity, List<String> problems) {
    FieldCatalog catalog = FieldCatalog.of(entity);
    List<MapRow> rows = new ArrayList<>();
    if (array == null || !array.isArray()) {
      problems.add("'" + entity.plural() + "' must be an array of rows");
      return rows;
    }
    int position = 0;
    for (JsonNode row : array) {
      position++;
      if (!row.isObject()) {
        problems.add(entity.plural() + " row " + position + ": must be an object");
        continue;
      }
      String label = row.path("label").asText("");
      String where =
          entity.plural() + " row " + position + (label.isBlank() ? "" : " (" + label + ")");
      for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!ROW_KEYS.contains(key)) {
          problems.add(where + ": unknown key '" + key + "'" + suggestion(key, ROW_KEYS));
        }
      }
      String targetName = row.path("target").asText("");
      TargetField target = null;
      if (targetName.isBlank()) {
        problems.add(where + ": 'target' is missing");
      } else {
        target = catalog.field(targetName).orElse(null);
        if (target == null) {
          problems.add(
              where
                  + ": unknown target field '"
                  + targetName
                  + "'"
                  + suggestion(
                      targetName, catalog.fields().stream().map(TargetField::name).toList()));
        }
      }
      SourcePath source = null;
      String sourceText = row.path("source").asText("");
      try {
        source = SourcePath.parse(sourceText);
        checkTopLevel(source, entity, where, problems);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": bad source path '" + sourceText + "': " + e.getMessage());
      }
      JsonNode requiredNode = row.get("required");
      if (requiredNode != null && !requiredNode.isBoolean()) {
        problems.add(where + ": 'required' must be true or false");
      }
      Map<String, String> valueMap = new LinkedHashMap<>();
      JsonNode values = row.get("valueMap");
      if (values != null) {
        if (!values.isObject()) {
          problems.add(where + ": 'valueMap' must be an object of source value to target value");
        } else {
          values
              .fields()
              .forEachRemaining(
                  e -> {
                    if (!e.getValue().isTextual()) {
                      problems.add(
                          where + ": valueMap entry '" + e.getKey() + "' must map to text");
                    } else {
                      valueMap.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
                    }
                  });
        }
      }
      JsonNode otherwise = row.get("otherwise");
      if (target != null && source != null) {
        rows.add(
            new MapRow(
                position,
                label.isBlank() ? sourceText : label,
                source,
                target,
                requiredNode != null && requiredNode.asBoolean(),
                Map.copyOf(valueMap),
                otherwise == null || otherwise.isNull() ? null : otherwise.asText()));
      }
    }
    for (String key : catalog.keyFields()) {
      boolean mapped = rows.stream().anyMatch(r -> r.target().name().equals(key) && r.required());
      if (!mapped) {
        problems.add(
            entity.plural()
                + ": required target '"
                + key
                + "' has no row marked \"required\": true (every record needs it as its key)");
      }
    }
    return List.copyOf(rows);
  }

  private static void checkTopLevel(
      SourcePath source, Entity entity, String where, List<String> problems) {
    for (SourcePath.Alternative alternative : source.alternatives()) {
      if (alternative.literal() != null || alternative.steps().isEmpty()) {
        continue;
      }
      if (alternative.assetContext() && entity == Entity.ASSET) {
        continue;
      }
      boolean asset = entity == Entity.ASSET || alternative.assetContext();
      Set<String> known = asset ? TenableFields.ASSET : TenableFields.VULN;
      String first = alternative.steps().get(0).name();
      if (!known.contains(first)) {
        problems.add(
            where
                + ": bad source path: '"
                + first
                + "' is not a field of Tenable's "
                + (asset ? "asset" : "vuln")
                + " export records"
                + suggestion(first, known));
      }
    }
  }

  static String suggestion(String name, java.util.Collection<String> candidates) {
    if (name.length() > 64) {
      return ""; // no field name is this long; comparing would cost the square of its length
    }
    return candidates.stream()
        .min(
            Comparator.comparingInt(
                c -> distance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT))))
        .filter(
            c ->
                distance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT))
                    <= Math.max(2, name.length() / 3))
        .map(c -> " (did you mean '" + c + "'?)")
        .orElse("");
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  public String name() {
    return name;
  }

  /** Where the map came from: a file path or "built-in map". */
  public String origin() {
    return origin;
  }

  public List<MapRow> rows(Entity entity) {
    return rows.get(entity);
  }
}

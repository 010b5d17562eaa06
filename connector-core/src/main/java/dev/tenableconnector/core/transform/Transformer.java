package dev.tenableconnector.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.client.model.TenableTimestamps;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.NetworkInterface;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.TargetField;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies a transform map and a severity mapping to one Tenable record: evaluates each target
 * field's rows in order, types the values, maps severities, and rejects the record when a required
 * field has no value. One instance per thread (it reuses a scratch list); the map is shared.
 */
public final class Transformer {
  private final TransformMap map;
  private final SeverityMapping severity;
  private final Map<Entity, List<FieldRule>> rules = new EnumMap<>(Entity.class);
  private final List<JsonNode> scratch = new ArrayList<>();

  public Transformer(TransformMap map, SeverityMapping severity) {
    this.map = map;
    this.severity = severity;
    for (Entity entity : Entity.values()) {
      List<FieldRule> list = new ArrayList<>();
      for (TargetField field : FieldCatalog.of(entity).fields()) {
        List<MapRow> rows = map.rows(entity).stream().filter(r -> r.target() == field).toList();
        if (!rows.isEmpty()) {
          list.add(new FieldRule(field, rows, rows.stream().anyMatch(MapRow::required)));
        }
      }
      rules.put(entity, List.copyOf(list));
    }
  }

  public TransformMap map() {
    return map;
  }

  public SeverityMapping severityMapping() {
    return severity;
  }

  /** True when the finding rules read the asset-export record of the finding's asset. */
  public boolean findingsReadAssetContext() {
    return rules.get(Entity.FINDING).stream()
        .anyMatch(rule -> rule.rows().stream().anyMatch(r -> r.source().readsAssetContext()));
  }

  /**
   * Transforms one record. For an asset, {@code assetContext} is ignored (the record is its own
   * context); for a finding it is the asset-export record of its asset, or null when unknown.
   */
  public Outcome transform(Entity entity, JsonNode record, JsonNode assetContext) {
    NormalizedRecord out = new NormalizedRecord(entity);
    JsonNode context = entity == Entity.ASSET ? record : assetContext;
    for (FieldRule rule : rules.get(entity)) {
      Object value = evaluate(rule, record, context);
      if (value != null
          && rule.field().entity() == Entity.FINDING
          && rule.field().name().equals("findingSeverity")) {
        Long mapped = severity.map((Long) value);
        if (mapped == null) {
          return Outcome.rejected("findingSeverity: Tenable severity " + value + " is not 0-4");
        }
        value = mapped;
      }
      if (NormalizedRecord.isEmpty(value)) {
        if (rule.required()) {
          return Outcome.rejected(
              "required field "
                  + rule.field().name()
                  + " has no value (source: "
                  + rule.rows().stream()
                      .map(r -> r.source().text())
                      .reduce((a, b) -> a + "; " + b)
                      .orElse("")
                  + ")");
        }
        continue;
      }
      out.set(rule.field(), value);
    }
    return Outcome.of(out);
  }

  private Object evaluate(FieldRule rule, JsonNode record, JsonNode context) {
    TargetField field = rule.field();
    if (field.type().isList()) {
      Set<Object> values = new LinkedHashSet<>();
      for (MapRow row : rule.rows()) {
        scratch.clear();
        row.source().evaluate(record, context, scratch);
        for (JsonNode node : scratch) {
          Object value = coerce(field, row, node);
          if (value != null) {
            values.add(value);
          }
        }
      }
      return values.isEmpty() ? null : List.copyOf(values);
    }
    for (MapRow row : rule.rows()) {
      scratch.clear();
      row.source().evaluate(record, context, scratch);
      for (JsonNode node : scratch) {
        Object value = coerce(field, row, node);
        if (value != null) {
          return value;
        }
      }
    }
    return null;
  }

  private static Object coerce(TargetField field, MapRow row, JsonNode node) {
    switch (field.type()) {
      case STRING, STRING_LIST -> {
        if (!node.isValueNode()) {
          return null;
        }
        String text = node.asText().strip();
        return text.isEmpty() ? null : row.mapValue(text);
      }
      case INTEGER -> {
        if (node.isIntegralNumber()) {
          return node.longValue();
        }
        Double value = number(node);
        return value == null ? null : value.longValue();
      }
      case NUMBER -> {
        return number(node);
      }
      case BOOLEAN -> {
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        if (node.isTextual()) {
          String text = node.asText().strip().toLowerCase(Locale.ROOT);
          return text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
        }
        return null;
      }
      case TIMESTAMP -> {
        if (node.isNumber()) {
          return TenableTimestamps.fromEpoch(node.longValue());
        }
        return node.isTextual() ? TenableTimestamps.parse(node.asText()) : null;
      }
      case INTERFACE_LIST -> {
        if (!node.isObject()) {
          return null;
        }
        List<String> ips = texts(node, "ipv4s", "ipv4");
        List<String> v6 = texts(node, "ipv6s", "ipv6");
        if (!v6.isEmpty()) {
          List<String> all = new ArrayList<>(ips);
          all.addAll(v6);
          ips = List.copyOf(all);
        }
        JsonNode name = node.get("name");
        return new NetworkInterface(
            name == null || name.isNull() ? null : name.asText(),
            ips,
            texts(node, "mac_addresses", "mac_address"),
            texts(node, "fqdns", "fqdn"));
      }
      default -> throw new IllegalStateException(field.type().toString());
    }
  }

  /** A number, or a numeric string as real data sometimes has; null when blank or not a number. */
  private static Double number(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      try {
        double value = Double.parseDouble(node.asText().strip());
        return Double.isFinite(value) ? value : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** Real interfaces use plural keys, the API description singular ones; both, scalar or array. */
  private static List<String> texts(JsonNode node, String plural, String singular) {
    JsonNode value = node.get(plural);
    if (value == null || value.isNull()) {
      value = node.get(singular);
    }
    if (value == null || value.isNull()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (value.isArray()) {
      for (JsonNode item : value) {
        if (item.isValueNode() && !item.isNull() && !item.asText().isBlank()) {
          out.add(item.asText());
        }
      }
    } else if (value.isValueNode() && !value.asText().isBlank()) {
      out.add(value.asText());
    }
    return List.copyOf(out);
  }

  private record FieldRule(TargetField field, List<MapRow> rows, boolean required) {}

  /** A normalized record, or the reason the record was rejected. */
  public record Outcome(NormalizedRecord record, String rejection) {
    static Outcome of(NormalizedRecord record) {
      return new Outcome(record, null);
    }

    static Outcome rejected(String reason) {
      return new Outcome(null, reason);
    }

    public boolean isRejected() {
      return rejection != null;
    }
  }
}

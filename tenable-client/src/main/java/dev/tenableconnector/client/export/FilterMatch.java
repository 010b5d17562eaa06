package dev.tenableconnector.client.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether the filters a job list reports are exactly the ones we sent, compared as Tenable
 * normalises them: the job lists give {@code filters} as a JSON-encoded string (assets) or an
 * object (vulns); unset time filters come back as 0 and empty lists as {@code []}; {@code tag.*}
 * filters come back inside a {@code tags} object under their full names; states and severities come
 * back upper-cased; a lone value may stand for a one-element list; list order is free. Every other
 * value must be equal. Filters that cannot be read never match: a job whose filters are unknown is
 * never taken for ours.
 */
final class FilterMatch {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Filters whose values Tenable upper-cases (its enum values are case-insensitive on input). */
  private static final Set<String> UPPER_CASED =
      Set.of("state", "severity", "severity_modification_type");

  private FilterMatch() {}

  /** {@code sent}: the request's filters (null or a JSON null when it had none). */
  static boolean sameFilters(JsonNode sent, JsonNode reported) {
    Optional<Map<String, Object>> ours =
        sent == null || sent.isNull() || sent.isMissingNode()
            ? Optional.of(Map.of())
            : canonical(sent);
    Optional<Map<String, Object>> theirs = canonical(reported);
    return ours.isPresent() && theirs.isPresent() && ours.get().equals(theirs.get());
  }

  /**
   * The filters as a sorted map of set filters to comparable values; empty when they cannot be read
   * (absent, not JSON, not an object).
   */
  static Optional<Map<String, Object>> canonical(JsonNode filters) {
    JsonNode node = filters;
    if (node != null && node.isTextual()) {
      try {
        node = JSON.readTree(node.asText());
      } catch (IOException notJson) {
        return Optional.empty();
      }
    }
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    Map<String, Object> out = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("tags") && field.getValue().isObject()) {
        field
            .getValue()
            .fields()
            .forEachRemaining(
                tag ->
                    put(
                        out,
                        tag.getKey().startsWith("tag.") ? tag.getKey() : "tag." + tag.getKey(),
                        tag.getValue()));
      } else {
        put(out, field.getKey(), field.getValue());
      }
    }
    return Optional.of(out);
  }

  private static void put(Map<String, Object> out, String key, JsonNode value) {
    Object canonical = value(key, value);
    if (canonical != null) {
      out.put(key, canonical);
    }
  }

  /** A comparable form of one value, or null when the value means "not set". */
  private static Object value(String key, JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isObject()) {
      Map<String, Object> members = new TreeMap<>();
      value
          .fields()
          .forEachRemaining(
              m -> {
                Object v = value(key, m.getValue());
                if (v != null) {
                  members.put(m.getKey(), v);
                }
              });
      return members.isEmpty() ? null : members;
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : value) {
        if (!item.isValueNode() || item.isNull()) {
          items.add(item.toString());
        } else {
          items.add(scalar(key, item));
        }
      }
      if (items.isEmpty()) {
        return null;
      }
      items.sort(null);
      return items;
    }
    if (value.isNumber() && value.decimalValue().signum() == 0
        || value.isTextual() && value.asText().isEmpty()) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return List.of(scalar(key, value));
  }

  private static String scalar(String key, JsonNode value) {
    if (value.isNumber()) {
      BigDecimal number = value.decimalValue().stripTrailingZeros();
      return number.signum() == 0 ? "0" : number.toPlainString();
    }
    String text = value.asText();
    if (text.matches("-?\\d+(\\.\\d+)?")) {
      BigDecimal number = new BigDecimal(text).stripTrailingZeros();
      return number.signum() == 0 ? "0" : number.toPlainString();
    }
    return UPPER_CASED.contains(key) ? text.toUpperCase(Locale.ROOT) : text;
  }
}

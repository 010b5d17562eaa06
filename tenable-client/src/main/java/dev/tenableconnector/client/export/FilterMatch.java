package dev.tenableconnector.client.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the filters a job list reports are the ones we sent. Tenable echoes filters normalized:
 * values upper-cased, unset time filters as 0, {@code tags} as an object; so only the filters we
 * sent are compared, case-insensitively, and zeros or empties we did not send are ignored.
 */
final class FilterMatch {
  private FilterMatch() {}

  static boolean sameFilters(JsonNode sent, JsonNode reported) {
    Iterator<Map.Entry<String, JsonNode>> fields = sent.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode echoed = reported.get(field.getKey());
      if (echoed == null && field.getKey().startsWith("tag.")) {
        echoed = reported.path("tags").get(field.getKey().substring(4));
      }
      if (echoed == null) {
        continue;
      }
      if (!normalized(field.getValue()).equals(normalized(echoed))) {
        return false;
      }
    }
    Iterator<Map.Entry<String, JsonNode>> extra = reported.fields();
    while (extra.hasNext()) {
      Map.Entry<String, JsonNode> field = extra.next();
      JsonNode value = field.getValue();
      boolean unset = value.isNull() || value.isNumber() && value.asLong() == 0
          || value.isContainerNode() && value.isEmpty();
      if (!unset && !sent.has(field.getKey()) && !field.getKey().equals("tags")) {
        return false;
      }
    }
    return true;
  }

  private static String normalized(JsonNode value) {
    return value.toString().toUpperCase(Locale.ROOT);
  }
}

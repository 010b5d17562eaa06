package dev.tenableconnector.emulator.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads filter values from a request body the way the API accepts them, collecting problems. */
final class FilterReader {
  final List<String> problems = new ArrayList<>();

  Instant epoch(JsonNode filters, String key) {
    JsonNode n = filters.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.canConvertToLong() || n.isTextual() && n.asText().matches("\\d+")) {
      long v = n.asLong();
      return v == 0 ? null : Instant.ofEpochSecond(v);
    }
    problems.add(key + " must be a Unix timestamp in seconds");
    return null;
  }

  Boolean bool(JsonNode filters, String key) {
    JsonNode n = filters.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual()
        && (n.asText().equalsIgnoreCase("true") || n.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(n.asText());
    }
    problems.add(key + " must be true or false");
    return null;
  }

  String text(JsonNode filters, String key) {
    JsonNode n = filters.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isValueNode()) {
      return n.asText();
    }
    problems.add(key + " must be a string");
    return null;
  }

  /** A list of strings (a lone string counts as one); upper- or lower-cased when asked. */
  Set<String> strings(JsonNode filters, String key, Boolean upper) {
    JsonNode n = filters.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    if (n.isArray()) {
      for (JsonNode e : n) {
        if (!e.isValueNode()) {
          problems.add(key + " must be a list of strings");
          return null;
        }
        out.add(cased(e.asText(), upper));
      }
    } else if (n.isValueNode()) {
      out.add(cased(n.asText(), upper));
    } else {
      problems.add(key + " must be a list of strings");
      return null;
    }
    return out;
  }

  Set<Long> longs(JsonNode filters, String key) {
    JsonNode n = filters.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    Set<Long> out = new LinkedHashSet<>();
    for (JsonNode e : n.isArray() ? n : List.of(n)) {
      if (e.canConvertToLong() || e.isTextual() && e.asText().matches("\\d+")) {
        out.add(e.asLong());
      } else {
        problems.add(key + " must be a list of integers");
        return null;
      }
    }
    return out;
  }

  private static String cased(String s, Boolean upper) {
    if (upper == null) {
      return s;
    }
    return upper ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT);
  }

  /**
   * Checks every filter name: {@code tag.<category>} filters go to {@code tags}, and a name that
   * {@code unknown} has a complaint about is reported with it.
   */
  void names(JsonNode filters, Map<Integer, Set<String>> tags, Function<String, String> unknown) {
    Iterator<String> names = filters.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (name.startsWith("tag.")) {
        AssetQuery.tag(tags, name.substring(4), strings(filters, name, null));
      } else {
        String complaint = unknown.apply(name);
        if (complaint != null) {
          problems.add(complaint);
        }
      }
    }
  }

  void fail() {
    if (!problems.isEmpty()) {
      throw new BadRequest("Invalid filters: " + String.join("; ", problems));
    }
  }
}

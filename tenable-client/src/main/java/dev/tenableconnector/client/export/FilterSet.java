package dev.tenableconnector.client.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} object of an export request as its builder fills it: values in the API's
 * shapes (times as epoch seconds, {@code tag.<category>} keys) and every problem met on the way.
 */
final class FilterSet {
  private final Map<String, Object> filters = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  void epoch(String key, Instant t) {
    if (t == null) {
      problems.add(key + ": a time is required");
    } else {
      filters.put(key, t.getEpochSecond());
    }
  }

  void put(String key, Object value) {
    if (value == null) {
      problems.add(key + ": a value is required");
    } else {
      filters.put(key, value);
    }
  }

  void nonEmpty(String key, List<?> values) {
    if (values == null || values.isEmpty()) {
      problems.add(key + ": needs at least one value");
    } else {
      filters.put(key, List.copyOf(values));
    }
  }

  /** {@code tag.<category>}: assets carrying any of the values. */
  void tag(String category, List<String> values) {
    if (category == null || category.isBlank() || values == null || values.isEmpty()) {
      problems.add("tag: needs a category and at least one value");
    } else {
      filters.put("tag." + category, List.copyOf(values));
    }
  }

  void problem(String problem) {
    problems.add(problem);
  }

  boolean has(String key) {
    return filters.containsKey(key);
  }

  boolean hasTag() {
    return filters.keySet().stream().anyMatch(k -> k.startsWith("tag."));
  }

  Object get(String key) {
    return filters.get(key);
  }

  List<String> problems() {
    return new ArrayList<>(problems);
  }

  /** Puts the filters into the request body, unless there are none. */
  void addTo(Map<String, Object> body) {
    if (!filters.isEmpty()) {
      body.put("filters", Collections.unmodifiableMap(new LinkedHashMap<>(filters)));
    }
  }
}

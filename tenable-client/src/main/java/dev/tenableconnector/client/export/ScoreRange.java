package dev.tenableconnector.client.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A score filter such as {@code vpr_score}: {@code eq}/{@code neq} lists or {@code gt}, {@code
 * gte}, {@code lt}, {@code lte} bounds. Tenable refuses {@code eq} together with range operators.
 */
public record ScoreRange(
    List<Double> eq, List<Double> neq, Double gt, Double gte, Double lt, Double lte) {

  public static ScoreRange atLeast(double gte) {
    return new ScoreRange(List.of(), List.of(), null, gte, null, null);
  }

  public static ScoreRange between(double gte, double lt) {
    return new ScoreRange(List.of(), List.of(), null, gte, lt, null);
  }

  public static ScoreRange equalTo(double... values) {
    List<Double> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    return new ScoreRange(list, List.of(), null, null, null, null);
  }

  public ScoreRange {
    eq = eq == null ? List.of() : List.copyOf(eq);
    neq = neq == null ? List.of() : List.copyOf(neq);
  }

  List<String> problems(String name) {
    List<String> problems = new ArrayList<>();
    boolean range = gt != null || gte != null || lt != null || lte != null;
    if (!eq.isEmpty() && range) {
      problems.add(name + ": eq cannot be combined with gt/gte/lt/lte");
    }
    if (!eq.isEmpty() || !neq.isEmpty() || range) {
      return problems;
    }
    problems.add(name + ": needs at least one of eq, neq, gt, gte, lt, lte");
    return problems;
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    if (!eq.isEmpty()) {
      json.put("eq", eq);
    }
    if (!neq.isEmpty()) {
      json.put("neq", neq);
    }
    putIfSet(json, "gt", gt);
    putIfSet(json, "gte", gte);
    putIfSet(json, "lt", lt);
    putIfSet(json, "lte", lte);
    return json;
  }

  private static void putIfSet(Map<String, Object> json, String key, Double value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}

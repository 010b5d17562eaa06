package dev.tenableconnector.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.InventoryQuery;
import dev.tenableconnector.core.query.QueryException;
import dev.tenableconnector.service.connector.ServiceException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one request's query parameters, collecting every problem instead of stopping at the first,
 * so that a 400 names them all ({@link #check()}).
 */
final class RequestReader {
  private final Context ctx;
  private final List<String> problems = new ArrayList<>();

  RequestReader(Context ctx) {
    this.ctx = ctx;
  }

  /** Names every parameter the route does not take. */
  RequestReader onlyThese(Set<String> known) {
    ctx.queryParamMap().keySet().stream()
        .filter(name -> !known.contains(name))
        .sorted()
        .forEach(
            name ->
                problems.add(
                    name
                        + ": not a parameter of this route (known: "
                        + String.join(", ", new TreeSet<>(known))
                        + ")"));
    return this;
  }

  /** A whole number in {@code [min, max]}, or {@code fallback} when absent. */
  int integer(String name, int fallback, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(
        name
            + ": must be a whole number "
            + (max == Integer.MAX_VALUE ? min + " or more" : min + "-" + max)
            + ", not '"
            + v
            + "'");
    return fallback;
  }

  /** {@code true}/{@code false}, or {@code fallback} when absent. */
  boolean bool(String name, boolean fallback) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return fallback;
    }
    if (!v.equals("true") && !v.equals("false")) {
      problems.add(name + ": true or false, not '" + v + "'");
      return fallback;
    }
    return v.equals("true");
  }

  /** The {@code q=} query, checked against the entity's fields; null when absent. */
  InventoryQuery query(Entity entity) {
    String q = ctx.queryParam("q");
    if (q == null || q.isBlank()) {
      return null;
    }
    try {
      return InventoryQuery.parseFor(q, entity);
    } catch (QueryException e) {
      problems.add("q: " + e.getMessage());
      return null;
    }
  }

  void problem(String problem) {
    problems.add(problem);
  }

  void problems(List<String> more) {
    problems.addAll(more);
  }

  /** Throws a 400 naming every problem found so far, if there is one. */
  void check() {
    if (!problems.isEmpty()) {
      throw ServiceException.invalid(problems);
    }
  }

  /** The body as JSON; a 400 when it is empty or not JSON, with the line and column. */
  static JsonNode jsonBody(Context ctx, ObjectMapper mapper) {
    String text = ctx.body();
    if (text.isBlank()) {
      throw ServiceException.invalid(
          List.of("the request body is empty; send the connector as JSON"));
    }
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw ServiceException.invalid(
          List.of(
              "the body is not valid JSON"
                  + (at == null
                      ? ""
                      : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                  + ": "
                  + e.getOriginalMessage()));
    }
  }
}

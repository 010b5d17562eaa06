package dev.tenableconnector.service.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.core.spec.ConnectorSpec;
import dev.tenableconnector.core.spec.Setting;
import dev.tenableconnector.core.spec.SpecValues;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.core.transform.TransformMapException;
import dev.tenableconnector.service.schedule.Schedule;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A connector as a client sent it (create, edit, or test unsaved settings), validated with every
 * problem named by field. On an edit, absent fields keep their current value; keys are replaced
 * only as a pair.
 */
public record ConnectorRequest(
    String name,
    String description,
    boolean hasDescription,
    String tenableUrl,
    String accessKey,
    String secretKey,
    SpecValues sync,
    Schedule schedule,
    JsonNode transformMap,
    boolean hasTransformMap,
    JsonNode severityMapping,
    boolean hasSeverityMapping,
    Boolean retainDelta,
    Boolean enabled,
    List<String> settingWarnings) {

  public static final int MAX_DESCRIPTION = 180;
  public static final int MAX_NAME = 100;
  public static final String DEFAULT_URL = "https://cloud.tenable.com";

  /**
   * The top-level fields a request may set: the connector's own, and every {@link ConnectorSpec}
   * setting's.
   */
  private static final Set<String> WRITABLE = writable();

  private static final List<String> FILTERS =
      ConnectorSpec.all().stream()
          .filter(s -> s.key().startsWith("filters."))
          .map(s -> s.key().substring("filters.".length()))
          .toList();

  /** What responses add: accepted and ignored, so a client can send back what it read. */
  private static final Set<String> READ_ONLY =
      Set.of(
          "id",
          "state",
          "lastRun",
          "nextRunAt",
          "createdAt",
          "updatedAt",
          "keysUpdatedAt",
          "testedAt",
          "lastError",
          "account",
          "scheduleDescription",
          "keysSet",
          "untested",
          "warning");

  private static Set<String> writable() {
    Set<String> fields =
        new java.util.TreeSet<>(
            Set.of(
                "name",
                "description",
                "tenableUrl",
                "accessKey",
                "secretKey",
                "schedule",
                "transformMap",
                "severityMapping",
                "retainDelta",
                "enabled"));
    ConnectorSpec.all().forEach(s -> fields.add(s.key().split("\\.")[0]));
    return java.util.Collections.unmodifiableSet(fields);
  }

  /**
   * The {@link ConnectorSpec} settings after this body: what it gives over {@code before}; a {@code
   * filters} object given replaces every filter (those it leaves out are cleared), as it always
   * has. Problems are added, those of the combination too (tag filters on a v2 export).
   */
  static SpecValues syncSettings(
      JsonNode body, SpecValues before, List<String> problems, List<String> warnings) {
    JsonNode filters = body.get("filters");
    if (filters != null && !filters.isNull() && !filters.isObject()) {
      problems.add("filters: must be an object with " + String.join(", ", FILTERS));
    } else if (filters != null && filters.isObject()) {
      filters
          .fieldNames()
          .forEachRemaining(
              n -> {
                if (!FILTERS.contains(n)) {
                  problems.add(
                      "filters."
                          + n
                          + ": unknown filter (allowed: "
                          + String.join(", ", FILTERS)
                          + ")");
                }
              });
    }
    Map<String, JsonNode> given = SpecValues.inputOf(body);
    if (filters != null) {
      FILTERS.forEach(
          f ->
              given.putIfAbsent(
                  "filters." + f, com.fasterxml.jackson.databind.node.NullNode.getInstance()));
    }
    Map<String, JsonNode> merged = new java.util.LinkedHashMap<>(before.asInput());
    merged.putAll(given);
    ConnectorSpec.Result result = ConnectorSpec.validate(merged, Setting.Surface.API);
    problems.addAll(result.problems());
    warnings.addAll(result.warnings());
    return result.values();
  }

  public boolean hasKeys() {
    return accessKey != null;
  }

  /**
   * Reads and validates a request body. {@code create}: name and both keys are required. Throws
   * {@link ServiceException} (400) naming every problem.
   */
  public static ConnectorRequest parse(JsonNode body, boolean create) {
    return parse(body, create, ConnectorSpec.defaults());
  }

  /** As above, for an edit of a connector whose sync settings are {@code before}. */
  public static ConnectorRequest parse(JsonNode body, boolean create, SpecValues before) {
    List<String> problems = new ArrayList<>();
    if (body == null || !body.isObject()) {
      throw ServiceException.invalid(
          List.of("the body must be a JSON object describing the connector"));
    }
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!WRITABLE.contains(f) && !READ_ONLY.contains(f)) {
                problems.add(
                    f
                        + ": unknown field (fields: "
                        + String.join(", ", WRITABLE.stream().sorted().toList())
                        + ")");
              }
            });

    String name = text(body, "name", problems);
    if (name != null) {
      name = name.strip();
      if (name.isEmpty()) {
        problems.add("name: must not be empty");
      } else if (name.length() > MAX_NAME) {
        problems.add("name: at most " + MAX_NAME + " characters (has " + name.length() + ")");
      } else if (name.chars().anyMatch(Character::isISOControl)) {
        problems.add("name: must not contain control characters");
      }
    } else if (create && !body.has("name")) {
      problems.add("name: required");
    }

    String description = text(body, "description", problems);
    if (description != null
        && description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
      problems.add(
          "description: at most "
              + MAX_DESCRIPTION
              + " characters (has "
              + description.codePointCount(0, description.length())
              + ")");
    }

    String url = text(body, "tenableUrl", problems);
    if (url != null) {
      url = url.strip().replaceAll("/+$", "");
      problems.addAll(urlProblems(url));
    } else if (create) {
      url = DEFAULT_URL;
    }

    String access = text(body, "accessKey", problems);
    String secret = text(body, "secretKey", problems);
    for (String[] key : new String[][] {{"accessKey", access}, {"secretKey", secret}}) {
      if (key[1] != null) {
        ApiKeys.shapeProblem(key[0], key[1]).ifPresent(problems::add);
      }
    }
    if (create || access != null || secret != null) {
      if (access == null) {
        problems.add(
            "accessKey: required"
                + (create ? "" : " together with secretKey (keys are replaced as a pair)"));
      }
      if (secret == null) {
        problems.add(
            "secretKey: required"
                + (create ? "" : " together with accessKey (keys are replaced as a pair)"));
      }
    }

    List<String> warnings = new ArrayList<>();
    SpecValues sync = syncSettings(body, before, problems, warnings);
    Schedule schedule =
        body.has("schedule") ? Schedule.parse(body.get("schedule"), "schedule", problems) : null;

    JsonNode map =
        mapping(body, "transformMap", problems, json -> TransformMap.parse(json, "transformMap"));
    JsonNode severity =
        mapping(
            body,
            "severityMapping",
            problems,
            json -> SeverityMapping.parse(json, "severityMapping"));

    Boolean retainDelta = bool(body, "retainDelta", problems);
    Boolean enabled = bool(body, "enabled", problems);

    if (!problems.isEmpty()) {
      throw ServiceException.invalid(problems);
    }
    return new ConnectorRequest(
        name,
        description,
        body.has("description"),
        url,
        access == null ? null : access.strip(),
        secret == null ? null : secret.strip(),
        sync,
        schedule,
        map,
        body.has("transformMap"),
        severity,
        body.has("severityMapping"),
        retainDelta,
        enabled,
        List.copyOf(warnings));
  }

  static List<String> urlProblems(String url) {
    List<String> problems = new ArrayList<>();
    try {
      URI uri = URI.create(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
        problems.add(
            "tenableUrl: '" + url + "' is not an https URL with a host (e.g. " + DEFAULT_URL + ")");
      } else if (scheme.equals("http") && !TenableClientConfig.isLoopbackHost(uri.getHost())) {
        problems.add(
            "tenableUrl: plain http is allowed only for loopback hosts; use https://"
                + uri.getHost());
      } else if (uri.getQuery() != null || uri.getFragment() != null) {
        problems.add("tenableUrl: must not have a query or fragment");
      }
    } catch (IllegalArgumentException e) {
      problems.add("tenableUrl: '" + url + "' is not a URL");
    }
    return problems;
  }

  private interface Validator {
    Object check(String json);
  }

  private static JsonNode mapping(
      JsonNode body, String field, List<String> problems, Validator validator) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problems.add(
          field
              + ": must be a mapping object like the built-in one (GET /api/defaults/"
              + field
              + "), or null for the default");
      return null;
    }
    try {
      validator.check(node.toString());
    } catch (TransformMapException e) {
      e.problems().forEach(problem -> problems.add(field + ": " + problem));
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
    }
    return node;
  }

  private static String text(JsonNode body, String field, List<String> problems) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add(field + ": must be a string");
      return null;
    }
    return node.asText();
  }

  private static Boolean bool(JsonNode body, String field, List<String> problems) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      problems.add(field + ": must be true or false");
      return null;
    }
    return node.asBoolean();
  }
}

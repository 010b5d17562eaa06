package dev.tenableconnector.core.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.FindingSeverity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How findings are judged, as data (like the transform map): SLA days per severity and when the
 * clock starts, when a window counts as approaching its end, and how an asset's ACR becomes SSVC's
 * mission impact. Validated whole: every problem of a file is named at once.
 */
public record RemediationPolicy(
    String name,
    ClockStart clockStart,
    Map<FindingSeverity, Integer> slaDays,
    double approachingAt,
    int lowUpTo,
    int mediumUpTo,
    Ssvc.Level withoutAcr,
    String json) {

  /** Where an SLA window starts. */
  public enum ClockStart {
    /** Tenable's {@code first_found}: reopening does not restart the clock (the default). */
    FIRST_FOUND,
    /** The start of the current episode: a reopened finding gets a new window. */
    EPISODE_START,
    /** When the vulnerability was published (first found when Tenable gives no date). */
    PUBLISHED
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String DEFAULT = "/decision/default-policy.json";

  /** The policy that ships with the connector. */
  public static RemediationPolicy defaults() {
    try (InputStream in = RemediationPolicy.class.getResourceAsStream(DEFAULT)) {
      if (in == null) {
        throw new IllegalStateException("the built-in " + DEFAULT + " is missing from the build");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT);
    } catch (IOException e) {
      throw new IllegalStateException("the built-in " + DEFAULT + " cannot be read", e);
    }
  }

  /** The SLA window of a severity in days, or null when none applies. */
  public Integer days(FindingSeverity severity) {
    return severity == null ? null : slaDays.get(severity);
  }

  /** The SSVC mission impact of an asset's ACR (1-10), with {@link #withoutAcr} for none. */
  public Ssvc.Level missionImpact(Double acr) {
    if (acr == null) {
      return withoutAcr;
    }
    return acr <= lowUpTo
        ? Ssvc.Level.LOW
        : acr <= mediumUpTo ? Ssvc.Level.MEDIUM : Ssvc.Level.HIGH;
  }

  /** Reads a policy file's text; {@link PolicyException} names every problem. */
  public static RemediationPolicy parse(String text, String origin) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (IOException e) {
      throw new PolicyException(
          origin, List.of("is not valid JSON: " + e.getMessage().lines().findFirst().orElse("")));
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new PolicyException(origin, List.of("must be a JSON object"));
    }
    unknownKeys(root, Set.of("name", "description", "sla", "missionImpact"), "", problems);
    String name = root.path("name").asText("");
    if (name.isBlank()) {
      problems.add("'name' is missing");
    }
    JsonNode sla = root.path("sla");
    JsonNode mission = root.path("missionImpact");
    if (!sla.isObject()) {
      problems.add("'sla' is missing (an object with clockStart, days and approachingAt)");
    }
    if (!mission.isObject()) {
      problems.add("'missionImpact' is missing (an object with lowUpTo, mediumUpTo, withoutAcr)");
    }
    unknownKeys(sla, Set.of("clockStart", "days", "approachingAt"), "sla.", problems);
    unknownKeys(mission, Set.of("lowUpTo", "mediumUpTo", "withoutAcr"), "missionImpact.", problems);

    ClockStart clock = ClockStart.FIRST_FOUND;
    String clockText = sla.path("clockStart").asText("FIRST_FOUND");
    try {
      clock = ClockStart.valueOf(clockText.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      problems.add(
          "sla.clockStart must be FIRST_FOUND, EPISODE_START or PUBLISHED, not '"
              + clockText
              + "'");
    }
    Map<FindingSeverity, Integer> days = new EnumMap<>(FindingSeverity.class);
    JsonNode daysNode = sla.path("days");
    if (sla.isObject() && !daysNode.isObject()) {
      problems.add("sla.days is missing (days per severity: critical, high, medium, low, info)");
    }
    Set<String> severities = Set.of("critical", "high", "medium", "low", "info");
    unknownKeys(daysNode, severities, "sla.days.", problems);
    for (FindingSeverity s : FindingSeverity.values()) {
      JsonNode d = daysNode.path(s.key());
      if (d.isMissingNode() || d.isNull()) {
        continue; // no SLA for this severity
      }
      if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() < 1 || d.asInt() > 3650) {
        problems.add("sla.days." + s.key() + " must be a whole number of days 1-3650, or null");
      } else {
        days.put(s, d.asInt());
      }
    }
    double approaching = sla.path("approachingAt").asDouble(0.8);
    if (sla.has("approachingAt")
        && (!sla.path("approachingAt").isNumber() || approaching <= 0 || approaching >= 1)) {
      problems.add("sla.approachingAt must be a number between 0 and 1 (0.8: 80 % of the window)");
    }
    int low = intIn(mission, "lowUpTo", 3, problems);
    int medium = intIn(mission, "mediumUpTo", 7, problems);
    if (low >= medium) {
      problems.add("missionImpact.lowUpTo must be below missionImpact.mediumUpTo");
    }
    Ssvc.Level without = Ssvc.Level.MEDIUM;
    String withoutText = mission.path("withoutAcr").asText("medium");
    try {
      without = Ssvc.Level.valueOf(withoutText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          "missionImpact.withoutAcr must be low, medium or high, not '" + withoutText + "'");
    }
    if (!problems.isEmpty()) {
      throw new PolicyException(origin, problems);
    }
    ObjectNode canonical = (ObjectNode) root;
    return new RemediationPolicy(
        name, clock, Map.copyOf(days), approaching, low, medium, without, canonical.toString());
  }

  private static int intIn(JsonNode node, String key, int otherwise, List<String> problems) {
    JsonNode v = node.path(key);
    if (v.isMissingNode()) {
      return otherwise;
    }
    if (!v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > 9) {
      problems.add("missionImpact." + key + " must be a whole ACR 1-9");
      return otherwise;
    }
    return v.asInt();
  }

  private static void unknownKeys(
      JsonNode node, Set<String> known, String prefix, List<String> problems) {
    if (!node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        problems.add(
            "unknown key '"
                + prefix
                + key
                + "' (known: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }
}

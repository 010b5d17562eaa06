package dev.tenableconnector.emulator.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.emulator.data.AssetIdentity;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.FindingState;
import dev.tenableconnector.emulator.data.Plugin;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filters of a vuln export, validated like the API does, and the rules that decide whether an
 * asset's findings and each finding are in the export. Without a {@code state} filter only OPEN and
 * REOPENED findings are exported; {@code since} means last found for those and fixed for FIXED.
 * Without any time-based filter only findings found or fixed in the last 30 days are exported, as
 * Tenable documents; a time filter of 0 is unset, as Tenable echoes it.
 */
final class VulnQuery {
  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
  private static final Set<String> KNOWN =
      Set.of(
          "since",
          "first_found",
          "last_found",
          "last_fixed",
          "indexed_at",
          "first_seen",
          "last_seen",
          "resurfaced_date",
          "time_taken_to_fix",
          "state",
          "severity",
          "severity_modification_type",
          "plugin_id",
          "plugin_family",
          "plugin_type",
          "vpr_score",
          "vpr_v2_score",
          "cvss4_base_score",
          "epss_score",
          "vpr_threat_intensity",
          "exploit_maturity",
          "weaponization",
          "cve_id",
          "cve_category",
          "initiative_id",
          "zero_day",
          "cidr_range",
          "network_id",
          "scan_uuid",
          "source",
          "software_vulns_potential",
          "software_vulns_potential_reasons");
  private static final Set<String> STATES = Set.of("OPEN", "REOPENED", "FIXED");
  private static final Set<String> SEVERITIES = Set.of("info", "low", "medium", "high", "critical");

  Instant since;
  Instant firstFound;
  Instant lastFound;
  Instant lastFixed;
  Instant indexedAt;
  Instant resurfaced;

  /** The start of the default 30-day window, when no time filter was sent. */
  Instant window;

  boolean timeFiltered;
  JsonNode timeTakenToFix;
  Set<String> state = Set.of("OPEN", "REOPENED");
  boolean stateGiven;
  Set<String> severity;
  Set<String> modificationType;
  Set<Long> pluginIds;
  Set<String> pluginFamilies;
  String pluginType;
  JsonNode vprScore;
  Set<String> cveIds;
  long[] cidr;
  String networkId;
  Set<String> source;
  boolean includeUnlicensed;
  final Map<Integer, Set<String>> tags = new HashMap<>();
  ObjectNode echo;

  static VulnQuery parse(JsonNode filters, boolean includeUnlicensed) {
    VulnQuery q = new VulnQuery();
    q.includeUnlicensed = includeUnlicensed;
    FilterReader r = new FilterReader();
    if (filters != null && !filters.isNull() && !filters.isMissingNode()) {
      if (!filters.isObject()) {
        throw new BadRequest("filters must be an object");
      }
      r.names(
          filters, q.tags, name -> KNOWN.contains(name) ? null : "unknown filter '" + name + "'");
      q.since = r.epoch(filters, "since");
      q.firstFound = first(r.epoch(filters, "first_found"), r.epoch(filters, "first_seen"));
      q.lastFound = first(r.epoch(filters, "last_found"), r.epoch(filters, "last_seen"));
      q.lastFixed = r.epoch(filters, "last_fixed");
      q.indexedAt = r.epoch(filters, "indexed_at");
      q.resurfaced = r.epoch(filters, "resurfaced_date");
      Instant firstSeen = r.epoch(filters, "first_seen");
      Instant lastSeen = r.epoch(filters, "last_seen");
      q.timeFiltered =
          q.since != null
              || q.firstFound != null
              || q.lastFound != null
              || q.lastFixed != null
              || q.indexedAt != null
              || q.resurfaced != null;
      q.timeTakenToFix = filters.get("time_taken_to_fix");
      if (q.timeTakenToFix != null && !q.timeTakenToFix.isNull()) {
        if (!q.timeTakenToFix.isObject()) {
          r.problems.add("time_taken_to_fix must be an object of gte, lte");
        } else {
          q.timeTakenToFix
              .fieldNames()
              .forEachRemaining(
                  op -> {
                    if (!op.equals("gte") && !op.equals("lte")) {
                      r.problems.add("time_taken_to_fix: unknown operator '" + op + "'");
                    }
                  });
        }
      } else {
        q.timeTakenToFix = null;
      }
      if (q.since != null && (firstSeen != null || lastSeen != null)) {
        r.problems.add(
            "since cannot be combined with " + (firstSeen != null ? "first_seen" : "last_seen"));
      }
      Set<String> states = r.strings(filters, "state", true);
      if (states != null) {
        if (states.isEmpty() || !STATES.containsAll(states)) {
          r.problems.add("state must be a list of OPEN, REOPENED, FIXED");
        } else {
          q.state = states;
          q.stateGiven = true;
        }
      }
      q.severity = r.strings(filters, "severity", false);
      if (q.severity != null && !SEVERITIES.containsAll(q.severity)) {
        r.problems.add("severity must be a list of info, low, medium, high, critical");
      }
      q.modificationType = r.strings(filters, "severity_modification_type", true);
      q.pluginIds = r.longs(filters, "plugin_id");
      q.pluginFamilies = r.strings(filters, "plugin_family", null);
      q.pluginType = r.text(filters, "plugin_type");
      q.vprScore = scoreFilter(filters, "vpr_score", r);
      scoreFilter(filters, "cvss4_base_score", r);
      scoreFilter(filters, "vpr_v2_score", r);
      scoreFilter(filters, "epss_score", r);
      q.cveIds = r.strings(filters, "cve_id", true);
      String cidr = r.text(filters, "cidr_range");
      if (cidr != null) {
        q.cidr = Cidr.parse(cidr);
        if (q.cidr == null) {
          r.problems.add("cidr_range must be an IPv4 CIDR range such as 10.0.0.0/8");
        }
      }
      q.networkId = r.text(filters, "network_id");
      q.source = r.strings(filters, "source", true);
      if (q.since != null) {
        for (String excluded : List.of("first_found", "last_found", "last_fixed")) {
          if (filters.hasNonNull(excluded) && filters.get(excluded).asLong() != 0) {
            r.problems.add("since cannot be combined with " + excluded);
          }
        }
      }
      if ((q.firstFound != null || q.lastFound != null || q.lastFixed != null) && !q.stateGiven) {
        r.problems.add("first_found, last_found and last_fixed require a state filter");
      }
    }
    r.fail();
    if (q.timeTakenToFix != null) {
      q.state = Set.of("FIXED"); // "results will only include vulnerabilities in the fixed state"
    }
    q.echo = echo(q, filters);
    return q;
  }

  /** Applies Tenable's default window when the request has no time-based filter. */
  void applyDefaultWindow(Instant requestedAt) {
    if (!timeFiltered) {
      window = requestedAt.minus(DEFAULT_WINDOW);
    }
  }

  /**
   * The filters as the status endpoint and the job list report them (Tenable's examples): states
   * and severities upper-cased, {@code tag.*} filters under {@code tags} by their full names, every
   * time filter present with 0 when unset; the other filters as sent.
   */
  private static ObjectNode echo(VulnQuery q, JsonNode filters) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    if (q.severity != null) {
      e.putArray("severity")
          .addAll(
              q.severity.stream()
                  .map(s -> JsonNodeFactory.instance.textNode(s.toUpperCase(java.util.Locale.ROOT)))
                  .toList());
    }
    e.putArray("state")
        .addAll(
            List.of("OPEN", "REOPENED", "FIXED").stream()
                .filter(q.state::contains)
                .map(JsonNodeFactory.instance::textNode)
                .toList());
    ObjectNode tags = e.putObject("tags");
    Set<String> echoedAbove =
        Set.of(
            "severity",
            "state",
            "since",
            "first_found",
            "last_found",
            "last_fixed",
            "first_seen",
            "last_seen",
            "indexed_at",
            "resurfaced_date");
    if (filters != null && filters.isObject()) {
      filters
          .fields()
          .forEachRemaining(
              f -> {
                if (f.getKey().startsWith("tag.")) {
                  tags.set(f.getKey(), f.getValue());
                } else if (!echoedAbove.contains(f.getKey())) {
                  e.set(f.getKey(), f.getValue());
                }
              });
    }
    e.put("since", epoch(q.since));
    e.put("first_found", epoch(q.firstFound));
    e.put("last_found", epoch(q.lastFound));
    e.put("last_fixed", epoch(q.lastFixed));
    e.put("first_seen", 0);
    e.put("last_seen", 0);
    e.put("indexed_at", epoch(q.indexedAt));
    e.put("resurfaced_date", epoch(q.resurfaced));
    return e;
  }

  private static long epoch(Instant t) {
    return t == null ? 0 : t.getEpochSecond();
  }

  private static Instant first(Instant a, Instant b) {
    return a != null ? a : b;
  }

  private static JsonNode scoreFilter(JsonNode filters, String key, FilterReader r) {
    JsonNode n = filters.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      r.problems.add(key + " must be an object of eq, neq, gt, gte, lt, lte");
      return null;
    }
    boolean range = n.has("gt") || n.has("gte") || n.has("lt") || n.has("lte");
    if (n.has("eq") && range) {
      r.problems.add(key + ": eq cannot be combined with gt, gte, lt or lte");
    }
    Iterator<String> ops = n.fieldNames();
    while (ops.hasNext()) {
      String op = ops.next();
      if (!Set.of("eq", "neq", "gt", "gte", "lt", "lte").contains(op)) {
        r.problems.add(key + ": unknown operator '" + op + "'");
      }
    }
    return n;
  }

  /** Whether the asset's findings may be in the export at all. */
  boolean assetMatches(AssetState a) {
    AssetIdentity id = a.identity();
    if (!a.live() || !includeUnlicensed && !id.licensed()) {
      return false;
    }
    if (networkId != null && !networkId.equalsIgnoreCase(id.networkId())) {
      return false;
    }
    if (source != null && !source.contains(id.hasAgent() ? "AGENT" : "NESSUS")) {
      return false;
    }
    if (cidr != null && id.ipv4s().stream().noneMatch(ip -> (Cidr.ipv4(ip) & cidr[1]) == cidr[0])) {
      return false;
    }
    return AssetQuery.tagsMatch(tags, id);
  }

  /**
   * Whether any finding of this asset can pass the time filters. A finding's times move only when
   * its asset is scanned, so none is later than the asset's last scan; this spares computing the
   * findings of every asset a delta export does not touch.
   */
  boolean mayMatch(AssetState a) {
    Instant latest = a.lastScanAt();
    return !(since != null && latest.isBefore(since)
        || window != null && latest.isBefore(window)
        || lastFound != null && latest.isBefore(lastFound)
        || lastFixed != null && latest.isBefore(lastFixed)
        || firstFound != null && latest.isBefore(firstFound)
        || resurfaced != null && latest.isBefore(resurfaced));
  }

  boolean findingMatches(FindingState f) {
    if (!state.contains(f.state())) {
      return false;
    }
    boolean fixed = !f.active();
    if (since != null && AssetQuery.before(fixed ? f.lastFixed() : f.lastFound(), since)
        || window != null && AssetQuery.before(fixed ? f.lastFixed() : f.lastFound(), window)) {
      return false;
    }
    if (timeTakenToFix != null) {
      Long took = f.timeTakenToFix();
      if (took == null
          || timeTakenToFix.has("gte") && took < timeTakenToFix.get("gte").asLong()
          || timeTakenToFix.has("lte") && took > timeTakenToFix.get("lte").asLong()) {
        return false;
      }
    }
    if (firstFound != null && AssetQuery.before(f.firstFound(), firstFound)
        || lastFound != null && AssetQuery.before(f.lastFound(), lastFound)
        || lastFixed != null && AssetQuery.before(f.lastFixed(), lastFixed)
        || indexedAt != null && AssetQuery.before(f.indexed(), indexedAt)) {
      return false;
    }
    if (resurfaced != null
        && (f.resurfaced() == null || AssetQuery.before(f.resurfaced(), resurfaced))) {
      return false;
    }
    Plugin p = f.plugin();
    if (severity != null && !severity.contains(f.severity())
        || modificationType != null && !modificationType.contains(f.modificationType())
        || pluginIds != null && !pluginIds.contains(p.id())
        || pluginFamilies != null && !pluginFamilies.contains(p.family())
        || pluginType != null && !pluginType.equalsIgnoreCase(p.type())) {
      return false;
    }
    if (cveIds != null && p.cves().stream().noneMatch(cveIds::contains)) {
      return false;
    }
    return vprScore == null || p.vprScore() != null && inRange(vprScore, p.vprScore());
  }

  static boolean inRange(JsonNode ops, double value) {
    if (ops.has("eq")) {
      boolean any = false;
      for (JsonNode v : ops.get("eq")) {
        any |= Math.abs(v.asDouble() - value) < 1e-9;
      }
      if (!any) {
        return false;
      }
    }
    if (ops.has("neq")) {
      for (JsonNode v : ops.get("neq")) {
        if (Math.abs(v.asDouble() - value) < 1e-9) {
          return false;
        }
      }
    }
    return !(ops.has("gt") && !(value > ops.get("gt").asDouble())
        || ops.has("gte") && !(value >= ops.get("gte").asDouble())
        || ops.has("lt") && !(value < ops.get("lt").asDouble())
        || ops.has("lte") && !(value <= ops.get("lte").asDouble()));
  }
}

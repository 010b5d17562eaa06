package dev.tenableconnector.client.export;

import dev.tenableconnector.client.model.TenableFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a vulnerability export ({@code POST /vulns/export}) with every documented filter as a
 * typed option. {@link Builder#build()} reports every invalid option at once, including Tenable's
 * rules that {@code since} excludes {@code first_found}/{@code last_found}/{@code last_fixed}, and
 * that those three need a {@code state} filter.
 */
public final class VulnExportRequest implements ExportRequest<TenableFinding> {
  public static final int MIN_NUM_ASSETS = 50;
  public static final int MAX_NUM_ASSETS = 5000;

  /**
   * The filters that lift Tenable's default window: "vulnerability exports will only include
   * accepted and non-accepted vulnerabilities found or fixed within the last 30 days if no
   * time-based filters are submitted".
   */
  public static final List<String> TIME_FILTERS =
      List.of(
          "since",
          "first_found",
          "first_seen",
          "last_found",
          "last_seen",
          "last_fixed",
          "indexed_at",
          "resurfaced_date");

  /**
   * The {@code since} of a request for all history: the smallest ten-digit epoch second
   * (2001-09-09), since Tenable documents its time filters as ten-digit timestamps, and positive
   * because Tenable echoes an unset time filter as 0, so a 0 could not be told from "not sent".
   * Tenable VM holds nothing older.
   */
  public static final Instant ALL_HISTORY = Instant.ofEpochSecond(1_000_000_000L);

  /** Filters that {@code since} cannot be combined with. */
  private static final List<String> EXCLUDED_BY_SINCE =
      List.of("first_found", "first_seen", "last_found", "last_seen", "last_fixed");

  private final Map<String, Object> body;

  private VulnExportRequest(Map<String, Object> body) {
    this.body = body;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ExportKind<TenableFinding> kind() {
    return ExportKind.VULNS;
  }

  @Override
  public Map<String, Object> body() {
    return body;
  }

  /** Whether the request carries a time-based filter; without one Tenable sends 30 days only. */
  public boolean hasTimeFilter() {
    Object filters = body.get("filters");
    return filters instanceof Map<?, ?> map && TIME_FILTERS.stream().anyMatch(map::containsKey);
  }

  @Override
  public String toString() {
    return "vulns export " + body;
  }

  /** Options of a vuln export; unset options are not sent. */
  public static final class Builder {
    private int numAssets = 500;
    private Boolean includeUnlicensed;
    private Boolean includeSoftwareVulns;
    private final FilterSet filters = new FilterSet();

    /** Assets per chunk (each chunk holds all findings of that many assets), 50 to 5000. */
    public Builder numAssets(int numAssets) {
      this.numAssets = numAssets;
      return this;
    }

    public Builder includeUnlicensed(boolean include) {
      this.includeUnlicensed = include;
      return this;
    }

    public Builder includeSoftwareVulns(boolean include) {
      this.includeSoftwareVulns = include;
      return this;
    }

    /** OPEN/REOPENED findings seen, and FIXED findings fixed, at or after this time. */
    public Builder since(Instant t) {
      filters.epoch("since", t);
      return this;
    }

    /**
     * Every finding in the states asked for, however long ago it was seen or fixed: {@code since}
     * {@link #ALL_HISTORY}. Without a time filter Tenable exports the last 30 days only.
     */
    public Builder allHistory() {
      return since(ALL_HISTORY);
    }

    public Builder firstFound(Instant t) {
      filters.epoch("first_found", t);
      return this;
    }

    public Builder lastFound(Instant t) {
      filters.epoch("last_found", t);
      return this;
    }

    public Builder lastFixed(Instant t) {
      filters.epoch("last_fixed", t);
      return this;
    }

    public Builder indexedAt(Instant t) {
      filters.epoch("indexed_at", t);
      return this;
    }

    public Builder firstSeen(Instant t) {
      filters.epoch("first_seen", t);
      return this;
    }

    public Builder lastSeen(Instant t) {
      filters.epoch("last_seen", t);
      return this;
    }

    public Builder resurfacedDate(Instant t) {
      filters.epoch("resurfaced_date", t);
      return this;
    }

    /** Only FIXED findings whose time to fix lies in this range (Tenable then sends FIXED only). */
    public Builder timeTakenToFix(Duration atLeast, Duration atMost) {
      Map<String, Object> range = new LinkedHashMap<>();
      if (atLeast != null) {
        range.put("gte", atLeast.toSeconds());
      }
      if (atMost != null) {
        range.put("lte", atMost.toSeconds());
      }
      if (range.isEmpty()) {
        filters.problem("time_taken_to_fix: needs a lower or an upper bound");
        return this;
      }
      filters.put("time_taken_to_fix", range);
      return this;
    }

    public Builder state(Collection<VulnState> states) {
      filters.put("state", names(states));
      return this;
    }

    public Builder severity(Collection<Severity> severities) {
      List<String> names = new ArrayList<>();
      severities.forEach(s -> names.add(s.wireName()));
      filters.nonEmpty("severity", names);
      return this;
    }

    /** {@code NONE}, {@code RECASTED}, {@code ACCEPTED}. */
    public Builder severityModificationType(Collection<String> types) {
      List<String> upper = new ArrayList<>();
      types.forEach(t -> upper.add(t.toUpperCase(java.util.Locale.ROOT)));
      filters.nonEmpty("severity_modification_type", upper);
      return this;
    }

    public Builder pluginIds(Collection<Long> ids) {
      filters.nonEmpty("plugin_id", List.copyOf(ids));
      return this;
    }

    public Builder pluginFamilies(Collection<String> families) {
      filters.nonEmpty("plugin_family", List.copyOf(families));
      return this;
    }

    /** e.g. {@code local}, {@code remote}, {@code combined}. */
    public Builder pluginType(String type) {
      filters.put("plugin_type", type);
      return this;
    }

    public Builder vprScore(ScoreRange range) {
      return score("vpr_score", range);
    }

    public Builder vprV2Score(ScoreRange range) {
      return score("vpr_v2_score", range);
    }

    public Builder cvss4BaseScore(ScoreRange range) {
      return score("cvss4_base_score", range);
    }

    /** EPSS in percent, 0 to 100. */
    public Builder epssScore(ScoreRange range) {
      return score("epss_score", range);
    }

    public Builder vprThreatIntensity(Collection<String> levels) {
      filters.nonEmpty("vpr_threat_intensity", List.copyOf(levels));
      return this;
    }

    public Builder exploitMaturity(Collection<String> levels) {
      filters.nonEmpty("exploit_maturity", List.copyOf(levels));
      return this;
    }

    public Builder weaponization(Collection<String> kinds) {
      filters.nonEmpty("weaponization", List.copyOf(kinds));
      return this;
    }

    public Builder cveIds(Collection<String> cves) {
      for (String cve : cves) {
        if (!cve.matches("(?i)CVE-\\d{4}-\\d{4,}")) {
          filters.problem("cve_id: not a CVE id: " + cve);
        }
      }
      filters.nonEmpty("cve_id", List.copyOf(cves));
      return this;
    }

    public Builder cveCategories(Collection<String> categories) {
      filters.nonEmpty("cve_category", List.copyOf(categories));
      return this;
    }

    public Builder initiativeId(String id) {
      filters.put("initiative_id", id);
      return this;
    }

    public Builder zeroDay(boolean zeroDay) {
      filters.put("zero_day", zeroDay);
      return this;
    }

    /** Assets whose IP lies in this CIDR range, e.g. {@code 10.20.0.0/16}. */
    public Builder cidrRange(String cidr) {
      if (cidr == null || !cidr.matches("[0-9a-fA-F:.]+/\\d{1,3}")) {
        filters.problem("cidr_range: not a CIDR range: " + cidr);
        return this;
      }
      filters.put("cidr_range", cidr);
      return this;
    }

    public Builder networkId(String networkId) {
      filters.put("network_id", networkId);
      return this;
    }

    public Builder scanUuid(String scanUuid) {
      filters.put("scan_uuid", scanUuid);
      return this;
    }

    /** e.g. {@code NESSUS}, {@code AGENT}, {@code NNM}, {@code AWS}. */
    public Builder source(Collection<String> sources) {
      filters.nonEmpty("source", List.copyOf(sources));
      return this;
    }

    /** Findings on assets carrying any of these values of a tag category. */
    public Builder tag(String category, List<String> values) {
      filters.tag(category, values);
      return this;
    }

    private Builder score(String key, ScoreRange range) {
      if (range == null) {
        filters.problem(key + ": a range is required");
        return this;
      }
      range.problems(key).forEach(filters::problem);
      filters.put(key, range.toJson());
      return this;
    }

    private static List<String> names(Collection<? extends Enum<?>> values) {
      List<String> names = new ArrayList<>();
      for (Enum<?> v : values) {
        names.add(v.name());
      }
      return names;
    }

    public VulnExportRequest build() {
      List<String> all = filters.problems();
      if (numAssets < MIN_NUM_ASSETS || numAssets > MAX_NUM_ASSETS) {
        all.add(
            "num_assets: must be between "
                + MIN_NUM_ASSETS
                + " and "
                + MAX_NUM_ASSETS
                + " (was "
                + numAssets
                + ")");
      }
      if (filters.has("since")) {
        for (String excluded : EXCLUDED_BY_SINCE) {
          if (filters.has(excluded)) {
            all.add("since: cannot be combined with " + excluded);
          }
        }
      }
      Object state = filters.get("state");
      if (state instanceof List<?> list && list.isEmpty()) {
        all.add("state: needs at least one state");
      }
      if (filters.has("time_taken_to_fix")
          && state instanceof List<?> list
          && !list.isEmpty()
          && !list.contains(VulnState.FIXED.name())) {
        all.add("time_taken_to_fix: exports FIXED findings only, but state leaves FIXED out");
      }
      for (String needsState : List.of("first_found", "last_found", "last_fixed")) {
        if (filters.has(needsState) && !filters.has("state")) {
          all.add(needsState + ": requires a state filter");
        }
      }
      if (!all.isEmpty()) {
        throw new IllegalArgumentException("invalid vuln export: " + String.join("; ", all));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("num_assets", numAssets);
      if (includeUnlicensed != null) {
        body.put("include_unlicensed", includeUnlicensed);
      }
      if (includeSoftwareVulns != null) {
        body.put("include_software_vulns", includeSoftwareVulns);
      }
      filters.addTo(body);
      return new VulnExportRequest(Collections.unmodifiableMap(body));
    }
  }
}

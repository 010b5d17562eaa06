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

  @Override
  public String toString() {
    return "vulns export " + body;
  }

  /** Options of a vuln export; unset options are not sent. */
  public static final class Builder {
    private int numAssets = 500;
    private Boolean includeUnlicensed;
    private Boolean includeSoftwareVulns;
    private final Map<String, Object> filters = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

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
      return epoch("since", t);
    }

    public Builder firstFound(Instant t) {
      return epoch("first_found", t);
    }

    public Builder lastFound(Instant t) {
      return epoch("last_found", t);
    }

    public Builder lastFixed(Instant t) {
      return epoch("last_fixed", t);
    }

    public Builder indexedAt(Instant t) {
      return epoch("indexed_at", t);
    }

    public Builder firstSeen(Instant t) {
      return epoch("first_seen", t);
    }

    public Builder lastSeen(Instant t) {
      return epoch("last_seen", t);
    }

    public Builder resurfacedDate(Instant t) {
      return epoch("resurfaced_date", t);
    }

    /** Only FIXED findings whose time to fix lies in this range. */
    public Builder timeTakenToFix(Duration atLeast, Duration atMost) {
      Map<String, Object> range = new LinkedHashMap<>();
      if (atLeast != null) {
        range.put("gte", atLeast.toSeconds());
      }
      if (atMost != null) {
        range.put("lte", atMost.toSeconds());
      }
      if (range.isEmpty()) {
        problems.add("time_taken_to_fix: needs a lower or an upper bound");
        return this;
      }
      return put("time_taken_to_fix", range);
    }

    public Builder state(Collection<VulnState> states) {
      return put("state", names(states));
    }

    public Builder severity(Collection<Severity> severities) {
      List<String> names = new ArrayList<>();
      severities.forEach(s -> names.add(s.wireName()));
      return nonEmpty("severity", names);
    }

    /** {@code NONE}, {@code RECASTED}, {@code ACCEPTED}. */
    public Builder severityModificationType(Collection<String> types) {
      List<String> upper = new ArrayList<>();
      types.forEach(t -> upper.add(t.toUpperCase(java.util.Locale.ROOT)));
      return nonEmpty("severity_modification_type", upper);
    }

    public Builder pluginIds(Collection<Long> ids) {
      return nonEmpty("plugin_id", List.copyOf(ids));
    }

    public Builder pluginFamilies(Collection<String> families) {
      return nonEmpty("plugin_family", List.copyOf(families));
    }

    /** e.g. {@code local}, {@code remote}, {@code combined}. */
    public Builder pluginType(String type) {
      return put("plugin_type", type);
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
      return nonEmpty("vpr_threat_intensity", List.copyOf(levels));
    }

    public Builder exploitMaturity(Collection<String> levels) {
      return nonEmpty("exploit_maturity", List.copyOf(levels));
    }

    public Builder weaponization(Collection<String> kinds) {
      return nonEmpty("weaponization", List.copyOf(kinds));
    }

    public Builder cveIds(Collection<String> cves) {
      for (String cve : cves) {
        if (!cve.matches("(?i)CVE-\\d{4}-\\d{4,}")) {
          problems.add("cve_id: not a CVE id: " + cve);
        }
      }
      return nonEmpty("cve_id", List.copyOf(cves));
    }

    public Builder cveCategories(Collection<String> categories) {
      return nonEmpty("cve_category", List.copyOf(categories));
    }

    public Builder initiativeId(String id) {
      return put("initiative_id", id);
    }

    public Builder zeroDay(boolean zeroDay) {
      return put("zero_day", zeroDay);
    }

    /** Assets whose IP lies in this CIDR range, e.g. {@code 10.20.0.0/16}. */
    public Builder cidrRange(String cidr) {
      if (cidr == null || !cidr.matches("[0-9a-fA-F:.]+/\\d{1,3}")) {
        problems.add("cidr_range: not a CIDR range: " + cidr);
        return this;
      }
      return put("cidr_range", cidr);
    }

    public Builder networkId(String networkId) {
      return put("network_id", networkId);
    }

    public Builder scanUuid(String scanUuid) {
      return put("scan_uuid", scanUuid);
    }

    /** e.g. {@code NESSUS}, {@code AGENT}, {@code NNM}, {@code AWS}. */
    public Builder source(Collection<String> sources) {
      return nonEmpty("source", List.copyOf(sources));
    }

    /** Findings on assets carrying any of these values of a tag category. */
    public Builder tag(String category, List<String> values) {
      if (category == null || category.isBlank() || values == null || values.isEmpty()) {
        problems.add("tag: needs a category and at least one value");
        return this;
      }
      return put("tag." + category, List.copyOf(values));
    }

    private Builder score(String key, ScoreRange range) {
      if (range == null) {
        problems.add(key + ": a range is required");
        return this;
      }
      problems.addAll(range.problems(key));
      return put(key, range.toJson());
    }

    private Builder nonEmpty(String key, List<?> values) {
      if (values.isEmpty()) {
        problems.add(key + ": needs at least one value");
        return this;
      }
      return put(key, values);
    }

    private Builder epoch(String key, Instant t) {
      if (t == null) {
        problems.add(key + ": a time is required");
        return this;
      }
      return put(key, t.getEpochSecond());
    }

    private Builder put(String key, Object value) {
      if (value == null) {
        problems.add(key + ": a value is required");
      } else {
        filters.put(key, value);
      }
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
      List<String> all = new ArrayList<>(problems);
      if (numAssets < MIN_NUM_ASSETS || numAssets > MAX_NUM_ASSETS) {
        all.add("num_assets: must be between " + MIN_NUM_ASSETS + " and " + MAX_NUM_ASSETS
            + " (was " + numAssets + ")");
      }
      if (filters.containsKey("since")) {
        for (String excluded : List.of("first_found", "last_found", "last_fixed")) {
          if (filters.containsKey(excluded)) {
            all.add("since: cannot be combined with " + excluded);
          }
        }
      }
      Object state = filters.get("state");
      if (state instanceof List<?> list && list.isEmpty()) {
        all.add("state: needs at least one state");
      }
      for (String needsState : List.of("first_found", "last_found", "last_fixed")) {
        if (filters.containsKey(needsState) && !filters.containsKey("state")) {
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
      if (!filters.isEmpty()) {
        body.put("filters", Collections.unmodifiableMap(new LinkedHashMap<>(filters)));
      }
      return new VulnExportRequest(Collections.unmodifiableMap(body));
    }
  }
}

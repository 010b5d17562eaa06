package dev.tenableconnector.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.core.spec.Setting.Surface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of a connector's sync, declared once: the table every surface is built from, and the
 * one validator that turns what a user gave into {@link SpecValues}, naming every problem at once.
 * Adding a setting is one entry here plus its use where the engine runs.
 */
public final class ConnectorSpec {
  private ConnectorSpec() {}

  private static final List<String> SEVERITIES =
      List.of("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL");

  public static final Setting DATA_TO_SYNC =
      Setting.of("dataToSync", "--scope", SettingType.CHOICE)
          .defaultValue("ASSETS_AND_FINDINGS")
          .choices(List.of("ASSETS_AND_FINDINGS", "ASSETS"))
          .choiceLabels(Map.of("ASSETS_AND_FINDINGS", "Assets & Findings", "ASSETS", "Assets only"))
          .param("SCOPE")
          .doc("What to import: assets and their findings, or assets only.")
          .group(SettingGroup.SCOPE)
          .build();
  public static final Setting PRESET =
      Setting.of("preset", "--preset", SettingType.CHOICE)
          .defaultValue("ALL")
          .choices(List.of("ALL", "EXPOSURE_MANAGEMENT"))
          .choiceLabels(
              Map.of(
                  "ALL",
                  "All: every asset and finding the keys can view",
                  "EXPOSURE_MANAGEMENT",
                  "Exposure management: assets updated in the last 90 days, findings with a CVE"))
          .param("PRESET")
          .doc(
              "ALL, or EXPOSURE_MANAGEMENT: assets updated in the last 90 days and findings with a"
                  + " CVE.")
          .group(SettingGroup.SCOPE)
          .build();
  public static final Setting SEVERITY_FILTER =
      Setting.of("filters.severities", "--severity", SettingType.CHOICES)
          .choices(SEVERITIES)
          .param("LEVEL")
          .doc(
              "Only findings of these severities (Tenable's severity, before the risk severity mapping).")
          .group(SettingGroup.FILTERS)
          .build();
  public static final Setting STATE_FILTER =
      Setting.of("filters.states", "--state", SettingType.CHOICES)
          .choices(List.of("OPEN", "REOPENED", "FIXED"))
          .param("STATE")
          .doc("Only findings in these states (default all; delta runs always include FIXED).")
          .group(SettingGroup.FILTERS)
          .build();
  public static final Setting TAG_FILTER =
      Setting.of("filters.tags", "--tag", SettingType.TAGS)
          .param("CATEGORY=VALUE")
          .doc(
              "Only assets (and their findings) with these tags; values of one category are alternatives.")
          .group(SettingGroup.FILTERS)
          .build();
  public static final Setting NETWORK_FILTER =
      Setting.of("filters.networkId", "--network-id", SettingType.UUID)
          .param("UUID")
          .doc("Only this Tenable scanner network.")
          .group(SettingGroup.FILTERS)
          .build();
  public static final Setting CIDR_FILTER =
      Setting.of("filters.cidr", "--cidr", SettingType.CIDR)
          .param("CIDR")
          .doc("Only findings on assets in this IP range, such as 10.0.0.0/8.")
          .group(SettingGroup.FILTERS)
          .build();
  public static final Setting ASSET_EXPORT =
      Setting.of("assetExport", "--asset-export", SettingType.CHOICE)
          .defaultValue("V1")
          .choices(List.of("V1", "V2"))
          .param("V1|V2")
          .doc(
              "Tenable asset export to read: V1 (POST /assets/export) or V2 (POST /assets/v2/export: nested records"
                  + " with asset types and is_public, one export per delta for updated, deleted and terminated"
                  + " assets; no tag filters).")
          .group(SettingGroup.EXPORTS)
          .build();
  public static final Setting ASSETS_PER_CHUNK =
      Setting.of("assetsPerChunk", "--assets-per-chunk", SettingType.INTEGER)
          .defaultValue("1000")
          .bounds(100L, 10_000L)
          .param("N")
          .doc("Asset export chunk_size (Tenable's limits: 100-10000).")
          .group(SettingGroup.EXPORTS)
          .build();
  public static final Setting ASSETS_PER_VULN_CHUNK =
      Setting.of("assetsPerVulnChunk", "--assets-per-vuln-chunk", SettingType.INTEGER)
          .defaultValue("500")
          .bounds(50L, 5_000L)
          .param("N")
          .doc(
              "Vuln export num_assets: the assets whose findings make one chunk (Tenable's limits: 50-5000).")
          .group(SettingGroup.EXPORTS)
          .build();
  public static final Setting OVERLAP =
      Setting.of("overlap", "--overlap", SettingType.DURATION)
          .defaultValue("15m")
          .bounds(0L, 7 * 86_400L)
          .softBounds(null, 86_400L)
          .param("DURATION")
          .doc(
              "Subtracted from the watermark on delta runs, against clock skew (more than a day is lowered to a day).")
          .group(SettingGroup.RELIABILITY)
          .build();
  public static final Setting RETRY_FOR =
      Setting.of("retryFor", "--retry-for", SettingType.DURATION)
          .defaultValue("10m")
          .bounds(1L, 86_400L)
          .softBounds(30L, null)
          .param("DURATION")
          .doc(
              "How long one request may keep failing (network errors, 5xx, 429) before the run fails (less than 30s"
                  + " is raised to 30s: shorter than Tenable's own Retry-After).")
          .group(SettingGroup.RELIABILITY)
          .build();
  public static final Setting PARALLEL_CHUNKS =
      Setting.of("parallelChunks", "--parallel-chunks", SettingType.INTEGER)
          .defaultValue("2")
          .bounds(1L, 8L)
          .param("N")
          .doc("Chunks downloaded and transformed at once (1-8).")
          .group(SettingGroup.RELIABILITY)
          .build();
  public static final Setting EXPORT_ATTEMPTS =
      Setting.of("exportAttempts", "--export-attempts", SettingType.INTEGER)
          .defaultValue("3")
          .bounds(1L, 10L)
          .param("N")
          .doc(
              "How many times an export that expires or fails on Tenable's side is requested in all (1-10).")
          .group(SettingGroup.RELIABILITY)
          .build();

  private static final List<Setting> ALL =
      List.of(
          DATA_TO_SYNC,
          PRESET,
          SEVERITY_FILTER,
          STATE_FILTER,
          TAG_FILTER,
          NETWORK_FILTER,
          CIDR_FILTER,
          ASSET_EXPORT,
          ASSETS_PER_CHUNK,
          ASSETS_PER_VULN_CHUNK,
          OVERLAP,
          RETRY_FOR,
          PARALLEL_CHUNKS,
          EXPORT_ATTEMPTS);

  /** Every setting, in the order the help, the wizard and the docs show them. */
  public static List<Setting> all() {
    return ALL;
  }

  public static Optional<Setting> byKey(String key) {
    return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  public static Optional<Setting> byFlag(String flag) {
    return ALL.stream().filter(s -> s.cliFlag().equals(flag)).findFirst();
  }

  /** What validation made of the input: the values when there was no problem, and any warnings. */
  public record Result(SpecValues values, List<String> problems, List<String> warnings) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /**
   * Validates the given values (by {@link Setting#key()}; absent or null ones take their default)
   * and returns every problem at once, each naming the setting as {@code surface} spells it.
   * Unknown keys are the caller's to refuse: it knows what else its input may hold.
   */
  public static Result validate(Map<String, JsonNode> input, Surface surface) {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<Setting, Object> values = new LinkedHashMap<>();
    for (Setting setting : ALL) {
      JsonNode given = input.get(setting.key());
      Object value =
          given == null || given.isNull()
              ? SettingParsers.defaultOf(setting)
              : SettingParsers.parse(setting, given, surface, problems, warnings);
      values.put(setting, value);
    }
    SpecValues parsed = new SpecValues(values);
    if (parsed.v2Assets() && !parsed.tags().isEmpty()) {
      problems.add(
          TAG_FILTER.nameOn(surface)
              + " needs "
              + ASSET_EXPORT.nameOn(surface)
              + (surface == Surface.CLI ? " v1" : " V1")
              + ": Tenable's v2 asset export has no tag filter");
    }
    return new Result(
        problems.isEmpty() ? parsed : null, List.copyOf(problems), List.copyOf(warnings));
  }

  /** The defaults, as a connector created without any of these settings syncs. */
  public static SpecValues defaults() {
    return validate(Map.of(), Surface.API).values();
  }

  /** For messages: a duration as the settings write it ({@code 15m}, {@code 90s}). */
  public static String format(Duration d) {
    return SettingParsers.format(d);
  }
}

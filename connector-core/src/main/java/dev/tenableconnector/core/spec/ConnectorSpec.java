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
      new Setting(
              "dataToSync",
              "--scope",
              SettingType.CHOICE,
              "ASSETS_AND_FINDINGS",
              null,
              null,
              null,
              null,
              List.of("ASSETS_AND_FINDINGS", "ASSETS"),
              "SCOPE",
              "What to import: assets and their findings, or assets only.",
              SettingGroup.SCOPE,
              false)
          .withChoiceLabels(
              Map.of("ASSETS_AND_FINDINGS", "Assets & Findings", "ASSETS", "Assets only"));
  public static final Setting PRESET =
      new Setting(
              "preset",
              "--preset",
              SettingType.CHOICE,
              "ALL",
              null,
              null,
              null,
              null,
              List.of("ALL", "EXPOSURE_MANAGEMENT"),
              "PRESET",
              "ALL, or EXPOSURE_MANAGEMENT: assets updated in the last 90 days and findings with a CVE.",
              SettingGroup.SCOPE,
              false)
          .withChoiceLabels(
              Map.of(
                  "ALL",
                  "All: every asset and finding the keys can view",
                  "EXPOSURE_MANAGEMENT",
                  "Exposure management: assets updated in the last 90 days, findings with a CVE"));
  public static final Setting SEVERITY_FILTER =
      new Setting(
          "filters.severities",
          "--severity",
          SettingType.CHOICES,
          null,
          null,
          null,
          null,
          null,
          SEVERITIES,
          "LEVEL",
          "Only findings of these severities (Tenable's severity, before the risk severity mapping).",
          SettingGroup.FILTERS,
          false);
  public static final Setting STATE_FILTER =
      new Setting(
          "filters.states",
          "--state",
          SettingType.CHOICES,
          null,
          null,
          null,
          null,
          null,
          List.of("OPEN", "REOPENED", "FIXED"),
          "STATE",
          "Only findings in these states (default all; delta runs always include FIXED).",
          SettingGroup.FILTERS,
          false);
  public static final Setting TAG_FILTER =
      new Setting(
          "filters.tags",
          "--tag",
          SettingType.TAGS,
          null,
          null,
          null,
          null,
          null,
          List.of(),
          "CATEGORY=VALUE",
          "Only assets (and their findings) with these tags; values of one category are alternatives.",
          SettingGroup.FILTERS,
          false);
  public static final Setting NETWORK_FILTER =
      new Setting(
          "filters.networkId",
          "--network-id",
          SettingType.UUID,
          null,
          null,
          null,
          null,
          null,
          List.of(),
          "UUID",
          "Only this Tenable scanner network.",
          SettingGroup.FILTERS,
          false);
  public static final Setting CIDR_FILTER =
      new Setting(
          "filters.cidr",
          "--cidr",
          SettingType.CIDR,
          null,
          null,
          null,
          null,
          null,
          List.of(),
          "CIDR",
          "Only findings on assets in this IP range, such as 10.0.0.0/8.",
          SettingGroup.FILTERS,
          false);
  public static final Setting ASSET_EXPORT =
      new Setting(
          "assetExport",
          "--asset-export",
          SettingType.CHOICE,
          "V1",
          null,
          null,
          null,
          null,
          List.of("V1", "V2"),
          "V1|V2",
          "Tenable asset export to read: V1 (POST /assets/export) or V2 (POST /assets/v2/export: nested records"
              + " with asset types and is_public, one export per delta for updated, deleted and terminated"
              + " assets; no tag filters).",
          SettingGroup.EXPORTS,
          false);
  public static final Setting ASSETS_PER_CHUNK =
      new Setting(
          "assetsPerChunk",
          "--assets-per-chunk",
          SettingType.INTEGER,
          "1000",
          100L,
          10_000L,
          null,
          null,
          List.of(),
          "N",
          "Asset export chunk_size (Tenable's limits: 100-10000).",
          SettingGroup.EXPORTS,
          false);
  public static final Setting ASSETS_PER_VULN_CHUNK =
      new Setting(
          "assetsPerVulnChunk",
          "--assets-per-vuln-chunk",
          SettingType.INTEGER,
          "500",
          50L,
          5_000L,
          null,
          null,
          List.of(),
          "N",
          "Vuln export num_assets: the assets whose findings make one chunk (Tenable's limits: 50-5000).",
          SettingGroup.EXPORTS,
          false);
  public static final Setting OVERLAP =
      new Setting(
          "overlap",
          "--overlap",
          SettingType.DURATION,
          "15m",
          0L,
          7 * 86_400L,
          null,
          86_400L,
          List.of(),
          "DURATION",
          "Subtracted from the watermark on delta runs, against clock skew (more than a day is lowered to a day).",
          SettingGroup.RELIABILITY,
          false);
  public static final Setting RETRY_FOR =
      new Setting(
          "retryFor",
          "--retry-for",
          SettingType.DURATION,
          "10m",
          1L,
          86_400L,
          30L,
          null,
          List.of(),
          "DURATION",
          "How long one request may keep failing (network errors, 5xx, 429) before the run fails (less than 30s"
              + " is raised to 30s: shorter than Tenable's own Retry-After).",
          SettingGroup.RELIABILITY,
          false);
  public static final Setting PARALLEL_CHUNKS =
      new Setting(
          "parallelChunks",
          "--parallel-chunks",
          SettingType.INTEGER,
          "2",
          1L,
          8L,
          null,
          null,
          List.of(),
          "N",
          "Chunks downloaded and transformed at once (1-8).",
          SettingGroup.RELIABILITY,
          false);
  public static final Setting EXPORT_ATTEMPTS =
      new Setting(
          "exportAttempts",
          "--export-attempts",
          SettingType.INTEGER,
          "3",
          1L,
          10L,
          null,
          null,
          List.of(),
          "N",
          "How many times an export that expires or fails on Tenable's side is requested in all (1-10).",
          SettingGroup.RELIABILITY,
          false);

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

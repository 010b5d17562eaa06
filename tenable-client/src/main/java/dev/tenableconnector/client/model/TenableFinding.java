package dev.tenableconnector.client.model;

import static dev.tenableconnector.client.model.LenientJson.bool;
import static dev.tenableconnector.client.model.LenientJson.decimal;
import static dev.tenableconnector.client.model.LenientJson.instant;
import static dev.tenableconnector.client.model.LenientJson.integer;
import static dev.tenableconnector.client.model.LenientJson.integers;
import static dev.tenableconnector.client.model.LenientJson.list;
import static dev.tenableconnector.client.model.LenientJson.longValue;
import static dev.tenableconnector.client.model.LenientJson.object;
import static dev.tenableconnector.client.model.LenientJson.strings;
import static dev.tenableconnector.client.model.LenientJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One vulnerability finding from a Tenable vuln export chunk, typed leniently, with the raw record
 * kept. Real chunks omit every empty key, so every field may be null or empty.
 */
public record TenableFinding(
    String findingId,
    Asset asset,
    Plugin plugin,
    Port port,
    Scan scan,
    String output,
    String severity,
    Integer severityId,
    Integer severityDefaultId,
    String severityModificationType,
    String recastReason,
    String recastRuleUuid,
    String source,
    String state,
    Instant firstFound,
    Instant lastFound,
    Instant lastFixed,
    Instant resurfacedDate,
    Long timeTakenToFix,
    Instant indexed,
    ObjectNode raw) {

  /** The asset the finding is on, as the vuln export describes it (no cloud identifiers). */
  public record Asset(
      String uuid,
      String agentUuid,
      String biosUuid,
      String deviceType,
      String fqdn,
      String hostname,
      String ipv4,
      String ipv6,
      String macAddress,
      String netbiosName,
      String netbiosWorkgroup,
      List<String> operatingSystems,
      String networkId,
      Boolean tracked,
      Instant lastAuthenticatedResults,
      Instant lastUnauthenticatedResults) {}

  /** The plugin (check) that found the vulnerability. */
  public record Plugin(
      Long id,
      String name,
      String family,
      Long familyId,
      String type,
      String version,
      String synopsis,
      String description,
      String solution,
      List<String> seeAlso,
      String riskFactor,
      Boolean hasPatch,
      Boolean exploitAvailable,
      String exploitabilityEase,
      Boolean exploitedByMalware,
      Boolean inTheNews,
      List<String> cve,
      List<String> cpe,
      List<Integer> bid,
      List<Xref> xrefs,
      String stigSeverity,
      Instant publicationDate,
      Instant modificationDate,
      Instant patchPublicationDate,
      Instant vulnPublicationDate,
      Double cvssBaseScore,
      Double cvssTemporalScore,
      String cvssVector,
      String cvssTemporalVector,
      Double cvss3BaseScore,
      Double cvss3TemporalScore,
      String cvss3Vector,
      String cvss3TemporalVector,
      Double cvss4BaseScore,
      String cvss4Vector,
      Vpr vpr,
      VprV2 vprV2,
      Double epssScore,
      Boolean hasWorkaround,
      String workaround,
      String workaroundType) {}

  /** A cross reference such as {@code IAVA 2025-A-0042}. */
  public record Xref(String type, String id) {}

  /** Tenable's Vulnerability Priority Rating and the drivers behind it. */
  public record Vpr(
      Double score,
      String exploitCodeMaturity,
      String threatIntensityLast28,
      String productCoverage,
      List<String> threatSourcesLast28,
      Double cvss3ImpactScore,
      Instant updated) {}

  /** Tenable's VPR v2: its score, percentile and severity, exploit probability, KEV listing. */
  public record VprV2(
      Double score,
      Double percentile,
      String severity,
      Double exploitProbability,
      String exploitCodeMaturity,
      Boolean onCisaKev,
      String cveId) {}

  /** Port 0 means a host-level finding. */
  public record Port(Integer port, String protocol, String service) {}

  /**
   * The latest scan that saw the finding; ids are kept as strings (they are not always UUIDs). The
   * live API sends no {@code completed_at}, so it is usually null.
   */
  public record Scan(
      String uuid,
      String scheduleUuid,
      Instant startedAt,
      Instant completedAt,
      String lastScanTarget) {}

  /**
   * Reads one finding record; throws {@link RecordFormatException} naming the field it cannot read.
   */
  public static TenableFinding from(ObjectNode r) {
    JsonNode a = object(r, "asset", "");
    JsonNode p = object(r, "plugin", "");
    JsonNode port = object(r, "port", "");
    JsonNode scan = object(r, "scan", "");
    Instant indexed = instant(r, "indexed", "");
    if (indexed == null) {
      indexed = instant(r, "indexed_at", "");
    }
    return new TenableFinding(
        text(r, "finding_id", ""),
        a.isMissingNode() ? null : asset(a),
        p.isMissingNode() ? null : plugin(p),
        port.isMissingNode()
            ? null
            : new Port(
                integer(port, "port", "port."),
                text(port, "protocol", "port."),
                text(port, "service", "port.")),
        scan.isMissingNode()
            ? null
            : new Scan(
                text(scan, "uuid", "scan."),
                text(scan, "schedule_uuid", "scan."),
                instant(scan, "started_at", "scan."),
                instant(scan, "completed_at", "scan."),
                text(scan, "last_scan_target", "scan.")),
        text(r, "output", ""),
        text(r, "severity", ""),
        integer(r, "severity_id", ""),
        integer(r, "severity_default_id", ""),
        text(r, "severity_modification_type", ""),
        text(r, "recast_reason", ""),
        text(r, "recast_rule_uuid", ""),
        text(r, "source", ""),
        text(r, "state", ""),
        instant(r, "first_found", ""),
        instant(r, "last_found", ""),
        instant(r, "last_fixed", ""),
        instant(r, "resurfaced_date", ""),
        longValue(r, "time_taken_to_fix", ""),
        indexed,
        r);
  }

  private static Asset asset(JsonNode a) {
    String p = "asset.";
    return new Asset(
        text(a, "uuid", p),
        text(a, "agent_uuid", p),
        text(a, "bios_uuid", p),
        text(a, "device_type", p),
        text(a, "fqdn", p),
        text(a, "hostname", p),
        text(a, "ipv4", p),
        text(a, "ipv6", p),
        text(a, "mac_address", p),
        text(a, "netbios_name", p),
        text(a, "netbios_workgroup", p),
        strings(a, "operating_system", p),
        text(a, "network_id", p),
        bool(a, "tracked", p),
        instant(a, "last_authenticated_results", p),
        instant(a, "last_unauthenticated_results", p));
  }

  private static Plugin plugin(JsonNode n) {
    String p = "plugin.";
    JsonNode vpr = object(n, "vpr", p);
    JsonNode vprV2 = object(n, "vpr_v2", p);
    return new Plugin(
        longValue(n, "id", p),
        text(n, "name", p),
        text(n, "family", p),
        longValue(n, "family_id", p),
        text(n, "type", p),
        text(n, "version", p),
        text(n, "synopsis", p),
        text(n, "description", p),
        text(n, "solution", p),
        strings(n, "see_also", p),
        text(n, "risk_factor", p),
        bool(n, "has_patch", p),
        bool(n, "exploit_available", p),
        text(n, "exploitability_ease", p),
        bool(n, "exploited_by_malware", p),
        bool(n, "in_the_news", p),
        strings(n, "cve", p),
        strings(n, "cpe", p),
        integers(n, "bid", p),
        list(n, "xrefs", p, TenableFinding::xref),
        text(n, "stig_severity", p),
        instant(n, "publication_date", p),
        instant(n, "modification_date", p),
        instant(n, "patch_publication_date", p),
        instant(n, "vuln_publication_date", p),
        decimal(n, "cvss_base_score", p),
        decimal(n, "cvss_temporal_score", p),
        vector(n, "cvss_vector", p),
        vector(n, "cvss_temporal_vector", p),
        decimal(n, "cvss3_base_score", p),
        decimal(n, "cvss3_temporal_score", p),
        vector(n, "cvss3_vector", p),
        vector(n, "cvss3_temporal_vector", p),
        decimal(n, "cvss4_base_score", p),
        vector(n, "cvss4_vector", p),
        vpr.isMissingNode() ? null : vpr(vpr),
        vprV2.isMissingNode() ? null : vprV2(vprV2),
        decimal(n, "epss_score", p),
        bool(n, "has_workaround", p),
        text(n, "workaround", p),
        text(n, "workaround_type", p));
  }

  /**
   * A CVSS vector's raw string; real data sends an object with {@code raw}, some a plain string.
   */
  private static String vector(JsonNode plugin, String field, String path) {
    JsonNode node = plugin.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      return text(node, "raw", path + field + ".");
    }
    return text(plugin, field, path);
  }

  /**
   * A cross reference: live data sends {@code {type, id}} objects, Tenable's schema a string ("a
   * type and an ID", read as {@code TYPE:ID} or {@code TYPE ID}).
   */
  private static Xref xref(JsonNode x) {
    if (x.isTextual()) {
      String text = x.asText().strip();
      int split = text.indexOf(':') > 0 ? text.indexOf(':') : text.indexOf(' ');
      return split > 0
          ? new Xref(text.substring(0, split).strip(), text.substring(split + 1).strip())
          : new Xref(null, text);
    }
    TenableAsset.requireObject(x, "plugin.xrefs[]");
    return new Xref(text(x, "type", "plugin.xrefs[]."), text(x, "id", "plugin.xrefs[]."));
  }

  private static VprV2 vprV2(JsonNode v) {
    String p = "plugin.vpr_v2.";
    return new VprV2(
        decimal(v, "score", p),
        decimal(v, "vpr_percentile", p),
        text(v, "vpr_severity", p),
        decimal(v, "exploit_probability", p),
        text(v, "exploit_code_maturity", p),
        bool(v, "on_cisa_kev", p),
        text(v, "cve_id", p));
  }

  private static Vpr vpr(JsonNode v) {
    String p = "plugin.vpr.";
    JsonNode drivers = object(v, "drivers", p);
    String d = p + "drivers.";
    return new Vpr(
        decimal(v, "score", p),
        text(drivers, "exploit_code_maturity", d),
        text(drivers, "threat_intensity_last28", d),
        text(drivers, "product_coverage", d),
        strings(drivers, "threat_sources_last28", d),
        decimal(drivers, "cvss3_impact_score", d),
        instant(v, "updated", p));
  }
}

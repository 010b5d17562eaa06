package dev.tenableconnector.core.model;

import static dev.tenableconnector.core.model.FieldType.BOOLEAN;
import static dev.tenableconnector.core.model.FieldType.INTEGER;
import static dev.tenableconnector.core.model.FieldType.INTERFACE_LIST;
import static dev.tenableconnector.core.model.FieldType.NUMBER;
import static dev.tenableconnector.core.model.FieldType.STRING;
import static dev.tenableconnector.core.model.FieldType.STRING_LIST;
import static dev.tenableconnector.core.model.FieldType.TIMESTAMP;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The normalized model: every target field of assets and findings, in the order exports write them.
 * Names are the target fields of the seed transformation map (Qualys ETM), extended with the device
 * properties of the Microsoft seed and the connector's own bookkeeping fields.
 */
public final class FieldCatalog {
  /** Fields without which a record cannot be stored: its key and, for a finding, its asset. */
  public static final Set<String> KEY_FIELDS_ASSET = Set.of("externalAssetId");

  public static final Set<String> KEY_FIELDS_FINDING =
      Set.of("externalFindingId", "externalAssetId");

  /**
   * The finding fields that describe its plugin: what Tenable's plugin object carries (name, text,
   * scores, dates) and the constant source. A map may fill them from elsewhere; that costs only
   * storage (the store keys shared facts by their content), never correctness.
   */
  private static final Set<String> PLUGIN_FACTS =
      Set.of(
          "findingName",
          "cveId",
          "findingDescription",
          "detectionResult",
          "remediationStrategy",
          "isPatchAvailable",
          "isExploitAvailable",
          "detectionScore",
          "exploitCodeMaturity",
          "cvssV2Base",
          "cvss2Temporal",
          "vector",
          "cvss3Base",
          "cvss3Temporal",
          "source",
          "epssScore",
          "vprV2Score",
          "vprV2Percentile",
          "vprV2Severity",
          "exploitProbability",
          "onCisaKev",
          "cvss4Base",
          "cvss4Vector",
          "vulnPublishedOn",
          "patchPublishedOn",
          "hasWorkaround",
          "workaround",
          "cvss3Vector",
          "cvss2Vector");

  /** The finding fields that describe its asset (from the record's asset object or its export). */
  private static final Set<String> ASSET_FACTS =
      Set.of(
          "assetName",
          "ipAddress",
          "macAddress",
          "operatingSystemName",
          "fqdn",
          "netBiosName",
          "cloudInstanceId",
          "cloudProvider");

  private static final FieldCatalog ASSETS =
      new FieldCatalog(Entity.ASSET)
          .add("externalAssetId", STRING, "Tenable asset UUID")
          .add("assetName", STRING, "first hostname, else FQDN, NetBIOS name, IPv4, IPv6")
          .add("ipAddress", STRING_LIST, "IPv4 and IPv6 addresses")
          .add("macAddress", STRING_LIST, "MAC addresses")
          .add("operatingSystemName", STRING_LIST, "operating systems Tenable reports")
          .add("cloudInstanceId", STRING, "AWS EC2, GCP or Azure VM instance id")
          .add(
              "cloudProvider",
              STRING,
              "EC2, Azure, GCP, OCI, ALIBABA, SOURCE_TYPE_UNKNOWN; empty on-prem")
          .add("fqdn", STRING_LIST, "fully qualified domain names")
          .add("netBiosName", STRING_LIST, "NetBIOS names")
          .add("biosUuid", STRING, "BIOS UUID")
          .add("systemTypes", STRING_LIST, "system types (general-purpose, router, ...)")
          .add("criticality", NUMBER, "Tenable Asset Criticality Rating (ACR), 1-10")
          .add("exposureScore", NUMBER, "Tenable Asset Exposure Score (AES), 0-1000")
          .add(
              "networkInterfaces",
              INTERFACE_LIST,
              "interfaces with name, ipAddress, macAddress, fqdn")
          .add("tags", STRING_LIST, "Tenable tags as Category:Value")
          .add("source", STRING, "always Tenable")
          .add("assetStatus", STRING, "ACTIVE, DELETED or TERMINATED")
          .add("firstSeen", TIMESTAMP, "first scan that identified the asset")
          .add("lastSeen", TIMESTAMP, "latest scan that identified the asset")
          .add("updatedAt", TIMESTAMP, "when Tenable last updated the asset record")
          // Added after the first release: at the end, so existing CSV columns keep their
          // positions.
          .add("isPublic", BOOLEAN, "the asset has a public address (v2 asset exports)")
          .add(
              "assetTypes",
              STRING_LIST,
              "Tenable asset types such as host, webapp (v2 asset exports)");

  private static final FieldCatalog FINDINGS =
      new FieldCatalog(Entity.FINDING)
          .add(
              "externalFindingId",
              STRING,
              "Tenable finding_id, else derived from asset, plugin, port, protocol")
          .add("externalAssetId", STRING, "Tenable asset UUID")
          .add("findingName", STRING, "plugin name")
          .add(
              "findingSeverity",
              INTEGER,
              "effective severity 0-4 mapped to 1-5 by the risk severity mapping")
          .add("findingStatus", STRING, "OPEN, REOPENED or FIXED")
          .add("pluginId", INTEGER, "Tenable plugin id")
          .add("cveId", STRING_LIST, "CVE ids")
          .add("findingPort", INTEGER, "port, 0 for host-level findings")
          .add("findingProtocol", STRING, "TCP, UDP, ICMP")
          .add("findingDescription", STRING, "plugin description")
          .add("detectionResult", STRING, "plugin synopsis")
          .add("remediationStrategy", STRING, "plugin solution")
          .add("isPatchAvailable", BOOLEAN, "a patch exists")
          .add("isExploitAvailable", BOOLEAN, "an exploit exists")
          .add("detectionScore", NUMBER, "Tenable VPR score")
          .add("exploitCodeMaturity", STRING, "VPR driver exploit code maturity")
          .add("cvssV2Base", NUMBER, "CVSS v2 base score")
          .add("cvss2Temporal", NUMBER, "CVSS v2 temporal score")
          .add("vector", STRING, "CVSS v2 temporal vector")
          .add("cvss3Base", NUMBER, "CVSS v3 base score")
          .add("cvss3Temporal", NUMBER, "CVSS v3 temporal score")
          .add("findingFirstFoundOn", TIMESTAMP, "first found")
          .add("findingLastFoundOn", TIMESTAMP, "last found")
          .add("findingFixedOn", TIMESTAMP, "last fixed")
          .add("assetName", STRING, "asset name (see assets)")
          .add("ipAddress", STRING_LIST, "asset IPv4 addresses")
          .add("macAddress", STRING_LIST, "asset MAC addresses")
          .add("operatingSystemName", STRING_LIST, "asset operating systems")
          .add("fqdn", STRING_LIST, "asset FQDNs")
          .add("netBiosName", STRING_LIST, "asset NetBIOS names")
          .add("cloudInstanceId", STRING, "asset cloud instance id")
          .add("cloudProvider", STRING, "asset cloud provider")
          .add("source", STRING, "always Tenable")
          // Added after the first release: at the end, so existing CSV columns keep their
          // positions.
          .add("findingResurfacedOn", TIMESTAMP, "when the finding last reappeared after a fix")
          .add(
              "timeTakenToFix",
              INTEGER,
              "seconds Tenable counts from found (or resurfaced) to fixed")
          .add(
              "severityModification",
              STRING,
              "NONE, RECASTED or ACCEPTED (a recast or accept rule)")
          .add("recastReason", STRING, "why the severity was recast")
          .add(
              "epssScore",
              NUMBER,
              "EPSS: probability of exploitation in the next 30 days, in percent")
          .add("vprV2Score", NUMBER, "Tenable VPR v2 score, 0.1-10")
          .add("vprV2Percentile", NUMBER, "VPR v2 percentile among all vulnerabilities")
          .add("vprV2Severity", STRING, "VPR v2 severity: CRITICAL, HIGH, MEDIUM, LOW")
          .add("exploitProbability", NUMBER, "VPR v2 exploit probability, 0-1")
          .add(
              "onCisaKev",
              BOOLEAN,
              "listed in CISA's Known Exploited Vulnerabilities catalogue (VPR v2)")
          .add("cvss4Base", NUMBER, "CVSS v4 base score")
          .add("cvss4Vector", STRING, "CVSS v4 vector")
          .add("vulnPublishedOn", TIMESTAMP, "when the vulnerability was disclosed")
          .add("patchPublishedOn", TIMESTAMP, "when the vendor published a patch")
          .add("hasWorkaround", BOOLEAN, "a workaround exists")
          .add("workaround", STRING, "the workaround")
          .add("cvss3Vector", STRING, "CVSS v3 base vector (AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H)")
          .add("cvss2Vector", STRING, "CVSS v2 base vector (AV:N/AC:L/Au:N/C:C/I:C/A:C)");

  private final Entity entity;
  private final List<TargetField> fields = new ArrayList<>();
  private final Map<String, TargetField> byName = new LinkedHashMap<>();

  private FieldCatalog(Entity entity) {
    this.entity = entity;
  }

  private FieldCatalog add(String name, FieldType type, String description) {
    FactOwner owner =
        entity == Entity.ASSET
            ? FactOwner.FINDING
            : PLUGIN_FACTS.contains(name)
                ? FactOwner.PLUGIN
                : ASSET_FACTS.contains(name) ? FactOwner.ASSET : FactOwner.FINDING;
    TargetField field = new TargetField(entity, name, type, fields.size(), description, owner);
    fields.add(field);
    byName.put(name, field);
    return this;
  }

  public static FieldCatalog of(Entity entity) {
    return entity == Entity.ASSET ? ASSETS : FINDINGS;
  }

  public Entity entity() {
    return entity;
  }

  public List<TargetField> fields() {
    return Collections.unmodifiableList(fields);
  }

  public int size() {
    return fields.size();
  }

  public Optional<TargetField> field(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The field, which must exist: for the code's own references to the model. */
  public TargetField require(String name) {
    TargetField field = byName.get(name);
    if (field == null) {
      throw new IllegalArgumentException("no " + entity.plural() + " field named " + name);
    }
    return field;
  }

  public Set<String> keyFields() {
    return entity == Entity.ASSET ? KEY_FIELDS_ASSET : KEY_FIELDS_FINDING;
  }
}

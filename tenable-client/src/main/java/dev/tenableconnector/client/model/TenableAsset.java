package dev.tenableconnector.client.model;

import static dev.tenableconnector.client.model.LenientJson.bool;
import static dev.tenableconnector.client.model.LenientJson.decimal;
import static dev.tenableconnector.client.model.LenientJson.firstPresent;
import static dev.tenableconnector.client.model.LenientJson.instant;
import static dev.tenableconnector.client.model.LenientJson.integer;
import static dev.tenableconnector.client.model.LenientJson.list;
import static dev.tenableconnector.client.model.LenientJson.object;
import static dev.tenableconnector.client.model.LenientJson.strings;
import static dev.tenableconnector.client.model.LenientJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One host asset from a Tenable asset export chunk (v1, or v2 through {@link #fromV2}), typed
 * leniently, with the raw record kept so that fields this model does not name are never lost. Every
 * field may be null or empty; {@code isLicensed}, {@code isPublic} and {@code types} come with v2
 * records only.
 */
public record TenableAsset(
    String id,
    Boolean hasAgent,
    Boolean hasPluginResults,
    Instant createdAt,
    Instant updatedAt,
    Instant terminatedAt,
    String terminatedBy,
    Instant deletedAt,
    String deletedBy,
    Instant firstSeen,
    Instant lastSeen,
    Instant firstScanTime,
    Instant lastScanTime,
    Instant lastAuthenticatedScanDate,
    Instant lastLicensedScanDate,
    String lastScanId,
    String lastScheduleId,
    String agentUuid,
    String biosUuid,
    String serialNumber,
    String networkId,
    String networkName,
    List<String> agentNames,
    List<String> ipv4s,
    List<String> ipv6s,
    List<String> fqdns,
    List<String> macAddresses,
    List<String> netbiosNames,
    List<String> hostnames,
    List<String> operatingSystems,
    List<String> systemTypes,
    List<String> sshFingerprints,
    List<String> installedSoftware,
    CloudIds cloud,
    String servicenowSysid,
    List<Source> sources,
    List<Tag> tags,
    List<NetworkInterface> networkInterfaces,
    List<OpenPort> openPorts,
    Double acrScore,
    Double exposureScore,
    Boolean isLicensed,
    Boolean isPublic,
    List<String> types,
    ObjectNode raw) {

  /** Cloud provider identifiers; all null for on-premises hosts. */
  public record CloudIds(
      String awsEc2InstanceId,
      String awsEc2InstanceAmiId,
      String awsOwnerId,
      String awsAvailabilityZone,
      String awsRegion,
      String awsVpcId,
      String awsSubnetId,
      String awsEc2InstanceType,
      String awsEc2InstanceStateName,
      String awsEc2InstanceGroupName,
      String awsEc2Name,
      String azureVmId,
      String azureResourceId,
      String gcpProjectId,
      String gcpZone,
      String gcpInstanceId) {}

  /** A source that reported the asset ({@code NESSUS_AGENT}, {@code AWS}, ...). */
  public record Source(String name, Instant firstSeen, Instant lastSeen) {}

  /** A Tenable tag: {@code key} is the category. */
  public record Tag(String uuid, String key, String value, String addedBy, Instant addedAt) {}

  /** A network interface; real data uses plural keys, the documentation singular ones. */
  public record NetworkInterface(
      String name,
      List<String> ipv4s,
      List<String> ipv6s,
      List<String> macAddresses,
      List<String> fqdns,
      Boolean virtual,
      Boolean aliased) {}

  /** An open port, present only when the export asked for open ports. */
  public record OpenPort(
      Integer port,
      String protocol,
      List<String> serviceNames,
      Instant firstSeen,
      Instant lastSeen) {}

  /**
   * Reads one asset record; throws {@link RecordFormatException} naming the field it cannot read.
   */
  public static TenableAsset from(ObjectNode r) {
    // A v2 record where a v1 one was expected (a job adopted from the shared job list, which does
    // not say which a job is) is read as what it is.
    return isV2(r) ? fromV2(r) : read(r, r);
  }

  /** Whether a record has the v2 export's layout (its nested timestamps or network object). */
  public static boolean isV2(ObjectNode r) {
    return r.get("timestamps") instanceof ObjectNode || r.get("network") instanceof ObjectNode;
  }

  /**
   * Reads one record of a v2 asset export ({@code POST /assets/v2/export}), whose fields are nested
   * under {@code timestamps}, {@code network}, {@code scan}, {@code cloud} and {@code
   * third_party_ids} and whose empty keys are left out; the raw record is kept as sent.
   */
  public static TenableAsset fromV2(ObjectNode r) {
    return read(flattenV2(r), r);
  }

  /**
   * A v2 record in the v1 layout: the nested objects' fields at the top level under their v1 names
   * ({@code cloud.aws.region} is {@code aws_region}), every other field as it is.
   */
  public static ObjectNode flattenV2(ObjectNode v2) {
    ObjectNode flat = v2.objectNode();
    v2.fields()
        .forEachRemaining(
            field -> {
              String key = field.getKey();
              JsonNode value = field.getValue();
              switch (key) {
                case "timestamps", "network", "scan", "third_party_ids" -> {
                  if (value.isObject()) {
                    value
                        .fields()
                        .forEachRemaining(inner -> flat.set(inner.getKey(), inner.getValue()));
                  } else {
                    flat.set(key, value);
                  }
                }
                case "cloud" -> {
                  if (value.isObject()) {
                    value
                        .fields()
                        .forEachRemaining(
                            provider -> {
                              if (provider.getValue().isObject()) {
                                provider
                                    .getValue()
                                    .fields()
                                    .forEachRemaining(
                                        inner ->
                                            flat.set(
                                                provider.getKey() + "_" + inner.getKey(),
                                                inner.getValue()));
                              }
                            });
                  } else {
                    flat.set(key, value);
                  }
                }
                default -> flat.set(key, value);
              }
            });
    return flat;
  }

  private static TenableAsset read(ObjectNode r, ObjectNode raw) {
    JsonNode ratings = object(r, "ratings", "");
    Double acr = decimal(r, "acr_score", "");
    if (acr == null && !ratings.isMissingNode()) {
      acr = decimal(object(ratings, "acr", "ratings."), "score", "ratings.acr.");
    }
    Double aes = decimal(r, "exposure_score", "");
    if (aes == null && !ratings.isMissingNode()) {
      aes = decimal(object(ratings, "aes", "ratings."), "score", "ratings.aes.");
    }
    return new TenableAsset(
        text(r, "id", ""),
        bool(r, "has_agent", ""),
        bool(r, "has_plugin_results", ""),
        instant(r, "created_at", ""),
        instant(r, "updated_at", ""),
        instant(r, "terminated_at", ""),
        text(r, "terminated_by", ""),
        instant(r, "deleted_at", ""),
        text(r, "deleted_by", ""),
        instant(r, "first_seen", ""),
        instant(r, "last_seen", ""),
        instant(r, "first_scan_time", ""),
        instant(r, "last_scan_time", ""),
        instant(r, "last_authenticated_scan_date", ""),
        instant(r, "last_licensed_scan_date", ""),
        text(r, "last_scan_id", ""),
        text(r, "last_schedule_id", ""),
        text(r, "agent_uuid", ""),
        text(r, "bios_uuid", ""),
        text(r, "serial_number", ""),
        text(r, "network_id", ""),
        text(r, "network_name", ""),
        strings(r, "agent_names", ""),
        strings(r, "ipv4s", ""),
        strings(r, "ipv6s", ""),
        strings(r, "fqdns", ""),
        strings(r, "mac_addresses", ""),
        strings(r, "netbios_names", ""),
        strings(r, "hostnames", ""),
        strings(r, "operating_systems", ""),
        strings(r, "system_types", ""),
        strings(r, "ssh_fingerprints", ""),
        strings(r, "installed_software", ""),
        new CloudIds(
            text(r, "aws_ec2_instance_id", ""),
            text(r, "aws_ec2_instance_ami_id", ""),
            text(r, "aws_owner_id", ""),
            text(r, "aws_availability_zone", ""),
            text(r, "aws_region", ""),
            text(r, "aws_vpc_id", ""),
            text(r, "aws_subnet_id", ""),
            text(r, "aws_ec2_instance_type", ""),
            text(r, "aws_ec2_instance_state_name", ""),
            text(r, "aws_ec2_instance_group_name", ""),
            text(r, "aws_ec2_name", ""),
            text(r, "azure_vm_id", ""),
            text(r, "azure_resource_id", ""),
            text(r, "gcp_project_id", ""),
            text(r, "gcp_zone", ""),
            text(r, "gcp_instance_id", "")),
        text(r, "servicenow_sysid", ""),
        list(r, "sources", "", n -> source(n)),
        list(r, "tags", "", n -> tag(n)),
        list(r, "network_interfaces", "", n -> networkInterface(n)),
        list(r, "open_ports", "", n -> openPort(n)),
        acr,
        aes,
        bool(r, "is_licensed", ""),
        bool(r, "is_public", ""),
        strings(r, "types", ""),
        raw);
  }

  private static Source source(JsonNode n) {
    requireObject(n, "sources[]");
    return new Source(
        text(n, "name", "sources[]."),
        instant(n, "first_seen", "sources[]."),
        instant(n, "last_seen", "sources[]."));
  }

  private static Tag tag(JsonNode n) {
    requireObject(n, "tags[]");
    String p = "tags[].";
    return new Tag(
        text(n, "uuid", p),
        text(n, "key", p),
        text(n, "value", p),
        text(n, "added_by", p),
        instant(n, "added_at", p));
  }

  private static NetworkInterface networkInterface(JsonNode n) {
    requireObject(n, "network_interfaces[]");
    String p = "network_interfaces[].";
    return new NetworkInterface(
        text(n, "name", p),
        strings(n, firstPresent(n, "ipv4s", "ipv4"), p),
        strings(n, firstPresent(n, "ipv6s", "ipv6"), p),
        strings(n, firstPresent(n, "mac_addresses", "mac_address"), p),
        strings(n, firstPresent(n, "fqdns", "fqdn"), p),
        bool(n, "virtual", p),
        bool(n, "aliased", p));
  }

  private static OpenPort openPort(JsonNode n) {
    requireObject(n, "open_ports[]");
    String p = "open_ports[].";
    return new OpenPort(
        integer(n, "port", p),
        text(n, "protocol", p),
        strings(n, "service_names", p),
        instant(n, "first_seen", p),
        instant(n, "last_seen", p));
  }

  static void requireObject(JsonNode n, String path) {
    if (!n.isObject()) {
      throw new RecordFormatException(path, "expected an object but got " + LenientJson.kind(n));
    }
  }
}

package dev.tenableconnector.emulator.data;

import static dev.tenableconnector.emulator.data.RecordWriter.AWS_REGIONS;
import static dev.tenableconnector.emulator.data.RecordWriter.AWS_TYPES;
import static dev.tenableconnector.emulator.data.RecordWriter.nonEmpty;
import static dev.tenableconnector.emulator.data.RecordWriter.openAsset;
import static dev.tenableconnector.emulator.data.RecordWriter.openPorts;
import static dev.tenableconnector.emulator.data.RecordWriter.optional;
import static dev.tenableconnector.emulator.data.RecordWriter.ratings;
import static dev.tenableconnector.emulator.data.RecordWriter.sources;
import static dev.tenableconnector.emulator.data.RecordWriter.stringArray;
import static dev.tenableconnector.emulator.data.RecordWriter.time;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** Writes synthetic v2 asset records: nested objects, and every empty key left out. */
public final class AssetV2Writer {
  private final RecordWriter shared;
  private final long seed;

  public AssetV2Writer(RecordWriter shared) {
    this.shared = shared;
    this.seed = shared.seed();
  }

  /**
   * One asset record of a v2 export: nested {@code timestamps}, {@code network}, {@code scan},
   * {@code cloud} and {@code third_party_ids}, with {@code types}, {@code is_licensed} and {@code
   * is_public}, and every empty key left out, as Tenable describes it.
   */
  public void write(
      JsonGenerator g, AssetState a, RecordFault fault, boolean openPorts, boolean resourceTags)
      throws IOException {
    if (!openAsset(g, a, fault)) {
      return;
    }
    AssetIdentity id = a.identity();
    int i = id.index();
    optional(g, "agent_uuid", id.agentUuid());
    g.writeBooleanField("is_licensed", id.licensed());
    g.writeBooleanField("is_public", id.isPublic());
    stringArray(g, "types", List.of("host"));
    optional(g, "terminated_by", a.terminatedAt() == null ? null : "AWS Connector");
    optional(g, "deleted_by", a.deletedAt() == null ? null : Hash.uuid(seed, i, 300, 0).toString());
    nonEmpty(g, "agent_names", id.hasAgent() ? List.of(id.hostname()) : List.of());
    stringArray(g, "operating_systems", List.of(id.operatingSystem()));
    boolean aws = id.cloud() == AssetIdentity.Cloud.AWS;
    stringArray(
        g,
        "system_types",
        aws ? List.of(id.systemType(), "aws-ec2-instance") : List.of(id.systemType()));
    stringArray(
        g,
        "installed_software",
        id.windows()
            ? List.of("cpe:/a:microsoft:edge:120.0")
            : List.of("cpe:/a:openbsd:openssh:8.9", "cpe:/a:openssl:openssl:3.0.2"));
    sources(g, a);
    boolean anyTag = false;
    for (int c = 0; c < AssetIdentity.TAGS.length; c++) {
      anyTag |= id.tag(c) != null;
    }
    if (anyTag) {
      shared.tags(g, a);
    }
    g.writeObjectFieldStart("scan");
    g.writeStringField("first_scan_time", time(a.firstSeen()));
    g.writeStringField("last_scan_time", time(a.lastScanAt()));
    optional(g, "last_authenticated_scan_date", id.hasAgent() ? time(a.lastScanAt()) : null);
    optional(g, "last_licensed_scan_date", id.licensed() ? time(a.lastScanAt()) : null);
    g.writeStringField("last_scan_id", Hash.uuid(seed, i % 97, 301, 0).toString());
    g.writeStringField("last_schedule_id", "template-" + Hash.hex(seed, i % 97, 302, 0, 52));
    boolean credentialed = id.hasAgent() || id.windows();
    boolean authFailed = credentialed && Hash.below(Hash.of(seed, i, 310, 0), 20) == 0;
    optional(g, "last_authentication_attempt_date", credentialed ? time(a.lastScanAt()) : null);
    optional(
        g,
        "last_authentication_success_date",
        credentialed && !authFailed ? time(a.lastScanAt()) : null);
    optional(
        g,
        "last_authentication_scan_status",
        !credentialed ? null : authFailed ? "Failure" : "Success");
    g.writeStringField("last_scan_target", i % 3 == 0 ? id.ipv4s().get(0) : id.fqdn());
    g.writeEndObject();
    if (id.cloud() != AssetIdentity.Cloud.ON_PREM) {
      g.writeObjectFieldStart("cloud");
      switch (id.cloud()) {
        case AWS -> {
          String region = AWS_REGIONS[i % AWS_REGIONS.length];
          g.writeObjectFieldStart("aws");
          g.writeStringField("availability_zone", region + (char) ('a' + i % 3));
          g.writeStringField("ec2_instance_ami_id", "ami-0" + Hash.hex(seed, i % 13, 304, 0, 16));
          g.writeStringField("ec2_instance_group_name", "sg-" + (i % 9));
          g.writeStringField("ec2_instance_id", id.awsInstanceId());
          g.writeStringField(
              "ec2_instance_state_name", a.terminatedAt() != null ? "terminated" : "running");
          g.writeStringField("ec2_instance_type", AWS_TYPES[i % AWS_TYPES.length]);
          g.writeStringField("ec2_name", id.hostname());
          g.writeStringField("owner_id", "1234567890" + (10 + i % 3));
          g.writeStringField("region", region);
          g.writeStringField("subnet_id", "subnet-0" + Hash.hex(seed, i % 17, 306, 0, 16));
          g.writeStringField("vpc_id", "vpc-0" + Hash.hex(seed, i % 11, 305, 0, 16));
          g.writeEndObject();
        }
        case AZURE -> {
          g.writeObjectFieldStart("azure");
          g.writeStringField(
              "resource_id",
              "/subscriptions/"
                  + Hash.uuid(seed, 0, 303, 0)
                  + "/resourceGroups/rg-"
                  + (i % 7)
                  + "/providers/Microsoft.Compute/virtualMachines/"
                  + id.hostname());
          g.writeStringField("vm_id", id.azureVmId());
          g.writeEndObject();
        }
        default -> {
          g.writeObjectFieldStart("gcp");
          g.writeStringField("instance_id", id.gcpInstanceId());
          g.writeStringField("project_id", "proj-" + (i % 5));
          g.writeStringField("zone", "europe-west1-" + (char) ('b' + i % 3));
          g.writeEndObject();
        }
      }
      g.writeEndObject();
    }
    if (id.servicenowSysid() != null) {
      g.writeObjectFieldStart("third_party_ids");
      g.writeStringField("servicenow_sysid", id.servicenowSysid());
      g.writeEndObject();
    }
    g.writeObjectFieldStart("network");
    g.writeStringField("network_id", id.networkId());
    g.writeStringField("network_name", id.networkName());
    g.writeStringField("bios_uuid", id.biosUuid());
    stringArray(g, "ipv4s", id.ipv4s());
    nonEmpty(g, "ipv6s", id.ipv6s());
    stringArray(g, "fqdns", List.of(id.fqdn()));
    stringArray(g, "mac_addresses", List.of(id.mac()));
    nonEmpty(g, "netbios_names", id.netbiosName() == null ? List.of() : List.of(id.netbiosName()));
    stringArray(g, "hostnames", List.of(id.hostname()));
    nonEmpty(
        g,
        "ssh_fingerprints",
        id.windows() ? List.of() : List.of("ecdsa-sha2-nistp256 " + Hash.hex(seed, i, 307, 0, 32)));
    g.writeArrayFieldStart("network_interfaces");
    g.writeStartObject();
    g.writeStringField("name", id.windows() ? "Ethernet0" : "eth0");
    stringArray(g, "fqdns", List.of(id.fqdn()));
    stringArray(g, "mac_addresses", List.of(id.mac()));
    stringArray(g, "ipv4s", id.ipv4s().subList(0, 1));
    nonEmpty(g, "ipv6s", id.ipv6s());
    g.writeEndObject();
    if (id.ipv4s().size() > 1) {
      g.writeStartObject();
      g.writeStringField("name", "UNKNOWN");
      stringArray(g, "ipv4s", id.ipv4s().subList(1, 2));
      g.writeEndObject();
    }
    g.writeEndArray();
    if (openPorts) {
      openPorts(g, a);
    }
    g.writeEndObject();
    g.writeObjectFieldStart("timestamps");
    g.writeStringField("created_at", time(a.createdAt()));
    if (fault == RecordFault.BAD_VALUE) {
      g.writeStringField("updated_at", "last tuesday");
    } else {
      g.writeStringField("updated_at", time(a.updatedAt()));
    }
    optional(g, "deleted_at", time(a.deletedAt()));
    optional(g, "terminated_at", time(a.terminatedAt()));
    g.writeStringField("first_seen", time(a.firstSeen()));
    g.writeStringField("last_seen", time(a.lastScanAt()));
    g.writeEndObject();
    ratings(g, id);
    if (resourceTags && id.cloud() != AssetIdentity.Cloud.ON_PREM) {
      g.writeArrayFieldStart("resource_tags");
      g.writeStartObject();
      g.writeStringField("key", "Owner");
      g.writeStringField("value", "team-" + (i % 6));
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeEndObject();
  }
}

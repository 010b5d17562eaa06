package dev.tenableconnector.emulator.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;

/**
 * Writes synthetic v1 asset records in the shape real exports have (every key, with explicit
 * nulls), and the JSON pieces the v2 asset and finding writers share with it.
 */
public final class RecordWriter {
  private static final DateTimeFormatter MILLIS =
      new DateTimeFormatterBuilder().appendInstant(3).toFormatter();
  static final String[] AWS_REGIONS = {"eu-west-1", "us-east-1", "ap-northeast-1"};
  static final String[] AWS_TYPES = {"m6i.large", "t3.medium", "c6g.xlarge", "r5.2xlarge"};

  private final JsonFactory factory = new JsonFactory();
  private final long seed;

  public RecordWriter(long seed) {
    this.seed = seed;
  }

  long seed() {
    return seed;
  }

  /** {@code 2025-02-01T22:07:13.508Z}; written by hand because it runs for every timestamp. */
  public static String time(Instant t) {
    if (t == null) {
      return null;
    }
    long seconds = t.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
    int year = date.getYear();
    if (year < 1000 || year > 9999) {
      return MILLIS.format(t);
    }
    char[] c = new char[24];
    put(c, 0, year, 4);
    c[4] = '-';
    put(c, 5, date.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, date.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, secondOfDay / 3600, 2);
    c[13] = ':';
    put(c, 14, secondOfDay / 60 % 60, 2);
    c[16] = ':';
    put(c, 17, secondOfDay % 60, 2);
    c[19] = '.';
    put(c, 20, t.getNano() / 1_000_000, 3);
    c[23] = 'Z';
    return new String(c);
  }

  /** {@code 2023-05-04T05:13:40.809406Z}: a time with three more digits after its millis. */
  static String micros(Instant t, int extra) {
    String millis = time(t);
    return millis.substring(0, millis.length() - 1) + String.format("%03d", extra) + "Z";
  }

  private static void put(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * One asset record with all keys, nulls included; {@code open_ports} and {@code resource_tags}
   * only when the export asked for them.
   */
  public void writeAsset(
      JsonGenerator g, AssetState a, RecordFault fault, boolean openPorts, boolean resourceTags)
      throws IOException {
    if (!openAsset(g, a, fault)) {
      return;
    }
    AssetIdentity id = a.identity();
    int i = id.index();
    g.writeStringField("created_at", time(a.createdAt()));
    g.writeStringField("terminated_at", time(a.terminatedAt()));
    g.writeStringField("terminated_by", a.terminatedAt() == null ? null : "AWS Connector");
    if (fault == RecordFault.BAD_VALUE) {
      g.writeStringField("updated_at", "last tuesday");
    } else {
      g.writeStringField("updated_at", time(a.updatedAt()));
    }
    g.writeStringField("deleted_at", time(a.deletedAt()));
    g.writeStringField(
        "deleted_by", a.deletedAt() == null ? null : Hash.uuid(seed, i, 300, 0).toString());
    g.writeStringField("first_seen", time(a.firstSeen()));
    g.writeStringField("last_seen", time(a.lastScanAt()));
    g.writeStringField("first_scan_time", time(a.firstSeen()));
    g.writeStringField("last_scan_time", time(a.lastScanAt()));
    g.writeStringField("last_authenticated_scan_date", id.hasAgent() ? time(a.lastScanAt()) : null);
    g.writeStringField("last_licensed_scan_date", id.licensed() ? time(a.lastScanAt()) : null);
    g.writeStringField("last_scan_id", Hash.uuid(seed, i % 97, 301, 0).toString());
    g.writeStringField("last_schedule_id", "template-" + Hash.hex(seed, i % 97, 302, 0, 52));
    g.writeStringField("last_scan_target", i % 3 == 0 ? id.ipv4s().get(0) : id.fqdn());
    boolean credentialed = id.hasAgent() || id.windows();
    g.writeStringField(
        "last_authentication_attempt_date", credentialed ? time(a.lastScanAt()) : null);
    boolean authFailed = credentialed && Hash.below(Hash.of(seed, i, 310, 0), 20) == 0;
    g.writeStringField(
        "last_authentication_success_date",
        credentialed && !authFailed ? time(a.lastScanAt()) : null);
    g.writeStringField(
        "last_authentication_scan_status",
        !credentialed ? null : authFailed ? "Failure" : "Success");
    g.writeStringField("azure_vm_id", id.azureVmId());
    g.writeStringField(
        "azure_resource_id",
        id.cloud() == AssetIdentity.Cloud.AZURE
            ? "/subscriptions/"
                + Hash.uuid(seed, 0, 303, 0)
                + "/resourceGroups/rg-"
                + (i % 7)
                + "/providers/Microsoft.Compute/virtualMachines/"
                + id.hostname()
            : null);
    boolean gcp = id.cloud() == AssetIdentity.Cloud.GCP;
    g.writeStringField("gcp_project_id", gcp ? "proj-" + (i % 5) : null);
    g.writeStringField("gcp_zone", gcp ? "europe-west1-" + (char) ('b' + i % 3) : null);
    g.writeStringField("gcp_instance_id", id.gcpInstanceId());
    boolean aws = id.cloud() == AssetIdentity.Cloud.AWS;
    String region = AWS_REGIONS[i % AWS_REGIONS.length];
    g.writeStringField(
        "aws_ec2_instance_ami_id", aws ? "ami-0" + Hash.hex(seed, i % 13, 304, 0, 16) : null);
    g.writeStringField("aws_ec2_instance_id", id.awsInstanceId());
    g.writeStringField("agent_uuid", id.agentUuid());
    g.writeStringField("bios_uuid", id.biosUuid());
    g.writeStringField("network_id", id.networkId());
    g.writeStringField("network_name", id.networkName());
    g.writeStringField("aws_owner_id", aws ? "1234567890" + (10 + i % 3) : null);
    g.writeStringField("aws_availability_zone", aws ? region + (char) ('a' + i % 3) : null);
    g.writeStringField("aws_region", aws ? region : null);
    g.writeStringField("aws_vpc_id", aws ? "vpc-0" + Hash.hex(seed, i % 11, 305, 0, 16) : null);
    g.writeStringField("aws_ec2_instance_group_name", aws ? "sg-" + (i % 9) : null);
    g.writeStringField(
        "aws_ec2_instance_state_name",
        aws ? (a.terminatedAt() != null ? "terminated" : "running") : null);
    g.writeStringField("aws_ec2_instance_type", aws ? AWS_TYPES[i % AWS_TYPES.length] : null);
    g.writeStringField(
        "aws_subnet_id", aws ? "subnet-0" + Hash.hex(seed, i % 17, 306, 0, 16) : null);
    g.writeStringField("aws_ec2_product_code", null);
    g.writeStringField("aws_ec2_name", aws ? id.hostname() : null);
    g.writeStringField("mcafee_epo_guid", null);
    g.writeStringField("mcafee_epo_agent_guid", null);
    g.writeStringField("servicenow_sysid", id.servicenowSysid());
    g.writeStringField("bigfix_asset_id", null);
    g.writeStringField("serial_number", id.serialNumber());
    stringArray(g, "agent_names", id.hasAgent() ? List.of(id.hostname()) : List.of());
    stringArray(
        g,
        "installed_software",
        id.windows()
            ? List.of("cpe:/a:microsoft:edge:120.0")
            : List.of("cpe:/a:openbsd:openssh:8.9", "cpe:/a:openssl:openssl:3.0.2"));
    stringArray(g, "ipv4s", id.ipv4s());
    stringArray(g, "ipv6s", id.ipv6s());
    stringArray(g, "fqdns", List.of(id.fqdn()));
    stringArray(g, "mac_addresses", List.of(id.mac()));
    stringArray(
        g, "netbios_names", id.netbiosName() == null ? List.of() : List.of(id.netbiosName()));
    stringArray(g, "operating_systems", List.of(id.operatingSystem()));
    stringArray(
        g,
        "system_types",
        aws ? List.of(id.systemType(), "aws-ec2-instance") : List.of(id.systemType()));
    stringArray(g, "hostnames", List.of(id.hostname()));
    stringArray(
        g,
        "ssh_fingerprints",
        id.windows() ? List.of() : List.of("ecdsa-sha2-nistp256 " + Hash.hex(seed, i, 307, 0, 32)));
    stringArray(g, "qualys_asset_ids", List.of());
    stringArray(g, "qualys_host_ids", List.of());
    stringArray(g, "manufacturer_tpm_ids", List.of());
    stringArray(g, "symantec_ep_hardware_keys", List.of());
    sources(g, a);
    tags(g, a);
    g.writeArrayFieldStart("network_interfaces");
    g.writeStartObject();
    g.writeStringField("name", id.windows() ? "Ethernet0" : "eth0");
    g.writeNullField("virtual");
    g.writeNullField("aliased");
    stringArray(g, "fqdns", List.of(id.fqdn()));
    stringArray(g, "mac_addresses", List.of(id.mac()));
    stringArray(g, "ipv4s", id.ipv4s().subList(0, 1));
    stringArray(g, "ipv6s", id.ipv6s());
    g.writeEndObject();
    if (id.ipv4s().size() > 1) {
      g.writeStartObject();
      g.writeStringField("name", "UNKNOWN");
      g.writeNullField("virtual");
      g.writeNullField("aliased");
      stringArray(g, "fqdns", List.of());
      stringArray(g, "mac_addresses", List.of());
      stringArray(g, "ipv4s", id.ipv4s().subList(1, 2));
      stringArray(g, "ipv6s", List.of());
      g.writeEndObject();
    }
    g.writeEndArray();
    score(g, "acr_score", id.acrScore(), id.scoresAsNumbers());
    score(g, "exposure_score", id.exposureScore(), id.scoresAsNumbers());
    if (!ratings(g, id)) {
      g.writeNullField("ratings");
    }
    if (openPorts) {
      openPorts(g, a);
    }
    if (resourceTags) {
      g.writeArrayFieldStart("resource_tags");
      if (id.cloud() != AssetIdentity.Cloud.ON_PREM) {
        g.writeStartObject();
        g.writeStringField("key", "Owner");
        g.writeStringField("value", "team-" + (i % 6));
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /**
   * Starts an asset record with the fields both versions open with; false when the fault makes the
   * record something other than an object.
   */
  static boolean openAsset(JsonGenerator g, AssetState a, RecordFault fault) throws IOException {
    if (fault == RecordFault.NOT_AN_OBJECT) {
      RecordFault.writeNotAnObject(g, a.index(), "asset " + a.uuid());
      return false;
    }
    g.writeStartObject();
    if (fault != RecordFault.MISSING_KEYS) {
      g.writeStringField("id", a.uuid());
    }
    g.writeBooleanField("has_agent", a.identity().hasAgent());
    g.writeBooleanField("has_plugin_results", true);
    return true;
  }

  static void sources(JsonGenerator g, AssetState a) throws IOException {
    g.writeArrayFieldStart("sources");
    for (String source : a.identity().sources()) {
      g.writeStartObject();
      g.writeStringField("name", source);
      g.writeStringField("first_seen", time(a.firstSeen()));
      g.writeStringField("last_seen", time(a.lastScanAt()));
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  void tags(JsonGenerator g, AssetState a) throws IOException {
    AssetIdentity id = a.identity();
    g.writeArrayFieldStart("tags");
    for (int c = 0; c < AssetIdentity.TAGS.length; c++) {
      String value = id.tag(c);
      if (value != null) {
        g.writeStartObject();
        g.writeStringField("uuid", Hash.uuid(seed, c, 308, id.tags()[c]).toString());
        g.writeStringField("key", AssetIdentity.TAGS[c][0]);
        g.writeStringField("value", value);
        g.writeStringField("added_by", Hash.uuid(seed, 0, 309, 0).toString());
        g.writeStringField("added_at", time(a.createdAt()));
        g.writeEndObject();
      }
    }
    g.writeEndArray();
  }

  static void openPorts(JsonGenerator g, AssetState a) throws IOException {
    int port = a.identity().windows() ? 3389 : 22;
    g.writeArrayFieldStart("open_ports");
    g.writeStartObject();
    g.writeNumberField("port", port);
    g.writeStringField("protocol", "TCP");
    stringArray(g, "service_names", List.of(port == 22 ? "ssh" : "msrdp"));
    g.writeStringField("first_seen", time(a.firstSeen()));
    g.writeStringField("last_seen", time(a.lastScanAt()));
    g.writeEndObject();
    g.writeEndArray();
  }

  static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(field, value);
    }
  }

  static void nonEmpty(JsonGenerator g, String field, List<String> values) throws IOException {
    if (!values.isEmpty()) {
      stringArray(g, field, values);
    }
  }

  /**
   * {@code ratings}: ACR and AES as numbers (the live API's shape); false when the asset has none.
   */
  static boolean ratings(JsonGenerator g, AssetIdentity id) throws IOException {
    if (id.acrScore() == null || id.acrScore().isEmpty()) {
      return false;
    }
    g.writeObjectFieldStart("ratings");
    g.writeObjectFieldStart("acr");
    g.writeNumberField("score", Double.parseDouble(id.acrScore()));
    g.writeEndObject();
    g.writeObjectFieldStart("aes");
    g.writeNumberField("score", Double.parseDouble(id.exposureScore()));
    g.writeEndObject();
    g.writeEndObject();
    return true;
  }

  static void score(JsonGenerator g, String field, String value, boolean asNumber)
      throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else if (asNumber && !value.isEmpty()) {
      g.writeNumberField(field, Double.parseDouble(value));
    } else {
      g.writeStringField(field, value);
    }
  }

  static void stringArray(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}

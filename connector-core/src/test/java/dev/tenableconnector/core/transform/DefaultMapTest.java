package dev.tenableconnector.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.NetworkInterface;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.TargetField;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shipped map, golden-tested on the spec's example records: every target field of the seed's
 * tables and of the extensions, and every rule the issue decides (name fallbacks, cloud provider,
 * severity mapping, finding id fallback, enrichment from the asset record).
 */
class DefaultMapTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Transformer transformer =
      new Transformer(TransformMap.defaults(), SeverityMapping.defaults());

  static ObjectNode spec(String name) {
    try (InputStream in = DefaultMapTest.class.getResourceAsStream("/spec/" + name)) {
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private NormalizedRecord asset(ObjectNode raw) {
    Transformer.Outcome outcome = transformer.transform(Entity.ASSET, raw, null);
    assertThat(outcome.rejection()).isNull();
    return outcome.record();
  }

  private NormalizedRecord finding(ObjectNode raw, ObjectNode asset) {
    Transformer.Outcome outcome = transformer.transform(Entity.FINDING, raw, asset);
    assertThat(outcome.rejection()).isNull();
    return outcome.record();
  }

  @Test
  void theDefaultMapReproducesTheSeedTablesRowByRow() {
    TransformMap map = TransformMap.defaults();
    assertThat(map.name()).isEqualTo("Vulnerability Host Asset Tenable IO Map");
    assertThat(
            map.rows(Entity.ASSET).stream()
                .limit(10)
                .map(r -> r.label() + " -> " + r.target().name()))
        .containsExactly(
            "Asset ID -> externalAssetId",
            "Primary Hostname -> assetName",
            "IPv4 Addresses -> ipAddress",
            "IPv6 Addresses -> ipAddress",
            "MAC Addresses -> macAddress",
            "Operating System -> operatingSystemName",
            "Cloud Instance ID -> cloudInstanceId",
            "Cloud Provider Type -> cloudProvider",
            "Fully Qualified Domain Names -> fqdn",
            "NetBIOS Names -> netBiosName");
    assertThat(map.rows(Entity.FINDING).stream().limit(32).map(r -> r.target().name()))
        .containsExactly(
            "externalAssetId",
            "findingName",
            "externalFindingId",
            "findingSeverity",
            "operatingSystemName",
            "ipAddress",
            "macAddress",
            "cloudProvider",
            "remediationStrategy",
            "cvssV2Base",
            "cvss3Base",
            "cvss2Temporal",
            "cvss3Temporal",
            "findingStatus",
            "fqdn",
            "netBiosName",
            "cveId",
            "isPatchAvailable",
            "isExploitAvailable",
            "findingPort",
            "findingProtocol",
            "findingDescription",
            "detectionScore",
            "assetName",
            "findingFirstFoundOn",
            "findingLastFoundOn",
            "detectionResult",
            "exploitCodeMaturity",
            "vector",
            "cloudInstanceId",
            "cloudInstanceId",
            "cloudInstanceId");
    assertThat(
            map.rows(Entity.FINDING).stream().filter(MapRow::required).map(r -> r.target().name()))
        .containsExactly("externalAssetId", "findingName", "externalFindingId", "findingSeverity");
    assertThat(map.rows(Entity.ASSET).stream().filter(MapRow::required).map(r -> r.target().name()))
        .containsExactly("externalAssetId");
  }

  @Test
  void everyAssetFieldOfTheSpecExampleRecord() {
    NormalizedRecord a = asset(spec("asset-record.json"));

    assertThat(a.text("externalAssetId")).isEqualTo("4f2c9b1e-6d3a-4e8f-9b7c-1a2d3e4f5a6b");
    assertThat(a.text("assetName")).isEqualTo("app-db-07");
    assertThat(a.strings("ipAddress")).containsExactly("10.20.4.17", "fe80::4c1:2bff:fe3d:9a10");
    assertThat(a.strings("macAddress")).containsExactly("06:c1:2b:3d:9a:10");
    assertThat(a.strings("operatingSystemName"))
        .containsExactly("Linux Kernel 6.5 on Ubuntu 22.04");
    assertThat(a.text("cloudInstanceId")).isEqualTo("i-0f9e8d7c6b5a43210");
    assertThat(a.text("cloudProvider")).isEqualTo("EC2");
    assertThat(a.strings("fqdn")).containsExactly("app-db-07.corp.example");
    assertThat(a.strings("netBiosName")).isEmpty();
    assertThat(a.text("biosUuid")).isEqualTo("EC2A41F7-93B2-4C11-8D5E-0A6B7C8D9E0F");
    assertThat(a.strings("systemTypes")).containsExactly("general-purpose");
    assertThat(a.get("criticality")).isEqualTo(8.0);
    assertThat(a.get("exposureScore")).isEqualTo(612.0);
    assertThat(a.get("networkInterfaces"))
        .isEqualTo(
            List.of(
                new NetworkInterface(
                    "eth0",
                    List.of("10.20.4.17", "fe80::4c1:2bff:fe3d:9a10"),
                    List.of("06:c1:2b:3d:9a:10"),
                    List.of("app-db-07.corp.example"))));
    assertThat(a.strings("tags")).containsExactly("Environment:Production");
    assertThat(a.text("source")).isEqualTo("Tenable");
    assertThat(a.text("assetStatus")).isEqualTo("ACTIVE");
    assertThat(a.instant("firstSeen")).isEqualTo(Instant.parse("2024-11-03T08:15:40Z"));
    assertThat(a.instant("lastSeen")).isEqualTo(Instant.parse("2025-02-01T22:06:58Z"));
    assertThat(a.instant("updatedAt")).isEqualTo(Instant.parse("2025-02-01T22:07:13.508Z"));
  }

  @Test
  void everyFindingFieldOfTheSpecExampleRecordEnrichedFromItsAsset() {
    NormalizedRecord f = finding(spec("vuln-record.json"), spec("asset-record.json"));

    assertThat(f.text("externalFindingId")).isEqualTo("2a6f1e0c-93d4-5b7a-8c1e-4d2f6a9b0c3e");
    assertThat(f.text("externalAssetId")).isEqualTo("4f2c9b1e-6d3a-4e8f-9b7c-1a2d3e4f5a6b");
    assertThat(f.text("findingName"))
        .isEqualTo("Ubuntu 22.04 LTS : OpenSSH vulnerabilities (USN-0000-1)");
    assertThat(f.integer("findingSeverity")).as("high (3) maps to 4").isEqualTo(4L);
    assertThat(f.text("findingStatus")).isEqualTo("REOPENED");
    assertThat(f.integer("pluginId")).isEqualTo(987654L);
    assertThat(f.strings("cveId")).containsExactly("CVE-2024-61001", "CVE-2024-61002");
    assertThat(f.integer("findingPort")).isEqualTo(22L);
    assertThat(f.text("findingProtocol")).isEqualTo("TCP");
    assertThat(f.text("findingDescription"))
        .startsWith("The remote Ubuntu host has an openssh-server");
    assertThat(f.text("detectionResult"))
        .isEqualTo("The remote Ubuntu host is missing one or more security updates.");
    assertThat(f.text("remediationStrategy"))
        .isEqualTo("Update the affected openssh-server package.");
    assertThat(f.get("isPatchAvailable")).isEqualTo(true);
    assertThat(f.get("isExploitAvailable")).isEqualTo(true);
    assertThat(f.get("detectionScore")).isEqualTo(6.7);
    assertThat(f.text("exploitCodeMaturity")).isEqualTo("FUNCTIONAL");
    assertThat(f.get("cvssV2Base")).isEqualTo(7.8);
    assertThat(f.get("cvss2Temporal")).isEqualTo(6.1);
    assertThat(f.text("vector")).isEqualTo("E:U/RL:OF/RC:C");
    assertThat(f.get("cvss3Base")).isEqualTo(8.1);
    assertThat(f.get("cvss3Temporal")).isEqualTo(7.1);
    assertThat(f.instant("findingFirstFoundOn"))
        .isEqualTo(Instant.parse("2025-01-24T21:52:10.031Z"));
    assertThat(f.instant("findingLastFoundOn"))
        .isEqualTo(Instant.parse("2025-02-01T22:06:58.412Z"));
    assertThat(f.instant("findingFixedOn")).isEqualTo(Instant.parse("2025-01-28T09:41:17.220Z"));
    // Enriched from the asset-export record: the vuln's asset sub-object has no cloud ids.
    assertThat(f.text("cloudInstanceId")).isEqualTo("i-0f9e8d7c6b5a43210");
    assertThat(f.text("cloudProvider")).isEqualTo("EC2");
    assertThat(f.text("assetName")).isEqualTo("app-db-07");
    assertThat(f.strings("ipAddress")).containsExactly("10.20.4.17");
    assertThat(f.strings("macAddress")).containsExactly("06:c1:2b:3d:9a:10");
    assertThat(f.strings("operatingSystemName"))
        .containsExactly("Linux Kernel 6.5 on Ubuntu 22.04");
    assertThat(f.strings("fqdn")).containsExactly("app-db-07.corp.example");
    assertThat(f.strings("netBiosName"))
        .as("the asset record has none: the vuln's sub-object fills in")
        .containsExactly("APPDB07");
    assertThat(f.text("source")).isEqualTo("Tenable");
  }

  @Test
  void aFindingWhoseAssetNeverCameIsKeptWithWhatItsSubObjectCarries() {
    NormalizedRecord f = finding(spec("vuln-record.json"), null);

    assertThat(f.text("assetName")).isEqualTo("app-db-07");
    assertThat(f.strings("ipAddress")).containsExactly("10.20.4.17");
    assertThat(f.strings("macAddress")).containsExactly("06:c1:2b:3d:9a:10");
    assertThat(f.strings("netBiosName")).containsExactly("APPDB07");
    assertThat(f.strings("operatingSystemName"))
        .containsExactly("Linux Kernel 6.5 on Ubuntu 22.04");
    assertThat(f.text("cloudInstanceId")).isNull();
    assertThat(f.text("cloudProvider")).isNull();
  }

  @Test
  void assetNameFallsBackFromHostnameToFqdnNetbiosIpv4Ipv6() {
    ObjectNode a = spec("asset-record.json");
    a.putArray("hostnames");
    assertThat(asset(a).text("assetName")).isEqualTo("app-db-07.corp.example");
    a.putArray("fqdns");
    a.putArray("netbios_names").add("APPDB07");
    assertThat(asset(a).text("assetName")).isEqualTo("APPDB07");
    a.putArray("netbios_names");
    assertThat(asset(a).text("assetName")).isEqualTo("10.20.4.17");
    a.putArray("ipv4s");
    assertThat(asset(a).text("assetName")).isEqualTo("fe80::4c1:2bff:fe3d:9a10");
  }

  @Test
  void cloudProviderComesFromTheCloudIdentifiersAndIsEmptyOnPrem() {
    ObjectNode aws = spec("asset-record.json");
    assertThat(asset(aws).text("cloudProvider")).isEqualTo("EC2");

    ObjectNode azure = onPrem(spec("asset-record.json"));
    azure.put("azure_vm_id", "7c9b4b2e-1111-4c3a-9d2e-0a1b2c3d4e5f");
    assertThat(asset(azure).text("cloudProvider")).isEqualTo("Azure");
    assertThat(asset(azure).text("cloudInstanceId"))
        .isEqualTo("7c9b4b2e-1111-4c3a-9d2e-0a1b2c3d4e5f");

    ObjectNode gcp = onPrem(spec("asset-record.json"));
    gcp.put("gcp_instance_id", "4815162342");
    gcp.put("gcp_project_id", "proj");
    assertThat(asset(gcp).text("cloudProvider")).isEqualTo("GCP");
    assertThat(asset(gcp).text("cloudInstanceId")).isEqualTo("4815162342");

    ObjectNode vmware = onPrem(spec("asset-record.json"));
    vmware.putArray("sources").addObject().put("name", "VMware vCenter");
    assertThat(asset(vmware).text("cloudProvider")).isEqualTo("SOURCE_TYPE_UNKNOWN");

    ObjectNode oci = onPrem(spec("asset-record.json"));
    oci.putArray("sources").addObject().put("name", "OCI");
    assertThat(asset(oci).text("cloudProvider")).isEqualTo("OCI");

    ObjectNode onPrem = onPrem(spec("asset-record.json"));
    assertThat(asset(onPrem).text("cloudProvider")).isNull();
    assertThat(asset(onPrem).text("cloudInstanceId")).isNull();
  }

  private static ObjectNode onPrem(ObjectNode a) {
    for (String k :
        List.of(
            "aws_ec2_instance_id",
            "aws_owner_id",
            "aws_ec2_instance_ami_id",
            "azure_vm_id",
            "azure_resource_id",
            "gcp_instance_id",
            "gcp_project_id")) {
      a.putNull(k);
    }
    a.putArray("sources").addObject().put("name", "NESSUS_SCAN");
    return a;
  }

  @Test
  void everyTenableSeverityMapsOneToFive() {
    ObjectNode v = spec("vuln-record.json");
    for (int id = 0; id <= 4; id++) {
      v.put("severity_id", id);
      assertThat(finding(v, null).integer("findingSeverity")).isEqualTo(id + 1L);
    }
    v.put("severity_id", 7);
    assertThat(transformer.transform(Entity.FINDING, v, null).rejection())
        .contains("severity 7 is not 0-4");
  }

  @Test
  void withoutFindingIdTheKeyIsStableFromAssetPluginPortAndProtocol() {
    ObjectNode v = spec("vuln-record.json");
    v.remove("finding_id");
    String key = finding(v, null).text("externalFindingId");

    assertThat(UUID.fromString(key)).isNotNull();
    assertThat(finding(v.deepCopy(), null).text("externalFindingId")).isEqualTo(key);
    ObjectNode otherPort = v.deepCopy();
    ((ObjectNode) otherPort.get("port")).put("port", 2222);
    assertThat(finding(otherPort, null).text("externalFindingId")).isNotEqualTo(key);
    ObjectNode otherProtocol = v.deepCopy();
    ((ObjectNode) otherProtocol.get("port")).put("protocol", "UDP");
    assertThat(finding(otherProtocol, null).text("externalFindingId")).isNotEqualTo(key);
    ObjectNode changedState = v.deepCopy();
    changedState.put("state", "FIXED");
    assertThat(finding(changedState, null).text("externalFindingId")).isEqualTo(key);
  }

  @Test
  void deletedAndTerminatedAssetsKeepTheirRowWithAStatus() {
    ObjectNode deleted = spec("asset-record.json");
    deleted.put("deleted_at", "2025-02-02T00:00:00Z");
    assertThat(asset(deleted).text("assetStatus")).isEqualTo("DELETED");
    ObjectNode terminated = spec("asset-record.json");
    terminated.put("terminated_at", "2025-02-02T00:00:00Z");
    assertThat(asset(terminated).text("assetStatus")).isEqualTo("TERMINATED");
  }

  @Test
  void criticalityIsANumberAndEmptyWhenBlankOrAbsent() {
    ObjectNode a = spec("asset-record.json");
    a.remove("ratings");
    a.put("acr_score", 9);
    assertThat(asset(a).get("criticality"))
        .as("the legacy acr_score without ratings")
        .isEqualTo(9.0);
    a.putObject("ratings").putObject("acr").put("score", 6);
    assertThat(asset(a).get("criticality"))
        .as("ratings.acr.score, Tenable's current field, first")
        .isEqualTo(6.0);
    a.put("acr_score", "");
    a.remove("ratings");
    assertThat(asset(a).get("criticality")).isNull();
    a.remove("acr_score");
    assertThat(asset(a).get("criticality")).isNull();
    a.putObject("ratings").putObject("acr").put("score", "7.0");
    assertThat(asset(a).get("criticality")).as("newer ratings object").isEqualTo(7.0);
  }

  @Test
  void realDataQuirksAreReadLeniently() {
    ObjectNode v = spec("vuln-record.json");
    ((ObjectNode) v.get("port")).put("port", "443");
    v.put("severity_id", "2");
    ((ObjectNode) v.get("plugin")).put("cvss_base_score", "5.0");
    NormalizedRecord f = finding(v, null);
    assertThat(f.integer("findingPort")).isEqualTo(443L);
    assertThat(f.integer("findingSeverity")).isEqualTo(3L);
    assertThat(f.get("cvssV2Base")).isEqualTo(5.0);

    ObjectNode a = spec("asset-record.json");
    ObjectNode nic = (ObjectNode) a.get("network_interfaces").get(0);
    nic.removeAll();
    nic.put("name", "UNKNOWN");
    nic.putArray("ipv4").add("10.9.9.9");
    nic.put("mac_address", "aa:bb:cc:dd:ee:ff");
    assertThat(asset(a).get("networkInterfaces"))
        .as("the API description's singular keys")
        .isEqualTo(
            List.of(
                new NetworkInterface(
                    "UNKNOWN", List.of("10.9.9.9"), List.of("aa:bb:cc:dd:ee:ff"), List.of())));
  }

  @Test
  void aRecordWithoutARequiredFieldIsRejectedWithTheReason() {
    ObjectNode v = spec("vuln-record.json");
    ((ObjectNode) v.get("asset")).remove("uuid");
    Transformer.Outcome outcome = transformer.transform(Entity.FINDING, v, null);
    assertThat(outcome.isRejected()).isTrue();
    assertThat(outcome.rejection())
        .contains("required field externalAssetId has no value")
        .contains("asset.uuid");

    ObjectNode noName = spec("vuln-record.json");
    ((ObjectNode) noName.get("plugin")).remove("name");
    assertThat(transformer.transform(Entity.FINDING, noName, null).rejection())
        .contains("findingName");
  }

  @Test
  void everyModelFieldIsFilledByTheDefaultMap() {
    for (Entity entity : Entity.values()) {
      for (TargetField field : FieldCatalog.of(entity).fields()) {
        assertThat(TransformMap.defaults().rows(entity))
            .as(field.toString())
            .anyMatch(r -> r.target() == field);
      }
    }
  }

  static String resource(String name) throws IOException {
    try (InputStream in = DefaultMapTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theNewerFieldsOfTenablesOpenApiExampleFinding() {
    NormalizedRecord f = finding(spec("openapi-vuln-record.json"), null);

    assertThat(f.get("epssScore")).isEqualTo(10.647);
    assertThat(f.get("vprV2Score")).isEqualTo(4.9);
    assertThat(f.get("vprV2Percentile")).isEqualTo(56.16);
    assertThat(f.text("vprV2Severity")).isEqualTo("MEDIUM");
    assertThat(f.get("exploitProbability")).isEqualTo(0.001);
    assertThat(f.get("onCisaKev")).isEqualTo(false);
    assertThat(f.get("cvss4Base")).isEqualTo(6.9);
    assertThat(f.text("cvss4Vector"))
        .isEqualTo("AV:N/AC:L/AT:P/PR:H/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:H");
    assertThat(f.instant("findingResurfacedOn"))
        .isEqualTo(Instant.parse("2024-11-27T11:56:24.384Z"));
    assertThat(f.integer("timeTakenToFix"))
        .as("sent as the string \"3045760\"")
        .isEqualTo(3_045_760L);
    assertThat(f.get("hasWorkaround")).isEqualTo(true);
    assertThat(f.text("workaround")).startsWith("F5 lists a workaround");
    assertThat(f.instant("vulnPublishedOn")).isEqualTo(Instant.parse("2022-01-11T00:00:00Z"));
    assertThat(f.instant("patchPublishedOn")).isNotNull();
    assertThat(f.text("severityModification")).isEqualTo("NONE");
  }

  @Test
  void theNewerAssetFieldsOfAV2RecordReadThroughItsV1Layout() {
    NormalizedRecord a =
        asset(
            dev.tenableconnector.client.model.TenableAsset.flattenV2(
                spec("openapi-asset-v2-record.json")));

    assertThat(a.get("isPublic")).isEqualTo(false);
    assertThat(a.strings("assetTypes")).containsExactly("host");
    assertThat(a.get("criticality")).isEqualTo(9.0);
    assertThat(a.get("exposureScore")).isEqualTo(744.0);
    assertThat(a.strings("ipAddress")).containsExactly("192.168.122.1", "172.26.114.163");
    assertThat(a.instant("updatedAt")).isEqualTo(Instant.parse("2025-01-08T00:41:35.280Z"));
  }
}

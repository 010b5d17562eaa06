package dev.tenableconnector.client.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The record model on the spec's example records and on the ways real data differs from docs. */
class RecordParsingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode spec(String name) throws Exception {
    try (InputStream in = RecordParsingTest.class.getResourceAsStream("/spec/" + name)) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void shouldReadTheSpecExampleAsset() throws Exception {
    TenableAsset a = TenableAsset.from(spec("asset-record.json"));

    assertThat(a.id()).isEqualTo("4f2c9b1e-6d3a-4e8f-9b7c-1a2d3e4f5a6b");
    assertThat(a.hasAgent()).isTrue();
    assertThat(a.updatedAt()).isEqualTo(Instant.parse("2025-02-01T22:07:13.508Z"));
    assertThat(a.terminatedAt()).isNull();
    assertThat(a.agentUuid()).isEqualTo("b3e1f07a9c2d4e5f8a6b7c8d9e0f1a2b");
    assertThat(a.biosUuid()).isEqualTo("EC2A41F7-93B2-4C11-8D5E-0A6B7C8D9E0F");
    assertThat(a.ipv4s()).containsExactly("10.20.4.17");
    assertThat(a.ipv6s()).containsExactly("fe80::4c1:2bff:fe3d:9a10");
    assertThat(a.netbiosNames()).isEmpty();
    assertThat(a.hostnames()).containsExactly("app-db-07");
    assertThat(a.operatingSystems()).containsExactly("Linux Kernel 6.5 on Ubuntu 22.04");
    assertThat(a.systemTypes()).containsExactly("general-purpose");
    assertThat(a.cloud().awsEc2InstanceId()).isEqualTo("i-0f9e8d7c6b5a43210");
    assertThat(a.cloud().awsRegion()).isEqualTo("eu-west-1");
    assertThat(a.cloud().azureVmId()).isNull();
    assertThat(a.sources())
        .extracting(TenableAsset.Source::name)
        .containsExactly("NESSUS_AGENT", "AWS");
    assertThat(a.tags())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.key()).isEqualTo("Environment");
              assertThat(t.value()).isEqualTo("Production");
            });
    assertThat(a.networkInterfaces())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.name()).isEqualTo("eth0");
              assertThat(n.macAddresses()).containsExactly("06:c1:2b:3d:9a:10");
              assertThat(n.virtual()).isNull();
            });
    assertThat(a.openPorts()).singleElement().satisfies(p -> assertThat(p.port()).isEqualTo(5432));
    assertThat(a.acrScore()).isEqualTo(8.0);
    assertThat(a.exposureScore()).isEqualTo(612.0);
    assertThat(a.raw().path("resource_tags").size()).isEqualTo(2);
  }

  @Test
  void shouldReadTheSpecExampleFinding() throws Exception {
    TenableFinding f = TenableFinding.from(spec("vuln-record.json"));

    assertThat(f.findingId()).isEqualTo("2a6f1e0c-93d4-5b7a-8c1e-4d2f6a9b0c3e");
    assertThat(f.asset().uuid()).isEqualTo("4f2c9b1e-6d3a-4e8f-9b7c-1a2d3e4f5a6b");
    assertThat(f.asset().operatingSystems()).containsExactly("Linux Kernel 6.5 on Ubuntu 22.04");
    assertThat(f.asset().tracked()).isTrue();
    assertThat(f.plugin().id()).isEqualTo(987654L);
    assertThat(f.plugin().cve()).containsExactly("CVE-2024-61001", "CVE-2024-61002");
    assertThat(f.plugin().bid()).containsExactly(108231);
    assertThat(f.plugin().cvssTemporalVector()).isEqualTo("E:U/RL:OF/RC:C");
    assertThat(f.plugin().cvss3Vector()).isEqualTo("AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H");
    assertThat(f.plugin().cvss3BaseScore()).isEqualTo(8.1);
    assertThat(f.plugin().cvss4BaseScore()).isEqualTo(8.3);
    assertThat(f.plugin().vpr().score()).isEqualTo(6.7);
    assertThat(f.plugin().vpr().exploitCodeMaturity()).isEqualTo("FUNCTIONAL");
    assertThat(f.plugin().xrefs())
        .extracting(TenableFinding.Xref::type)
        .containsExactly("USN", "IAVA");
    assertThat(f.port().port()).isEqualTo(22);
    assertThat(f.port().protocol()).isEqualTo("TCP");
    assertThat(f.scan().scheduleUuid()).startsWith("template-");
    assertThat(f.severityId()).isEqualTo(3);
    assertThat(f.severityDefaultId()).isEqualTo(2);
    assertThat(f.severityModificationType()).isEqualTo("RECASTED");
    assertThat(f.state()).isEqualTo("REOPENED");
    assertThat(f.lastFixed()).isEqualTo(Instant.parse("2025-01-28T09:41:17.220Z"));
    assertThat(f.indexed()).isEqualTo(Instant.parse("2025-02-01T22:08:31.660Z"));
  }

  @Test
  void shouldReadValuesTheWayRealDataSendsThem() throws Exception {
    TenableFinding f =
        TenableFinding.from(
            json(
                """
        {'asset': {'uuid': 'a1', 'operating_system': 'Windows Server 2019'},
         'plugin': {'id': '19506', 'cve': 'CVE-2021-44228', 'cvss_base_score': '7.5',
                    'cvss_vector': 'AV:N/AC:L/Au:N/C:P/I:P/A:P'},
         'port': {'port': '0', 'protocol': 'TCP'},
         'severity_id': 2.0, 'first_found': '2018-03-14T20:43:32Z',
         'indexed_at': 1654275509, 'unknown_new_field': {'x': 1}}"""));

    assertThat(f.asset().operatingSystems()).containsExactly("Windows Server 2019");
    assertThat(f.plugin().id()).isEqualTo(19506L);
    assertThat(f.plugin().cve()).containsExactly("CVE-2021-44228");
    assertThat(f.plugin().cvssBaseScore()).isEqualTo(7.5);
    assertThat(f.plugin().cvssVector()).isEqualTo("AV:N/AC:L/Au:N/C:P/I:P/A:P");
    assertThat(f.port().port()).isZero();
    assertThat(f.severityId()).isEqualTo(2);
    assertThat(f.firstFound()).isEqualTo(Instant.parse("2018-03-14T20:43:32Z"));
    assertThat(f.indexed()).isEqualTo(Instant.ofEpochSecond(1654275509));
    assertThat(f.raw().path("unknown_new_field").path("x").asInt()).isEqualTo(1);
    assertThat(f.findingId()).isNull();
    assertThat(f.lastFixed()).isNull();
  }

  @Test
  void shouldAcceptDocumentedSingularInterfaceKeysAndScoresAsNumbersOrEmpty() throws Exception {
    TenableAsset a =
        TenableAsset.from(
            json(
                """
        {'id': 'x', 'agent_uuid': 'b3e1f07a9c2d4e5f8a6b7c8d9e0f1a2b', 'has_plugin_results': null,
         'network_interfaces': [{'name': 'UNKNOWN', 'ipv4': ['10.0.0.1'], 'mac_address': ['aa'],
                                 'fqdn': ['h.example'], 'ipv6': []}],
         'acr_score': 9, 'exposure_score': '', 'environment_id': null}"""));

    assertThat(a.networkInterfaces())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.ipv4s()).containsExactly("10.0.0.1");
              assertThat(n.macAddresses()).containsExactly("aa");
              assertThat(n.fqdns()).containsExactly("h.example");
            });
    assertThat(a.hasPluginResults()).isNull();
    assertThat(a.acrScore()).isEqualTo(9.0);
    assertThat(a.exposureScore()).isNull();
  }

  @Test
  void shouldTakeScoresFromRatingsWhenTheTopLevelOnesAreAbsent() throws Exception {
    TenableAsset a =
        TenableAsset.from(
            json("{'id': 'x', 'ratings': {'acr': {'score': '7.0'}, 'aes': {'score': '744.0'}}}"));

    assertThat(a.acrScore()).isEqualTo(7.0);
    assertThat(a.exposureScore()).isEqualTo(744.0);
  }

  @Test
  void shouldNameTheFieldWhoseValueCannotBeRead() {
    assertThatThrownBy(() -> TenableFinding.from(json("{'severity_id': 'very high'}")))
        .isInstanceOf(RecordFormatException.class)
        .hasMessage("severity_id: not a whole number: \"very high\"");
    assertThatThrownBy(() -> TenableFinding.from(json("{'plugin': {'cvss3_base_score': 'n/a'}}")))
        .hasMessage("plugin.cvss3_base_score: not a number: \"n/a\"");
    assertThatThrownBy(() -> TenableFinding.from(json("{'last_found': 'yesterday'}")))
        .hasMessage("last_found: not a timestamp: \"yesterday\"");
    assertThatThrownBy(() -> TenableFinding.from(json("{'asset': 'a1'}")))
        .hasMessage("asset: expected an object but got text \"a1\"");
    assertThatThrownBy(() -> TenableAsset.from(json("{'updated_at': 'last tuesday'}")))
        .isInstanceOfSatisfying(
            RecordFormatException.class, e -> assertThat(e.field()).isEqualTo("updated_at"));
    assertThatThrownBy(() -> TenableAsset.from(json("{'ipv4s': {'a': 1}}")))
        .hasMessage("ipv4s: expected a list but got an object");
  }

  @Test
  void shouldMapEveryKnownRoleAndCallTheRestCustom() {
    assertThat(Role.of(16)).isEqualTo(Role.BASIC);
    assertThat(Role.of(0)).isEqualTo(Role.READ_ONLY);
    assertThat(Role.of(40)).isEqualTo(Role.SCAN_MANAGER);
    assertThat(Role.of(17)).isEqualTo(Role.CUSTOM);
    assertThat(Role.canExport(16)).isTrue();
    assertThat(Role.canExport(0)).isFalse();
  }

  @Test
  void shouldReadTenablesOpenApiExampleFindingWithItsLiveValueShapes() throws Exception {
    // Tenable's own example: indexed as ISO text with microseconds, time_taken_to_fix as a
    // string, last_fixed null, no scan.completed_at, VPR v2, EPSS, CVSS v4 and a workaround.
    TenableFinding f = TenableFinding.from(spec("openapi-vuln-record.json"));

    assertThat(f.indexed()).isEqualTo(Instant.parse("2023-05-04T05:13:40.809406Z"));
    assertThat(f.timeTakenToFix()).isEqualTo(3_045_760L);
    assertThat(f.lastFixed()).isNull();
    assertThat(f.resurfacedDate()).isEqualTo(Instant.parse("2024-11-27T11:56:24.384Z"));
    assertThat(f.scan().completedAt()).isNull();
    assertThat(f.scan().lastScanTarget()).isEqualTo("192.0.2.58");
    TenableFinding.Plugin p = f.plugin();
    assertThat(p.epssScore()).isEqualTo(10.647);
    assertThat(p.cvss4BaseScore()).isEqualTo(6.9);
    assertThat(p.cvss4Vector()).isEqualTo("AV:N/AC:L/AT:P/PR:H/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:H");
    assertThat(p.vprV2().score()).isEqualTo(4.9);
    assertThat(p.vprV2().percentile()).isEqualTo(56.16);
    assertThat(p.vprV2().severity()).isEqualTo("MEDIUM");
    assertThat(p.vprV2().exploitProbability()).isEqualTo(0.001);
    assertThat(p.vprV2().onCisaKev()).isFalse();
    assertThat(p.hasWorkaround()).isTrue();
    assertThat(p.workaround()).startsWith("F5 lists a workaround");
    assertThat(p.workaroundType()).isEqualTo("disable service");
  }

  @Test
  void shouldReadTimeTakenToFixAsANumberToo() throws Exception {
    assertThat(TenableFinding.from(json("{'time_taken_to_fix': 86400}")).timeTakenToFix())
        .isEqualTo(86_400L);
    assertThat(TenableFinding.from(json("{'time_taken_to_fix': '86400'}")).timeTakenToFix())
        .isEqualTo(86_400L);
  }

  @Test
  void shouldReadRatingsAsNumbersBesideTheLegacyStringScores() throws Exception {
    TenableAsset a =
        TenableAsset.from(
            json(
                "{'id': 'a', 'acr_score': '', 'exposure_score': '',"
                    + " 'ratings': {'acr': {'score': 9}, 'aes': {'score': 744}}}"));

    assertThat(a.acrScore()).isEqualTo(9.0);
    assertThat(a.exposureScore()).isEqualTo(744.0);
  }

  @Test
  void shouldReadAV2AssetRecordFromItsNestedObjects() throws Exception {
    ObjectNode record = spec("openapi-asset-v2-record.json");
    TenableAsset a = TenableAsset.fromV2(record);

    assertThat(a.id()).isEqualTo("42231820-df7c-4218-9f62-4a006e55085f");
    assertThat(a.createdAt()).isEqualTo(Instant.parse("2024-11-08T10:05:06.243Z"));
    assertThat(a.updatedAt()).isEqualTo(Instant.parse("2025-01-08T00:41:35.280Z"));
    assertThat(a.lastScanTime()).isEqualTo(Instant.parse("2024-11-10T16:01:31.882Z"));
    assertThat(a.networkId()).isEqualTo("5987a50d-f548-453d-a186-dd9b1ebdf411");
    assertThat(a.ipv4s()).containsExactly("192.168.122.1", "172.26.114.163");
    assertThat(a.hostnames()).containsExactly("kashyapagent1");
    assertThat(a.networkInterfaces())
        .singleElement()
        .satisfies(n -> assertThat(n.name()).isEqualTo("catch_all_interface"));
    assertThat(a.types()).containsExactly("host");
    assertThat(a.isLicensed()).isTrue();
    assertThat(a.isPublic()).isFalse();
    assertThat(a.acrScore()).isEqualTo(9.0);
    assertThat(a.exposureScore()).isEqualTo(744.0);
    assertThat(a.raw()).isSameAs(record);
    assertThat(
            TenableAsset.flattenV2(
                    json(
                        "{'cloud': {'aws': {'ec2_instance_id': 'i-1',"
                            + " 'region': 'eu-west-1'}, 'azure': {'vm_id': 'vm'}}, 'third_party_ids':"
                            + " {'servicenow_sysid': 'sn'}}"))
                .toString())
        .isEqualTo(
            json("{'aws_ec2_instance_id': 'i-1', 'aws_region': 'eu-west-1',"
                    + " 'azure_vm_id': 'vm', 'servicenow_sysid': 'sn'}")
                .toString());
  }

  @Test
  void everyRecordOfTenablesOwnExamplesIsReadAndNoneSetAside() throws Exception {
    for (var record :
        JSON.readTree(getClass().getResourceAsStream("/spec/openapi-vuln-chunk.json"))) {
      TenableFinding f = TenableFinding.from((ObjectNode) record);
      assertThat(f.asset().uuid()).isNotEmpty();
    }
    var v1 = JSON.readTree(getClass().getResourceAsStream("/spec/openapi-asset-v1-chunk.json"));
    assertThat(v1).hasSize(2);
    for (var record : v1) {
      assertThat(TenableAsset.from((ObjectNode) record).id()).isNotEmpty();
    }
    // Its first record's last_scan_time is "2018-02-31T22:27:52.869Z": the day rolls over.
    assertThat(TenableAsset.from((ObjectNode) v1.get(0)).lastScanTime())
        .isEqualTo(Instant.parse("2018-03-03T22:27:52.869Z"));
    for (var record :
        JSON.readTree(getClass().getResourceAsStream("/spec/openapi-asset-v2-chunk.json"))) {
      assertThat(TenableAsset.fromV2((ObjectNode) record).id()).isNotEmpty();
    }
  }

  @Test
  void shouldReadCrossReferencesAsObjectsOrAsTheStringsTenablesSchemaDescribes() throws Exception {
    TenableFinding f =
        TenableFinding.from(
            json(
                "{'plugin': {'xrefs': [{'type': 'IAVA', 'id':"
                    + " '2022-A-0007-S'}, 'FEDORA:2003-047', 'MSKB 5002113', 'plain']}}"));

    assertThat(f.plugin().xrefs())
        .containsExactly(
            new TenableFinding.Xref("IAVA", "2022-A-0007-S"),
                new TenableFinding.Xref("FEDORA", "2003-047"),
            new TenableFinding.Xref("MSKB", "5002113"), new TenableFinding.Xref(null, "plain"));
  }
}

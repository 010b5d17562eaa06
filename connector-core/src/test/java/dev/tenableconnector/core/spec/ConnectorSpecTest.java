package dev.tenableconnector.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.client.export.Severity;
import dev.tenableconnector.core.spec.Setting.Surface;
import dev.tenableconnector.core.sync.Preset;
import dev.tenableconnector.core.sync.Scope;
import dev.tenableconnector.core.sync.SyncSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings table and its one validator, as the command line and the API both use it. */
class ConnectorSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, JsonNode> input(String json) throws Exception {
    return SpecValues.inputOf(JSON.readTree(json));
  }

  @Test
  void theDefaultsAreWhatSyncSettingsDefaultsAre() {
    SyncSettings fromSpec =
        ConnectorSpec.defaults().syncSettings(SyncSettings.DEFAULT_CONNECTOR, "https://x", false);
    assertThat(fromSpec).isEqualTo(SyncSettings.defaults("https://x"));
    assertThat(ConnectorSpec.defaults().retryFor()).isEqualTo(Duration.ofMinutes(10));
    assertThat(ConnectorSpec.defaults().parallelChunks()).isEqualTo(2);
  }

  @Test
  void everySettingHasOneKeyOneFlagAHelpTextAndADefaultThatValidates() {
    var keys = new HashSet<String>();
    var flags = new HashSet<String>();
    for (Setting s : ConnectorSpec.all()) {
      assertThat(keys.add(s.key())).as(s.key()).isTrue();
      assertThat(flags.add(s.cliFlag())).as(s.cliFlag()).isTrue();
      assertThat(s.cliFlag()).startsWith("--");
      assertThat(s.doc()).as(s.key()).isNotBlank().endsWith(".");
      if (s.defaultValue() != null) {
        var one =
            ConnectorSpec.validate(
                Map.of(s.key(), JSON.getNodeFactory().textNode(s.defaultValue())), Surface.API);
        assertThat(one.problems()).as(s.key()).isEmpty();
        assertThat(one.warnings()).as(s.key()).isEmpty();
      }
    }
  }

  @Test
  void theCommandLineAndTheApiReadTheSameValuesAlike() throws Exception {
    Map<String, JsonNode> cli = new LinkedHashMap<>();
    cli.put("dataToSync", JSON.getNodeFactory().textNode("assets-and-findings"));
    cli.put("preset", JSON.getNodeFactory().textNode("exposure-management"));
    cli.put("filters.severities", JSON.valueToTree(List.of("high", "critical")));
    cli.put(
        "filters.tags", JSON.valueToTree(List.of("Location=Lisbon", "Location=Porto", "Env=Prod")));
    cli.put("filters.cidr", JSON.getNodeFactory().textNode("10.0.0.0/8"));
    cli.put("overlap", JSON.getNodeFactory().textNode("30m"));
    cli.put("assetsPerVulnChunk", JSON.getNodeFactory().textNode("50"));
    var fromCli = ConnectorSpec.validate(cli, Surface.CLI);
    var fromApi =
        ConnectorSpec.validate(
            input(
                "{\"dataToSync\": \"ASSETS_AND_FINDINGS\", \"preset\": \"EXPOSURE_MANAGEMENT\","
                    + " \"filters\": {\"severities\": [\"CRITICAL\", \"HIGH\"], \"tags\": {\"Location\": [\"Lisbon\", \"Porto\"],"
                    + " \"Env\": [\"Prod\"]}, \"cidr\": \"10.0.0.0/8\"}, \"overlap\": \"PT30M\", \"assetsPerVulnChunk\": 50}"),
            Surface.API);
    assertThat(fromCli.problems()).isEmpty();
    assertThat(fromApi.problems()).isEmpty();
    assertThat(fromCli.values()).isEqualTo(fromApi.values());
    SyncSettings s = fromApi.values().syncSettings("prod", "https://cloud.tenable.com", false);
    assertThat(s.scope()).isEqualTo(Scope.ASSETS_AND_FINDINGS);
    assertThat(s.preset()).isEqualTo(Preset.EXPOSURE_MANAGEMENT);
    assertThat(s.filters().severities())
        .containsExactlyInAnyOrder(Severity.HIGH, Severity.CRITICAL);
    assertThat(s.filters().tags()).containsEntry("Location", List.of("Lisbon", "Porto"));
    assertThat(s.overlap()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.vulnNumAssets()).isEqualTo(50);
    // and what the API shows reads back as the same values
    assertThat(
            ConnectorSpec.validate(SpecValues.inputOf(fromApi.values().toJson()), Surface.API)
                .values())
        .isEqualTo(fromApi.values());
  }

  @Test
  void everyProblemIsNamedAtOnceAsTheSurfaceSpellsTheSetting() throws Exception {
    String bad =
        "{\"dataToSync\": \"everything\", \"filters\": {\"severities\": [\"urgent\"], \"cidr\": \"10.0.0.0\","
            + " \"networkId\": \"net-1\", \"tags\": {\"Env\": []}}, \"assetsPerChunk\": 50, \"parallelChunks\": \"many\","
            + " \"overlap\": \"soon\", \"retryFor\": \"2d\"}";
    var api = ConnectorSpec.validate(input(bad), Surface.API);
    assertThat(api.valid()).isFalse();
    assertThat(api.values()).isNull();
    assertThat(api.problems())
        .containsExactly(
            "dataToSync: must be ASSETS_AND_FINDINGS or ASSETS, not 'everything'",
            "filters.severities: 'urgent' is not one of INFO, LOW, MEDIUM, HIGH or CRITICAL",
            "filters.tags.Env: needs at least one value",
            "filters.networkId: 'net-1' is not a Tenable network UUID",
            "filters.cidr: '10.0.0.0' is not an IP range such as 10.0.0.0/8",
            "assetsPerChunk: must be 100-10000, not 50",
            "overlap: 'soon' is not a duration such as 30s, 15m, 2h or 1d",
            "retryFor: must be 1s-1d, not 2d",
            "parallelChunks: must be a whole number 1-8, not 'many'");
    Map<String, JsonNode> cli =
        Map.of(
            "dataToSync",
            JSON.getNodeFactory().textNode("everything"),
            "filters.cidr",
            JSON.getNodeFactory().textNode("10.0.0.0"));
    assertThat(ConnectorSpec.validate(cli, Surface.CLI).problems())
        .containsExactly(
            "--scope: must be assets-and-findings or assets, not 'everything'",
            "--cidr: '10.0.0.0' is not an IP range such as 10.0.0.0/8");
  }

  @Test
  void unwiseValuesAreClampedWithOneWarningNamingTheSetting() throws Exception {
    var r =
        ConnectorSpec.validate(input("{\"retryFor\": \"5s\", \"overlap\": \"3d\"}"), Surface.API);
    assertThat(r.problems()).isEmpty();
    assertThat(r.warnings())
        .containsExactly("overlap: 3d is lowered to 1d", "retryFor: 5s is raised to 30s");
    assertThat(r.values().retryFor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.values().overlap()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void tagFiltersNeedTheV1AssetExport() throws Exception {
    var r =
        ConnectorSpec.validate(
            input("{\"assetExport\": \"v2\", \"filters\": {\"tags\": {\"Env\": [\"Prod\"]}}}"),
            Surface.API);
    assertThat(r.problems())
        .containsExactly(
            "filters.tags needs assetExport V1: Tenable's v2 asset export has no tag filter");
  }
}

package dev.tenableconnector.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.EstateSettings;
import dev.tenableconnector.emulator.data.FindingState;
import dev.tenableconnector.emulator.data.Platform;
import dev.tenableconnector.emulator.data.Plugin;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The synthetic estate looks like a real one: a host carries findings of software its platform and
 * role run, dates fall in the order disclosure, patch, plugin, first found, and the threat scores
 * follow exploitability as they do in real data.
 */
class PlausibleEstateTest {
  private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
  private final SyntheticEstate estate = new SyntheticEstate(EstateSettings.of(42, 3000, 20), NOW);

  private static JsonNode json(Plugin p) {
    try {
      return Http.JSON.readTree(p.json());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void hostsCarryOnlyFindingsForTheirPlatformAndRole() {
    SyntheticEstate.View view = estate.view();
    int ubuntuWebServers = 0;
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState a = view.asset(i);
      Platform platform = a.identity().platform();
      for (FindingState f : view.findings(a)) {
        String family = f.plugin().family();
        String name = f.plugin().name();
        assertThat(f.plugin().appliesTo(platform, a.identity().role())).as(name).isTrue();
        if (platform != Platform.WINDOWS) {
          assertThat(name).doesNotContain("Microsoft SQL Server").doesNotContain("Windows");
          assertThat(family).doesNotStartWith("Windows");
        }
        if (platform != Platform.UBUNTU) {
          assertThat(family).isNotEqualTo("Ubuntu Local Security Checks");
        }
        if (platform != Platform.CISCO_IOS) {
          assertThat(name).doesNotContain("Cisco IOS XE");
        }
      }
      if (platform == Platform.UBUNTU && "web".equals(a.identity().role())) {
        ubuntuWebServers++;
      }
    }
    assertThat(ubuntuWebServers).isPositive();
  }

  @Test
  void disclosurePatchPluginAndFirstFoundComeInThatOrder() {
    for (Plugin p : estate.plugins().all()) {
      JsonNode n = json(p);
      Instant published = Instant.parse(n.path("publication_date").asText());
      assertThat(published).isBefore(NOW).isEqualTo(p.published());
      if (n.has("vuln_publication_date")) {
        Instant disclosed = Instant.parse(n.path("vuln_publication_date").asText());
        Instant patched = Instant.parse(n.path("patch_publication_date").asText());
        assertThat(disclosed).isBeforeOrEqualTo(patched);
        assertThat(patched).isBefore(published);
        int year = disclosed.atZone(java.time.ZoneOffset.UTC).getYear();
        assertThat(n.path("cve").get(0).asText()).startsWith("CVE-" + year + "-");
        assertThat(n.has("cvss4_base_score"))
            .as("CVSS v4 on CVEs from 2023 on only")
            .isEqualTo(year >= 2023);
      }
    }
    SyntheticEstate.View view = estate.view();
    for (int i = 0; i < view.assetCount(); i++) {
      for (FindingState f : view.findings(view.asset(i))) {
        assertThat(f.firstFound()).isAfterOrEqualTo(f.plugin().published());
      }
    }
  }

  @Test
  void epssAndVprRiseWithExploitability() {
    List<Double> exploitEpss = new ArrayList<>();
    List<Double> otherEpss = new ArrayList<>();
    List<Double> exploitVpr = new ArrayList<>();
    List<Double> otherVpr = new ArrayList<>();
    int kev = 0;
    for (Plugin p : estate.plugins().all()) {
      JsonNode n = json(p);
      if (!n.has("epss_score")) {
        continue;
      }
      boolean exploit = n.path("exploit_available").asBoolean();
      (exploit ? exploitEpss : otherEpss).add(n.path("epss_score").asDouble());
      if (n.has("vpr_v2")) {
        (exploit ? exploitVpr : otherVpr).add(n.path("vpr_v2").path("score").asDouble());
        if (n.path("vpr_v2").path("on_cisa_kev").asBoolean()) {
          kev++;
          assertThat(exploit).as("only exploited vulnerabilities are on KEV").isTrue();
          assertThat(n.path("vpr_v2").path("score").asDouble())
              .as("KEV weighs in VPR v2")
              .isGreaterThanOrEqualTo(7.5);
        }
      }
    }
    assertThat(median(otherEpss)).as("EPSS without a public exploit, percent").isLessThan(1.0);
    assertThat(median(exploitEpss)).isGreaterThan(10 * median(otherEpss));
    assertThat(median(exploitVpr)).isGreaterThan(median(otherVpr) + 1.0);
    assertThat(exploitEpss).allSatisfy(e -> assertThat(e).isBetween(0.0, 100.0));
    assertThat(kev).isPositive();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}

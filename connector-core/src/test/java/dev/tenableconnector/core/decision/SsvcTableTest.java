package dev.tenableconnector.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.NormalizedRecord;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bundled SSVC table is CISA's, unchanged, and every one of its rows is reached from a finding
 * whose inputs are that row's: a KEV entry or Tenable's exploit flag, a CVSS vector, an asset's
 * ACR.
 */
class SsvcTableTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void theBundledTableIsThePublishedFileByteForByte() throws Exception {
    try (InputStream in = Ssvc.class.getResourceAsStream(Ssvc.RESOURCE)) {
      byte[] bytes = in.readAllBytes();
      // SHA-256 of CERT/CC's data/csv/cisa/cisa_coordinator_2_0_3.csv
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
          .isEqualTo("b8ab4ac8739b9eb0e1f90e67f7de4a03485fe4070bc1b3d2397be3dd3e2a478d");
    }
    assertThat(Ssvc.table().rows()).hasSize(36);
    assertThat(Ssvc.class.getResource("/decision/ssvc/LICENSE")).isNotNull();
  }

  static Stream<Ssvc.Row> rows() {
    return Ssvc.table().rows().stream();
  }

  @ParameterizedTest(name = "row {0}")
  @MethodSource("rows")
  void eachRowIsTheDecisionOfAFindingWithItsInputs(Ssvc.Row row) {
    NormalizedRecord f = new NormalizedRecord(Entity.FINDING);
    f.set("externalFindingId", "f-" + row.number());
    f.set("findingSeverity", 4L);
    f.set("findingStatus", "OPEN");
    f.set("findingFirstFoundOn", NOW.minusSeconds(86_400));
    f.set("cveId", List.of("CVE-2024-0001"));
    Map<String, ThreatFacts.KevEntry> kev = Map.of();
    switch (row.exploitation()) {
      case ACTIVE ->
          kev =
              Map.of(
                  "CVE-2024-0001",
                  new ThreatFacts.KevEntry("CVE-2024-0001", "2024-05-01", "2024-05-22"));
      case PUBLIC_POC -> f.set("isExploitAvailable", true);
      case NONE -> f.set("isExploitAvailable", false);
    }
    f.set(
        "cvss3Vector",
        "CVSS:3.1/AV:"
            + (row.automatable() == Ssvc.Automatable.YES ? "N" : "L")
            + "/AC:L/PR:N/UI:N/S:U/C:H/I:"
            + (row.technicalImpact() == Ssvc.TechnicalImpact.TOTAL ? "H" : "L")
            + "/A:H");
    double acr =
        switch (row.missionImpact()) {
          case LOW -> 2;
          case MEDIUM -> 5;
          case HIGH -> 9;
        };
    ThreatFacts feeds =
        new ThreatFacts(
            kev, new ThreatFacts.Snapshot(1, "2026.12.01", "2026-12-01", "x"), Map.of(), null);
    FindingInsight insight =
        new InsightRules(RemediationPolicy.defaults(), feeds, Ssvc.table()).of(f, null, null, acr);

    assertThat(insight.priority()).isEqualTo(row.decision());
    assertThat(insight.priorityReason())
        .startsWith(
            row.decision().name() + ": SSVC CISA Coordinator 2.0.3 row " + row.number() + " ")
        .contains("asset ACR " + (int) acr);
    assertThat(insight.inKev()).isEqualTo(row.exploitation() == Ssvc.Exploitation.ACTIVE);
    if (insight.inKev()) {
      assertThat(insight.kevDateAdded()).isEqualTo("2024-05-01");
      assertThat(insight.kevDueDate()).isEqualTo("2024-05-22");
      assertThat(insight.priorityReason()).contains("catalogue 2026.12.01 of 2026-12-01");
    }
  }

  @Test
  void tenablesOwnExploitSignalsAndVectorlessFindingsDecideToo() {
    NormalizedRecord f = new NormalizedRecord(Entity.FINDING);
    f.set("findingSeverity", 5L);
    f.set("onCisaKev", true);
    f.set("cvss4Vector", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
    InsightRules rules =
        new InsightRules(RemediationPolicy.defaults(), ThreatFacts.none(), Ssvc.table());
    FindingInsight withoutAcr = rules.of(f, null, null, null);
    // active, automatable, total, and medium for an asset without ACR: row 34, ACT
    assertThat(withoutAcr.priority()).isEqualTo(Ssvc.Decision.ACT);
    assertThat(withoutAcr.priorityReason())
        .contains("row 34", "Tenable marks it as on CISA's KEV", "CVSS v4", "has no ACR");

    NormalizedRecord bare = new NormalizedRecord(Entity.FINDING);
    bare.set("findingSeverity", 1L);
    FindingInsight none = rules.of(bare, null, null, 9.0);
    assertThat(none.priority()).isEqualTo(Ssvc.Decision.TRACK);
    assertThat(none.priorityReason()).contains("row 2", "no CVSS vector to judge from");
    assertThat(none.slaDue()).as("info has no SLA by default").isNull();
    assertThat(none.slaStatus(NOW)).isNull();
  }

  @Test
  void cvssVectorsOfEachVersionAreRead() {
    assertThat(CvssVector.parse("CVSS2#AV:N/AC:L/Au:N/C:C/I:C/A:C"))
        .satisfies(
            v -> {
              assertThat(v.version()).isEqualTo(2);
              assertThat(v.automatable()).isTrue();
              assertThat(v.totalImpact()).isTrue();
            });
    assertThat(CvssVector.parse("AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H").automatable()).isFalse();
    assertThat(CvssVector.parse("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H").automatable())
        .isFalse();
    assertThat(CvssVector.parse("E:U/RL:O/RC:C")).as("a temporal vector has no base").isNull();
    assertThat(CvssVector.parse("")).isNull();
  }
}

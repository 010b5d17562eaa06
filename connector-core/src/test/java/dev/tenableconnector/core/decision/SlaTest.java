package dev.tenableconnector.core.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FindingSeverity;
import dev.tenableconnector.core.model.NormalizedRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** SLA windows and statuses by the remediation policy, and the policy file's checks. */
class SlaTest {
  private static final Instant FOUND = Instant.parse("2026-01-01T00:00:00Z");

  private static FindingInsight insight(
      RemediationPolicy policy, long severity, String status, Instant resurfaced, Instant fixed) {
    NormalizedRecord f = new NormalizedRecord(Entity.FINDING);
    f.set("findingSeverity", severity);
    f.set("findingStatus", status);
    f.set("findingFirstFoundOn", FOUND);
    f.set("findingResurfacedOn", resurfaced);
    f.set("findingFixedOn", fixed);
    f.set("vulnPublishedOn", FOUND.minus(Duration.ofDays(100)));
    return new InsightRules(policy, ThreatFacts.none(), Ssvc.table())
        .of(f, resurfaced, "FIXED".equals(status) ? fixed : null, null);
  }

  @Test
  void theDefaultPolicyGivesCriticalSevenDaysFromFirstFoundAndWarnsAtEightyPercent() {
    RemediationPolicy p = RemediationPolicy.defaults();
    assertThat(p.days(FindingSeverity.CRITICAL)).isEqualTo(7);
    assertThat(p.days(FindingSeverity.HIGH)).isEqualTo(30);
    assertThat(p.days(FindingSeverity.MEDIUM)).isEqualTo(60);
    assertThat(p.days(FindingSeverity.LOW)).isEqualTo(180);
    assertThat(p.days(FindingSeverity.INFO)).isNull();

    FindingInsight open = insight(p, 5, "OPEN", null, null);
    assertThat(open.slaDue()).isEqualTo(FOUND.plus(Duration.ofDays(7)));
    assertThat(open.slaStatus(FOUND.plus(Duration.ofDays(5)))).isEqualTo(SlaStatus.WITHIN);
    assertThat(open.slaStatus(FOUND.plus(Duration.ofHours(135)))).isEqualTo(SlaStatus.APPROACHING);
    assertThat(open.slaStatus(FOUND.plus(Duration.ofDays(7)))).isEqualTo(SlaStatus.BREACHED);

    FindingInsight fixedInTime = insight(p, 4, "FIXED", null, FOUND.plus(Duration.ofDays(30)));
    assertThat(fixedInTime.slaStatus(Instant.MAX)).isEqualTo(SlaStatus.CLOSED_IN_SLA);
    FindingInsight fixedLate = insight(p, 4, "FIXED", null, FOUND.plus(Duration.ofDays(31)));
    assertThat(fixedLate.slaStatus(Instant.MAX)).isEqualTo(SlaStatus.CLOSED_LATE);
  }

  @Test
  void theClockCanStartAtTheEpisodeOrAtPublication() {
    String episode =
        RemediationPolicy.defaults()
            .json()
            .replace("\"FIRST_FOUND\"", "\"EPISODE_START\"")
            .replace("\"default\"", "\"episodes\"");
    RemediationPolicy byEpisode = RemediationPolicy.parse(episode, "test");
    Instant reopened = FOUND.plus(Duration.ofDays(100));
    assertThat(insight(byEpisode, 5, "REOPENED", reopened, null).slaDue())
        .isEqualTo(reopened.plus(Duration.ofDays(7)));
    RemediationPolicy byPublication =
        RemediationPolicy.parse(episode.replace("EPISODE_START", "PUBLISHED"), "test");
    assertThat(insight(byPublication, 5, "OPEN", null, null).slaDue())
        .isEqualTo(FOUND.minus(Duration.ofDays(93)));
  }

  @Test
  void aBadPolicyFileIsRefusedWithEveryProblemNamed() {
    String bad =
        "{\"sla\": {\"clockStart\": \"WHENEVER\", \"days\": {\"critical\": 0, \"urgent\": 3},"
            + " \"approachingAt\": 2}, \"missionImpact\": {\"lowUpTo\": 8, \"mediumUpTo\": 7,"
            + " \"withoutAcr\": \"huge\"}, \"colour\": \"red\"}";
    assertThatThrownBy(() -> RemediationPolicy.parse(bad, "policy.json"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(String.join("\n", e.problems()))
                    .contains(
                        "'name' is missing",
                        "unknown key 'colour'",
                        "sla.clockStart must be FIRST_FOUND, EPISODE_START or PUBLISHED",
                        "sla.days.critical must be a whole number of days 1-3650",
                        "unknown key 'sla.days.urgent'",
                        "sla.approachingAt must be a number between 0 and 1",
                        "missionImpact.lowUpTo must be below missionImpact.mediumUpTo",
                        "missionImpact.withoutAcr must be low, medium or high"));
    assertThatThrownBy(() -> RemediationPolicy.parse("{not json", "p.json"))
        .hasMessageContaining("p.json: is not valid JSON");
  }
}

package dev.tenableconnector.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenableconnector.emulator.fault.FaultPlan;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultRuleTest {

  @Test
  void shouldReadTheCompactForm() {
    FaultRule rule = FaultRule.parse("chunk:503:times=2:after=1:export=vulns");

    assertThat(rule.target()).isEqualTo(FaultRule.Target.CHUNK);
    assertThat(rule.kind()).isEqualTo(FaultRule.Kind.HTTP);
    assertThat(rule.status()).isEqualTo(503);
    assertThat(rule.times()).isEqualTo(2);
    assertThat(rule.after()).isEqualTo(1);
    assertThat(rule.exportType()).isEqualTo("vulns");
    assertThat(rule).hasToString("chunk:503:times=2:after=1:export=vulns");
    assertThat(FaultRule.parse("job:slow:queued=3s:interval=250ms").option("interval", ""))
        .isEqualTo("250ms");
    assertThat(FaultRule.parse("records:missing-keys:every=5").times()).isZero();
  }

  @Test
  void shouldNameWhatIsWrong() {
    assertThatThrownBy(() -> FaultRule.parse("chunks:503")).hasMessageContaining("unknown target");
    assertThatThrownBy(() -> FaultRule.parse("chunk:explode")).hasMessageContaining("unknown kind");
    assertThatThrownBy(() -> FaultRule.parse("status:truncate"))
        .hasMessageContaining("truncate, malformed, stall and revised apply to chunks only");
    assertThatThrownBy(() -> FaultRule.parse("chunk:error"))
        .hasMessageContaining("go with target job");
    assertThatThrownBy(() -> FaultRule.parse("chunk:503:times=x:export=both"))
        .hasMessageContaining("times must be a whole number")
        .hasMessageContaining("export must be assets or vulns");
    assertThatThrownBy(() -> FaultRule.parse("chunk:200")).hasMessageContaining("4xx or 5xx");
  }

  @Test
  void shouldFireAfterSkippingAndStopAfterItsTimes() {
    FaultPlan plan = new FaultPlan();
    plan.add(FaultRule.parse("status:500:times=2:after=1"));

    assertThat(plan.fire(FaultRule.Target.STATUS, "vulns")).isEmpty();
    assertThat(plan.fire(FaultRule.Target.STATUS, "vulns")).isPresent();
    assertThat(plan.fire(FaultRule.Target.CHUNK, "vulns")).isEmpty();
    assertThat(plan.fire(FaultRule.Target.STATUS, "assets")).isPresent();
    assertThat(plan.fire(FaultRule.Target.STATUS, "vulns")).isEmpty();
  }

  @Test
  void shouldReadDurations() {
    assertThat(FaultRule.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(FaultRule.duration("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(FaultRule.duration("24h")).isEqualTo(Duration.ofHours(24));
    assertThatThrownBy(() -> FaultRule.duration("soon")).hasMessageContaining("not a duration");
  }
}

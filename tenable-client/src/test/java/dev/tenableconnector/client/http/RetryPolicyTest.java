package dev.tenableconnector.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @RepeatedTest(20)
  void shouldGrowBackoffExponentiallyWithinJitterAndCap() {
    RetryPolicy policy =
        new RetryPolicy(
            10, Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.25, Duration.ofMinutes(5));
    assertThat(policy.backoff(1).toMillis()).isBetween(750L, 1250L);
    assertThat(policy.backoff(2).toMillis()).isBetween(1500L, 2500L);
    assertThat(policy.backoff(3).toMillis()).isBetween(3000L, 5000L);
    assertThat(policy.backoff(8).toMillis()).isBetween(7500L, 10000L);
  }

  @Test
  void shouldReportEveryInvalidSettingAtOnce() {
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    0,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1),
                    0.5,
                    2.0,
                    Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts")
        .hasMessageContaining("maxBackoff")
        .hasMessageContaining("multiplier")
        .hasMessageContaining("jitter")
        .hasMessageContaining("deadline");
  }
}

package dev.tenableconnector.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseOutcomeTableTest {

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "200, OK",
    "204, OK",
    "429, RATE_LIMITED",
    "420, RATE_LIMITED",
    "500, RETRY",
    "502, RETRY",
    "503, RETRY",
    "504, RETRY",
    "401, AUTHENTICATION",
    "403, PERMISSION",
    "404, NOT_FOUND",
    "409, CONFLICT",
    "400, BAD_REQUEST",
    "405, FAIL",
    "406, FAIL",
    "413, FAIL",
    "415, FAIL",
    "501, FAIL",
    "302, FAIL"
  })
  void shouldMapEveryStatusToOneOutcome(int status, ResponseOutcome outcome) {
    assertThat(ResponseOutcome.of(status)).isEqualTo(outcome);
  }
}

package dev.tenableconnector.core.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.export.ExportOutcome;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** One row per cause: its exit code, HTTP status and whether a later retry may help. */
class ErrorCodeTest {
  @ParameterizedTest(name = "{0}: exit {1}, HTTP {2}, retriable {3}")
  @CsvSource({
    "AUTHENTICATION, 3, 422, false",
    "PERMISSION, 3, 422, false",
    "CONFLICT, 1, 502, true",
    "RATE_LIMITED, 1, 502, true",
    "NETWORK, 1, 502, true",
    "SERVER_ERROR, 1, 502, true",
    "BAD_REQUEST, 1, 502, false",
    "NOT_FOUND, 1, 502, true",
    "UNEXPECTED_RESPONSE, 1, 502, false",
    "EXPORT_EXPIRED, 1, 502, true",
    "EXPORT_ERROR, 1, 502, true",
    "EXPORT_CHUNKS_FAILED, 1, 502, true",
    "EXPORT_BROKEN_CHUNK, 1, 502, true",
    "EXPORT_CANCELLED, 1, 502, true",
    "EXPORT_TIMED_OUT, 1, 504, true",
    "STORE, 1, 503, true",
    "KEYS, 2, 422, false",
    "CANCELLED, 1, 409, false",
    "LOCKED, 4, 409, true",
    "INVALID_INPUT, 2, 400, false",
    "INTERNAL, 1, 500, false"
  })
  void eachCauseHasItsExitCodeStatusAndRetryAdvice(
      ErrorCode code, int exit, int status, boolean retriable) {
    assertThat(code.exitCode()).isEqualTo(exit);
    assertThat(code.httpStatus()).isEqualTo(status);
    assertThat(code.retriable()).isEqualTo(retriable);
    assertThat(code.cause()).isNotBlank().endsWith(".");
    assertThat(code.remedy()).isNotBlank().endsWith(".");
    assertThat(ErrorCode.parse(code.name().toLowerCase())).isEqualTo(code);
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void theTableAboveHasARowForEveryCode(ErrorCode code) throws Exception {
    var rows =
        ErrorCodeTest.class
            .getDeclaredMethod(
                "eachCauseHasItsExitCodeStatusAndRetryAdvice",
                ErrorCode.class,
                int.class,
                int.class,
                boolean.class)
            .getAnnotation(CsvSource.class)
            .value();
    assertThat(Arrays.stream(rows).map(r -> r.split(",")[0].strip()).collect(Collectors.toSet()))
        .contains(code.name());
  }

  @ParameterizedTest
  @EnumSource(TenableError.class)
  void everyClientErrorMapsToTheCodeOfTheSameName(TenableError error) {
    assertThat(ErrorCode.of(error).name()).isEqualTo(error.name());
  }

  @ParameterizedTest
  @EnumSource(ExportOutcome.class)
  void everyExportOutcomeButCompletedIsACause(ExportOutcome outcome) {
    if (outcome == ExportOutcome.COMPLETED) {
      assertThat(ErrorCode.of(outcome)).isNull();
    } else {
      assertThat(ErrorCode.of(outcome).name()).isEqualTo("EXPORT_" + outcome.name());
    }
  }

  @org.junit.jupiter.api.Test
  void aCodeNoLongerKnownReadsAsInternal() {
    assertThat(ErrorCode.parse("SOMETHING_NEWER")).isEqualTo(ErrorCode.INTERNAL);
    assertThat(ErrorCode.parse(null)).isEqualTo(ErrorCode.INTERNAL);
  }
}

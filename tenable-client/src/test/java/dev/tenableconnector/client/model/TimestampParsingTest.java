package dev.tenableconnector.client.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampParsingTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2025-02-01T22:07:13.508Z, 2025-02-01T22:07:13.508Z",
    "2018-03-14T20:43:32Z, 2018-03-14T20:43:32Z",
    "2024-02-29T00:00:00.1Z, 2024-02-29T00:00:00.100Z",
    "2022-05-28T15:11:31.175123456Z, 2022-05-28T15:11:31.175123456Z",
    "2025-02-01T22:07:13+01:00, 2025-02-01T21:07:13Z",
    "2025-02-01T22:07:13, 2025-02-01T22:07:13Z",
    "2025-02-01, 2025-02-01T00:00:00Z",
    "1654275509, 2022-06-03T16:58:29Z",
    "1654275509177, 2022-06-03T16:58:29.177Z",
    // A day past the month's end rolls over: Tenable's own example record has 2018-02-31.
    "2018-02-31T22:27:52.869Z, 2018-03-03T22:27:52.869Z",
    "2025-02-30T00:00:00Z, 2025-03-02T00:00:00Z"
  })
  void shouldReadTheFormsTenableSends(String text, String expected) {
    assertThat(LenientJson.parseInstant(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "2025-02-32T00:00:00Z",
        "2025-13-01T00:00:00Z",
        "2025-02-01T24:00:00Z",
        "2025-02-01T22:07:13.1234567891Z",
        "yesterday",
        "2025-02-01T22:07:1xZ"
      })
  void shouldRefuseWhatIsNotATimestamp(String text) {
    assertThat(LenientJson.parseInstant(text)).isNull();
  }
}

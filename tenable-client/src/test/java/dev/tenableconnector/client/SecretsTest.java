package dev.tenableconnector.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tenableconnector.client.export.AssetExportRequest;
import dev.tenableconnector.client.export.ExportListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Keys never reach logs, exception messages or string forms; requests are logged with their id. */
class SecretsTest {
  private static final String ACCESS = "ACCESS-4f1e9d9b0c2b7e6a1d33";
  private static final String SECRET = "SECRET-9a8b7c6d5e4f3a2b1c0d";

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void captureLogs() {
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void release() {
    root.detachAppender(logs);
  }

  @Test
  void shouldKeepKeysOutOfLogsErrorsAndStrings() {
    List<String> texts = new ArrayList<>();
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.keys(ACCESS, SECRET).fault("status:503:times=2").fault("chunk:truncate"),
            c -> c.keys(new ApiKeys(ACCESS, SECRET)))) {
      f.client.session();
      f.client.export(
          AssetExportRequest.builder().chunkSize(100).build(),
          chunk -> chunk.read(a -> {}),
          ExportListener.NONE);
      texts.add(f.client.config().toString());
      texts.add(f.client.config().keys().toString());
    }
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.keys("other", "keys"), c -> c.keys(new ApiKeys(ACCESS, SECRET)))) {
      assertThatThrownBy(f.client::session)
          .satisfies(
              e -> {
                texts.add(e.getMessage());
                texts.add(e.toString());
              });
    }
    logs.list.forEach(
        event -> {
          texts.add(event.getFormattedMessage());
          if (event.getThrowableProxy() != null) {
            texts.add(event.getThrowableProxy().getMessage());
          }
        });

    assertThat(texts).isNotEmpty().noneMatch(t -> t != null && t.contains(SECRET));
    assertThat(texts).noneMatch(t -> t != null && t.contains(ACCESS));
    assertThat(new ApiKeys(ACCESS, SECRET).toString())
        .contains("****1d33")
        .doesNotContain("SECRET");
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(
            m ->
                m.matches(
                    "GET /session -> 200 in \\d+ ms \\(x-request-uuid [0-9a-f]{32}, attempt 1\\)"));
  }

  @Test
  void shouldRefuseKeysThatAreNotTenablesShapeWithoutQuotingThem() {
    String pasted = "\uFEFF" + SECRET;
    assertThatThrownBy(() -> new ApiKeys(ACCESS + "\u200B", pasted))
        .isInstanceOf(ApiKeys.InvalidKeys.class)
        .hasMessageContaining("access key: character " + (ACCESS.length() + 1) + " is U+200B")
        .hasMessageContaining("secret key: character 1 is U+FEFF")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(ACCESS));
    assertThatThrownBy(() -> new ApiKeys("a=b", "x;y"))
        .hasMessageContaining("'='")
        .hasMessageContaining("';'");
    assertThatThrownBy(() -> new ApiKeys(" ", null))
        .hasMessageContaining("access key is missing")
        .hasMessageContaining("secret key is missing");
  }

  @Test
  void shouldMaskBothKeysWhereverTheyAppearInAText() {
    ApiKeys keys = new ApiKeys(ACCESS, SECRET);

    assertThat(keys.redact("header accessKey=" + ACCESS + "; secretKey=" + SECRET + "; sent"))
        .doesNotContain(SECRET)
        .doesNotContain(ACCESS)
        .contains("****1d33")
        .contains("secretKey=****;");
    assertThat(keys.redact(null)).isNull();
  }
}

package dev.tenableconnector.service.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.errors.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The troubleshooting table comes from ErrorCode: in lastError, and in docs/service.md. */
class TroubleshootingTest {
  static String docsTable() {
    StringBuilder t =
        new StringBuilder(
            "| code | cause | remedy | retry may help | `sync` exit | API status |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
    for (ErrorCode c : ErrorCode.values()) {
      t.append("| `")
          .append(c.name())
          .append("` | ")
          .append(c.cause())
          .append(" | ")
          .append(c.remedy())
          .append(" | ")
          .append(c.retriable() ? "yes" : "no")
          .append(" | ")
          .append(c.exitCode())
          .append(" | ")
          .append(c.httpStatus())
          .append(" |\n");
    }
    return t.toString();
  }

  @Test
  void theDocsTableIsErrorCode() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "service.md"), StandardCharsets.UTF_8);
    assertThat(docs)
        .as("docs/service.md must hold this table (regenerate it from ErrorCode):%n%s", docsTable())
        .contains(docsTable());
  }

  @Test
  void everyCodeLooksUpToItsOwnCauseAndRemedyAndA409IsAConflict() {
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(Troubleshooting.lookup(c.name(), null))
          .isEqualTo(new Troubleshooting.Entry(c.cause(), c.remedy()));
    }
    assertThat(Troubleshooting.lookup("EXPORT_ERROR", 409).cause())
        .isEqualTo(ErrorCode.CONFLICT.cause());
  }
}

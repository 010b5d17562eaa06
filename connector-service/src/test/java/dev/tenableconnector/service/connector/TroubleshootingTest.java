package dev.tenableconnector.service.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.errors.ErrorCode;
import dev.tenableconnector.testsupport.DocsTable;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The troubleshooting table comes from ErrorCode: in lastError, and in docs/service.md. */
class TroubleshootingTest {
  static String docsTable() {
    return DocsTable.markdown(
        List.of("code", "cause", "remedy", "retry may help", "`sync` exit", "API status"),
        Arrays.stream(ErrorCode.values())
            .map(
                c ->
                    List.of(
                        "`" + c.name() + "`",
                        c.cause(),
                        c.remedy(),
                        c.retriable() ? "yes" : "no",
                        Integer.toString(c.exitCode()),
                        Integer.toString(c.httpStatus())))
            .toList());
  }

  @Test
  void theDocsTableIsErrorCode() {
    DocsTable.assertHeldBy("service.md", docsTable(), "ErrorCode");
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

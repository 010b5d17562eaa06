package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.spec.ConnectorSpec;
import dev.tenableconnector.core.spec.Setting;
import dev.tenableconnector.core.spec.SettingType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * `sync`'s options and the settings table of docs/sync.md come from ConnectorSpec, or this fails.
 */
class SpecSurfacesTest {
  /** The table docs/sync.md must hold, rendered from the spec. */
  static String docsTable() {
    StringBuilder t =
        new StringBuilder(
            "| setting (API) | `sync` flag | type | default | accepted | meaning |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
    for (Setting s : ConnectorSpec.all()) {
      String accepted =
          switch (s.type()) {
            case CHOICE, CHOICES -> String.join(", ", s.choices());
            case INTEGER -> s.min() + "-" + s.max();
            case DURATION ->
                ConnectorSpec.format(java.time.Duration.ofSeconds(s.min()))
                    + "-"
                    + ConnectorSpec.format(java.time.Duration.ofSeconds(s.max()));
            case TAGS -> "`{\"Category\": [\"Value\"]}`; `Category=Value`, repeated";
            case UUID -> "a Tenable UUID";
            case CIDR -> "IPv4 or IPv6 CIDR";
          };
      t.append("| `")
          .append(s.key())
          .append("` | `")
          .append(s.cliFlag())
          .append("` | ")
          .append(s.type().name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ")
          .append(s.defaultValue() == null ? "" : "`" + s.defaultValue() + "`")
          .append(" | ")
          .append(accepted)
          .append(" | ")
          .append(s.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return t.toString();
  }

  @Test
  void theDocsTableIsTheSpec() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "sync.md"), StandardCharsets.UTF_8);
    assertThat(docs)
        .as(
            "docs/sync.md must hold this table (regenerate it from ConnectorSpec):%n%s",
            docsTable())
        .contains(docsTable());
  }

  @Test
  void syncTakesEverySettingAsAnOptionWithItsHelpAndDefault() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream was = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(TenableConnectorCli.run("sync", "--help")).isZero();
    } finally {
      System.setOut(was);
    }
    String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    for (Setting s : ConnectorSpec.all()) {
      assertThat(help).as(s.key()).contains(s.cliFlag() + "=" + s.paramLabel());
      assertThat(help).as(s.key()).contains(SpecOptions.help(s).replaceAll("\\s+", " "));
      if (s.type() == SettingType.CHOICE) {
        assertThat(help).contains("Default: " + SpecOptions.cliWord(s.defaultValue()));
      }
    }
  }
}

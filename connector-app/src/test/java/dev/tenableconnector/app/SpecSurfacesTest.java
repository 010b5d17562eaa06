package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.spec.ConnectorSpec;
import dev.tenableconnector.core.spec.Setting;
import dev.tenableconnector.core.spec.SettingType;
import dev.tenableconnector.testsupport.DocsTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * `sync`'s options and the settings table of docs/sync.md come from ConnectorSpec, or this fails.
 */
class SpecSurfacesTest {
  /** The table docs/sync.md must hold, rendered from the spec. */
  static String docsTable() {
    java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
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
      rows.add(
          java.util.List.of(
              "`" + s.key() + "`",
              "`" + s.cliFlag() + "`",
              s.type().name().toLowerCase(java.util.Locale.ROOT),
              s.defaultValue() == null ? "" : "`" + s.defaultValue() + "`",
              accepted,
              s.doc().replace("|", "\\|")));
    }
    return DocsTable.markdown(
        java.util.List.of("setting (API)", "`sync` flag", "type", "default", "accepted", "meaning"),
        rows);
  }

  @Test
  void theDocsTableIsTheSpec() {
    DocsTable.assertHeldBy("sync.md", docsTable(), "ConnectorSpec");
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

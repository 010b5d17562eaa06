package dev.tenableconnector.kafka.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code kafka-demo} end to end, as {@code bin/tenable-connector kafka-demo} runs it: the worker
 * loads the connector from the plugin directory the build packaged (so {@code ./mvnw verify}, which
 * packages connector-kafka first, is what runs this), a full and a delta cycle, exactly once.
 */
class KafkaDemoTest {
  @Test
  void runsAFullAndADeltaCycleThroughThePackagedPluginAndStops() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        new CommandLine(new KafkaDemo())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));

    int exit =
        cli.execute(
            "--plugin-path", plugin().toString(), "--assets", "120", "--findings-per-asset", "6");

    String text = out.toString();
    assertThat(exit).as(err.toString() + text).isZero();
    long full = cycleFindings(text, 1, "FULL");
    long delta = cycleFindings(text, 2, "DELTA");
    assertThat(full).isPositive();
    assertThat(text).contains("  asset    ", "  finding  ");
    Matcher findings =
        Pattern.compile("tenable\\.findings\\s+([\\d,]+)\\s+([\\d,]+)").matcher(text);
    assertThat(findings.find()).as(text).isTrue();
    assertThat(number(findings.group(1)))
        .as("exactly once: a read_committed consumer sees each cycle's findings once")
        .isEqualTo(full + delta);
    assertThat(number(findings.group(2))).isBetween(full, full + delta);
    assertThat(err.toString()).doesNotContain("Exception");
  }

  @Test
  void refusesADirectoryThatIsNotThePlugin() {
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new KafkaDemo())
            .setErr(new PrintWriter(err, true))
            .execute("--plugin-path", "no-such-plugin");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("no-such-plugin", "is not the connector plugin");
  }

  private static Path plugin() throws Exception {
    Path built = Path.of("..", "connector-kafka", "target", "plugin");
    try (Stream<Path> dirs = Files.list(built)) {
      return dirs.filter(Files::isDirectory)
          .map(d -> d.resolve("tenable-connector-kafka"))
          .filter(Files::isDirectory)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no plugin in " + built + ": run ./mvnw verify"));
    }
  }

  private static long cycleFindings(String text, int cycle, String mode) {
    Matcher m =
        Pattern.compile(
                "cycle " + cycle + " \\(" + mode + "\\) done: [\\d,]+ assets, ([\\d,]+) findings")
            .matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return number(m.group(1));
  }

  private static long number(String digits) {
    return Long.parseLong(digits.replace(",", ""));
  }
}

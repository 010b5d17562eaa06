package dev.tenableconnector.app;

import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The `--format text|json` option of the commands that print either lines or one JSON value. */
final class TextOrJsonOption {
  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  /** Why the value given cannot be used; empty when it can. */
  Optional<String> problem() {
    String f = format.toLowerCase(Locale.ROOT);
    return f.equals("text") || f.equals("json")
        ? Optional.empty()
        : Optional.of("--format must be text or json, not '" + format + "'");
  }

  boolean json() {
    return format.equalsIgnoreCase("json");
  }
}

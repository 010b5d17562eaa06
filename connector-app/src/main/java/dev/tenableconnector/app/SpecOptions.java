package dev.tenableconnector.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.spec.ConnectorSpec;
import dev.tenableconnector.core.spec.Setting;
import dev.tenableconnector.core.spec.SettingType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Makes a command's options from {@link ConnectorSpec}'s settings, and reads them back for
 * validation.
 */
final class SpecOptions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecOptions() {}

  /** Adds one option per setting, with its flag, label, help and default taken from the table. */
  static void addTo(CommandSpec command) {
    for (Setting s : ConnectorSpec.all()) {
      OptionSpec.Builder option =
          OptionSpec.builder(s.cliFlag()).paramLabel(s.paramLabel()).description(help(s));
      if (s.repeatable()) {
        option.type(List.class).auxiliaryTypes(String.class);
        if (s.type() == SettingType.CHOICES) {
          option.splitRegex(",");
        }
      } else {
        option.type(String.class);
      }
      command.addOption(option.build());
    }
  }

  /** The settings the user gave, by key (the rest take the table's defaults). */
  static Map<String, JsonNode> given(CommandSpec command) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    var parsed = command.commandLine().getParseResult();
    for (Setting s : ConnectorSpec.all()) {
      if (parsed != null && parsed.hasMatchedOption(s.cliFlag())) {
        Object value = command.findOption(s.cliFlag()).getValue();
        out.put(s.key(), JSON.valueToTree(value));
      }
    }
    return out;
  }

  /** The help line: the setting's doc, its choices and default as the command line writes them. */
  static String help(Setting s) {
    StringBuilder text = new StringBuilder(s.doc());
    if (!s.choices().isEmpty()) {
      text.append(" One of: ")
          .append(String.join(", ", s.choices().stream().map(SpecOptions::cliWord).toList()))
          .append('.');
    }
    if (s.repeatable()) {
      text.append(
          s.type() == SettingType.CHOICES ? " Comma-separated or repeated." : " Repeatable.");
    }
    if (s.defaultValue() != null) {
      text.append(" Default: ")
          .append(s.choices().isEmpty() ? s.defaultValue() : cliWord(s.defaultValue()))
          .append('.');
    }
    return text.toString();
  }

  /** A choice as the command line spells it: {@code assets-and-findings}. */
  static String cliWord(String choice) {
    return choice.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}

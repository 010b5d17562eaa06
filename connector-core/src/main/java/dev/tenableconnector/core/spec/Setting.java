package dev.tenableconnector.core.spec;

import java.util.List;
import java.util.Map;

/**
 * One setting of how a connector syncs, declared once: its JSON key (dotted for members of an
 * object, as in {@code filters.cidr}), its command-line flag, its type, default, hard bounds (past
 * them a value is refused), soft bounds (past them a value is clamped with a warning), choices,
 * help text and group. Every surface (the {@code sync} options, the API, {@code GET /api/spec}, the
 * OpenAPI schema, the docs table) is derived from or pinned to these.
 *
 * @param defaultValue the default as a user would write it ({@code "15m"}, {@code "1000"}), or null
 * @param min the smallest value taken (integers: the number; durations: seconds), or null
 * @param softMin smaller values are raised to this with a warning, or null
 * @param softMax larger values are lowered to this with a warning, or null
 * @param choiceLabels how a form names each choice (a choice without one shows as written)
 */
public record Setting(
    String key,
    String cliFlag,
    SettingType type,
    String defaultValue,
    Long min,
    Long max,
    Long softMin,
    Long softMax,
    List<String> choices,
    String paramLabel,
    String doc,
    SettingGroup group,
    boolean secret,
    Map<String, String> choiceLabels) {

  public Setting {
    choices = List.copyOf(choices);
    choiceLabels = Map.copyOf(choiceLabels);
    if (!choices.containsAll(choiceLabels.keySet())) {
      throw new IllegalArgumentException(key + ": labels for choices it does not have");
    }
  }

  public Setting(
      String key,
      String cliFlag,
      SettingType type,
      String defaultValue,
      Long min,
      Long max,
      Long softMin,
      Long softMax,
      List<String> choices,
      String paramLabel,
      String doc,
      SettingGroup group,
      boolean secret) {
    this(
        key,
        cliFlag,
        type,
        defaultValue,
        min,
        max,
        softMin,
        softMax,
        choices,
        paramLabel,
        doc,
        group,
        secret,
        Map.of());
  }

  /** This setting with forms naming its choices so. */
  public Setting withChoiceLabels(Map<String, String> labels) {
    return new Setting(
        key,
        cliFlag,
        type,
        defaultValue,
        min,
        max,
        softMin,
        softMax,
        choices,
        paramLabel,
        doc,
        group,
        secret,
        labels);
  }

  /** The setting's name on a surface: its flag on the command line, its key elsewhere. */
  public String nameOn(Surface surface) {
    return surface == Surface.CLI ? cliFlag : key;
  }

  /** Whether the command-line flag may be given more than once (lists). */
  public boolean repeatable() {
    return type == SettingType.CHOICES || type == SettingType.TAGS;
  }

  /** Where a setting is read from, which decides how problems name it. */
  public enum Surface {
    CLI,
    API
  }
}

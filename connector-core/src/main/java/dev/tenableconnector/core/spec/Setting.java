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

  /** A setting to declare: its key, flag and type, then what {@link Builder} adds. */
  public static Builder of(String key, String cliFlag, SettingType type) {
    return new Builder(key, cliFlag, type);
  }

  /** Declares a setting by naming only what it has; the rest stays empty. */
  public static final class Builder {
    private final String key;
    private final String cliFlag;
    private final SettingType type;
    private String defaultValue;
    private Long min;
    private Long max;
    private Long softMin;
    private Long softMax;
    private List<String> choices = List.of();
    private Map<String, String> choiceLabels = Map.of();
    private String paramLabel;
    private String doc;
    private SettingGroup group;
    private boolean secret;

    private Builder(String key, String cliFlag, SettingType type) {
      this.key = key;
      this.cliFlag = cliFlag;
      this.type = type;
    }

    public Builder defaultValue(String value) {
      this.defaultValue = value;
      return this;
    }

    /** Values outside are refused (null: no bound that side). */
    public Builder bounds(Long min, Long max) {
      this.min = min;
      this.max = max;
      return this;
    }

    /** Values outside are clamped with a warning (null: no bound that side). */
    public Builder softBounds(Long softMin, Long softMax) {
      this.softMin = softMin;
      this.softMax = softMax;
      return this;
    }

    public Builder choices(List<String> choices) {
      this.choices = choices;
      return this;
    }

    public Builder choiceLabels(Map<String, String> labels) {
      this.choiceLabels = labels;
      return this;
    }

    public Builder param(String paramLabel) {
      this.paramLabel = paramLabel;
      return this;
    }

    public Builder doc(String doc) {
      this.doc = doc;
      return this;
    }

    public Builder group(SettingGroup group) {
      this.group = group;
      return this;
    }

    public Builder secret() {
      this.secret = true;
      return this;
    }

    public Setting build() {
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
          choiceLabels);
    }
  }

  /**
   * The setting's name on a surface: its flag on the command line, its Connect name in a Kafka
   * Connect configuration, its key elsewhere.
   */
  public String nameOn(Surface surface) {
    return switch (surface) {
      case CLI -> cliFlag;
      case KAFKA -> connectName();
      case API -> key;
    };
  }

  /**
   * The key in Kafka Connect's lower-case dotted style: {@code assetsPerChunk} is {@code
   * assets.per.chunk}, {@code filters.severities} stays as it is.
   */
  public String connectName() {
    StringBuilder out = new StringBuilder();
    for (char c : key.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('.').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether the command-line flag may be given more than once (lists). */
  public boolean repeatable() {
    return type == SettingType.CHOICES || type == SettingType.TAGS;
  }

  /** Where a setting is read from, which decides how problems name it. */
  public enum Surface {
    CLI,
    API,
    /** A Kafka Connect connector configuration ({@code connector-kafka}). */
    KAFKA
  }
}

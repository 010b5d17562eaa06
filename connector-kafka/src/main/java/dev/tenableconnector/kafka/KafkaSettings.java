package dev.tenableconnector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.core.spec.ConnectorSpec;
import dev.tenableconnector.core.spec.Setting;
import dev.tenableconnector.core.spec.Setting.Surface;
import dev.tenableconnector.core.spec.SpecValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * The connector's configuration. The sync settings are {@link ConnectorSpec}'s, each under its
 * {@link Setting#connectName() Connect name} and validated by the same validator as the CLI and the
 * API; the rest (Tenable URL and keys, topics, lanes, cycle interval) are the Kafka module's own.
 */
public record KafkaSettings(
    String tenableUrl,
    ApiKeys keys,
    String topicPrefix,
    int lanes,
    Duration cycleInterval,
    Duration pollInterval,
    boolean tombstones,
    SpecValues sync) {

  public static final String TENABLE_URL = "tenable.url";
  public static final String ACCESS_KEY = "tenable.access.key";
  public static final String SECRET_KEY = "tenable.secret.key";
  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String LANES = "lanes";
  public static final String CYCLE_INTERVAL = "cycle.interval.ms";
  public static final String POLL_INTERVAL = "export.poll.interval.ms";
  public static final String TOMBSTONES = "tombstones.for.deleted.assets";

  /** Lanes fix the offset partitions: chunk {@code c} goes to lane {@code c mod lanes}. */
  public static final int MAX_LANES = 64;

  private static final String GROUP_TENABLE = "Tenable";
  private static final String GROUP_KAFKA = "Kafka";
  private static final String GROUP_SYNC = "Sync";

  /** Every key the connector takes, with its type, default and documentation. */
  public static final ConfigDef CONFIG = configDef();

  private static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    int order = 0;
    def.define(
        TENABLE_URL,
        ConfigDef.Type.STRING,
        "https://cloud.tenable.com",
        ConfigDef.Importance.HIGH,
        "Tenable Vulnerability Management's base URL.",
        GROUP_TENABLE,
        ++order,
        ConfigDef.Width.LONG,
        "Tenable URL");
    def.define(
        ACCESS_KEY,
        ConfigDef.Type.PASSWORD,
        ConfigDef.NO_DEFAULT_VALUE,
        ConfigDef.Importance.HIGH,
        "The API access key; put it in a config provider (${file:...}) rather than in clear.",
        GROUP_TENABLE,
        ++order,
        ConfigDef.Width.LONG,
        "Access key");
    def.define(
        SECRET_KEY,
        ConfigDef.Type.PASSWORD,
        ConfigDef.NO_DEFAULT_VALUE,
        ConfigDef.Importance.HIGH,
        "The API secret key; put it in a config provider (${file:...}) rather than in clear.",
        GROUP_TENABLE,
        ++order,
        ConfigDef.Width.LONG,
        "Secret key");
    order = 0;
    def.define(
        TOPIC_PREFIX,
        ConfigDef.Type.STRING,
        "tenable",
        ConfigDef.Importance.HIGH,
        "Topics are <prefix>.assets, <prefix>.findings, <prefix>.rejected and <prefix>.sync.",
        GROUP_KAFKA,
        ++order,
        ConfigDef.Width.MEDIUM,
        "Topic prefix");
    def.define(
        LANES,
        ConfigDef.Type.INT,
        8,
        ConfigDef.Range.between(1, MAX_LANES),
        ConfigDef.Importance.MEDIUM,
        "Fixed lanes the chunks of each export are dealt to (chunk id mod lanes), grouped over"
            + " tasks.max; each lane is one offset partition. Changing it starts the next cycle"
            + " afresh.",
        GROUP_KAFKA,
        ++order,
        ConfigDef.Width.SHORT,
        "Lanes");
    def.define(
        CYCLE_INTERVAL,
        ConfigDef.Type.LONG,
        Duration.ofHours(1).toMillis(),
        ConfigDef.Range.atLeast(1000),
        ConfigDef.Importance.MEDIUM,
        "How long after a cycle ends the next (delta) cycle starts.",
        GROUP_KAFKA,
        ++order,
        ConfigDef.Width.SHORT,
        "Cycle interval (ms)");
    def.define(
        POLL_INTERVAL,
        ConfigDef.Type.LONG,
        5000L,
        ConfigDef.Range.between(10, 600_000),
        ConfigDef.Importance.LOW,
        "How often an export's status is asked for while Tenable prepares it.",
        GROUP_KAFKA,
        ++order,
        ConfigDef.Width.SHORT,
        "Export poll interval (ms)");
    def.define(
        TOMBSTONES,
        ConfigDef.Type.BOOLEAN,
        false,
        ConfigDef.Importance.LOW,
        "Also write a tombstone (null value) after the DELETED or TERMINATED record of an asset, so"
            + " that compaction removes it.",
        GROUP_KAFKA,
        ++order,
        ConfigDef.Width.SHORT,
        "Tombstones for deleted assets");
    order = 0;
    for (Setting s : ConnectorSpec.all()) {
      def.define(
          s.connectName(),
          ConfigDef.Type.STRING,
          s.defaultValue() == null ? "" : s.defaultValue(),
          ConfigDef.Importance.MEDIUM,
          s.doc(),
          GROUP_SYNC,
          ++order,
          ConfigDef.Width.MEDIUM,
          s.connectName());
    }
    return def;
  }

  /** A problem with one key's value, for {@code validate()}. */
  public record Problem(String key, String message) {}

  /** What parsing a configuration made: the settings when nothing was wrong, else every problem. */
  public record Parsed(KafkaSettings settings, List<Problem> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /** Parses a configuration, collecting every problem by key instead of stopping at the first. */
  public static Parsed parse(Map<String, String> props) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Object> values;
    try {
      values = CONFIG.parse(props);
    } catch (org.apache.kafka.common.config.ConfigException e) {
      // Connect's own type and range checks: report them per key through validate() instead.
      Map<String, org.apache.kafka.common.config.ConfigValue> checked = CONFIG.validateAll(props);
      checked.forEach(
          (key, v) -> v.errorMessages().forEach(m -> problems.add(new Problem(key, m))));
      if (problems.isEmpty()) {
        problems.add(new Problem(TENABLE_URL, e.getMessage()));
      }
      return new Parsed(null, problems);
    }
    String url = ((String) values.get(TENABLE_URL)).strip();
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      problems.add(new Problem(TENABLE_URL, "must be an http(s) URL, not '" + url + "'"));
    }
    String access = ((Password) values.get(ACCESS_KEY)).value();
    String secret = ((Password) values.get(SECRET_KEY)).value();
    ApiKeys.shapeProblem(ACCESS_KEY, access)
        .ifPresent(m -> problems.add(new Problem(ACCESS_KEY, m)));
    ApiKeys.shapeProblem(SECRET_KEY, secret)
        .ifPresent(m -> problems.add(new Problem(SECRET_KEY, m)));
    String prefix = ((String) values.get(TOPIC_PREFIX)).strip();
    if (!prefix.matches("[A-Za-z0-9._-]{1,200}")) {
      problems.add(
          new Problem(TOPIC_PREFIX, "may hold only letters, digits, '.', '_' and '-' (1-200)"));
    }
    Map<String, JsonNode> input = new LinkedHashMap<>();
    for (Setting s : ConnectorSpec.all()) {
      String text = props.get(s.connectName());
      if (text != null && !text.isBlank()) {
        input.put(s.key(), TextNode.valueOf(text));
      }
    }
    ConnectorSpec.Result sync = ConnectorSpec.validate(input, Surface.KAFKA);
    for (String problem : sync.problems()) {
      problems.add(new Problem(keyOf(problem), problem));
    }
    if (!problems.isEmpty()) {
      return new Parsed(null, List.copyOf(problems));
    }
    return new Parsed(
        new KafkaSettings(
            url,
            new ApiKeys(access, secret),
            prefix,
            (Integer) values.get(LANES),
            Duration.ofMillis((Long) values.get(CYCLE_INTERVAL)),
            Duration.ofMillis((Long) values.get(POLL_INTERVAL)),
            (Boolean) values.get(TOMBSTONES),
            sync.values()),
        List.of());
  }

  /** The settings of a configuration known to be valid (the worker validated it). */
  public static KafkaSettings of(Map<String, String> props) {
    Parsed parsed = parse(props);
    if (!parsed.valid()) {
      throw new org.apache.kafka.common.config.ConfigException(
          parsed.problems().stream().map(p -> p.key() + ": " + p.message()).toList().toString());
    }
    return parsed.settings();
  }

  /** The sync setting a validator message is about: its Connect name starts the message. */
  private static String keyOf(String problem) {
    String best = TENABLE_URL;
    int length = 0;
    for (Setting s : ConnectorSpec.all()) {
      String name = s.connectName();
      if (problem.startsWith(name) && name.length() > length) {
        best = name;
        length = name.length();
      }
    }
    return best;
  }

  public String topic(String suffix) {
    return topicPrefix + "." + suffix;
  }
}

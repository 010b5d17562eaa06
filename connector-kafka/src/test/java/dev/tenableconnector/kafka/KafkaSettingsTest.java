package dev.tenableconnector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.spec.ConnectorSpec;
import dev.tenableconnector.core.spec.Setting;
import dev.tenableconnector.testsupport.DocsTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {
  private static Map<String, String> valid() {
    Map<String, String> c = new HashMap<>();
    c.put(KafkaSettings.ACCESS_KEY, "a".repeat(64));
    c.put(KafkaSettings.SECRET_KEY, "b".repeat(64));
    return c;
  }

  @Test
  void everySyncSettingIsAConnectKeyWithItsDefaultAndItsDoc() {
    for (Setting s : ConnectorSpec.all()) {
      ConfigDef.ConfigKey key = KafkaSettings.CONFIG.configKeys().get(s.connectName());
      assertThat(key).as(s.key()).isNotNull();
      assertThat(key.documentation).isEqualTo(s.doc());
      assertThat(key.defaultValue).isEqualTo(s.defaultValue() == null ? "" : s.defaultValue());
    }
    assertThat(KafkaSettings.CONFIG.configKeys().get(KafkaSettings.SECRET_KEY).type)
        .isEqualTo(ConfigDef.Type.PASSWORD);
  }

  /** Every key of the configuration, as docs/kafka.md lists them. */
  static String table() {
    List<List<String>> rows = new ArrayList<>();
    for (ConfigDef.ConfigKey k : KafkaSettings.CONFIG.configKeys().values()) {
      Object d = k.defaultValue;
      String shown =
          d == ConfigDef.NO_DEFAULT_VALUE
              ? "(required)"
              : d == null || d.toString().isEmpty() ? "" : "`" + d + "`";
      rows.add(
          List.of(
              "`" + k.name + "`",
              k.type.name().toLowerCase(java.util.Locale.ROOT),
              shown,
              k.group,
              k.documentation.replace("|", "\\|")));
    }
    return DocsTable.markdown(List.of("key", "type", "default", "group", "meaning"), rows);
  }

  @Test
  void theDocsListEveryKey() {
    DocsTable.assertHeldBy("kafka.md", table(), "KafkaSettings.CONFIG");
  }

  @Test
  void theDefaultsGiveTheCliDefaults() {
    KafkaSettings.Parsed parsed = KafkaSettings.parse(valid());

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.settings().sync()).isEqualTo(ConnectorSpec.defaults());
    assertThat(parsed.settings().topic("findings")).isEqualTo("tenable.findings");
  }

  @Test
  void everyProblemIsNamedByItsKeyAtOnce() {
    Map<String, String> c = valid();
    c.put("assets.per.chunk", "5");
    c.put("filters.severities", "HIGH,SEVERE");
    c.put(KafkaSettings.TOPIC_PREFIX, "has space");
    c.put(KafkaSettings.SECRET_KEY, "with space");

    KafkaSettings.Parsed parsed = KafkaSettings.parse(c);

    assertThat(parsed.valid()).isFalse();
    assertThat(parsed.problems())
        .extracting(KafkaSettings.Problem::key)
        .containsExactlyInAnyOrder(
            "assets.per.chunk",
            "filters.severities",
            KafkaSettings.TOPIC_PREFIX,
            KafkaSettings.SECRET_KEY);
    assertThat(parsed.problems().toString())
        .as("a key's value never appears in a problem")
        .doesNotContain("with space");
  }
}

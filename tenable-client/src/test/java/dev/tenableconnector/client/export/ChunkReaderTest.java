package dev.tenableconnector.client.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.model.TenableFinding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a vuln chunk's records are read: each record's tree is exactly what a plain parse gives,
 * while the plugin, asset and scan objects that records repeat byte for byte share one tree.
 */
class ChunkReaderTest {
  private final ObjectMapper mapper = new ObjectMapper();

  private List<ObjectNode> read(String body) throws Exception {
    List<ObjectNode> out = new ArrayList<>();
    new ChunkReader<>(
            mapper,
            new SharedMembers(mapper),
            ExportKind.VULNS,
            "export-1",
            1,
            1,
            new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
        .read(
            new RecordConsumer<TenableFinding>() {
              @Override
              public void record(TenableFinding f) {
                out.add(f.raw());
              }

              @Override
              public void rejected(RecordIssue issue) {
                throw new AssertionError(issue.reason());
              }
            });
    return out;
  }

  private ObjectNode finding(int i, int plugin) {
    ObjectNode f = mapper.createObjectNode();
    f.putObject("asset").put("uuid", "a-" + (i / 10)).put("hostname", "host-" + (i / 10));
    f.put("output", "output ".repeat(i % 7) + i);
    f.putObject("plugin")
        .put("id", plugin)
        .put("name", "plugin " + plugin + " \u00e9\u4e2d")
        .put("description", "d".repeat(5000 + plugin))
        .putArray("cve")
        .add("CVE-2024-" + plugin);
    f.putObject("port").put("port", 443).put("protocol", "TCP");
    f.put("finding_id", "f-" + i);
    f.putNull("last_fixed");
    f.put("severity_id", i % 5);
    return f;
  }

  @Test
  void aRecordsTreeIsWhatAPlainParseGivesAndRepeatedMembersShareOneTree() throws Exception {
    ArrayNode body = mapper.createArrayNode();
    for (int i = 0; i < 300; i++) {
      body.add(finding(i, 10_000 + i % 3));
    }
    String text = mapper.writeValueAsString(body); // ~1.5 MB, far past the reader's byte window
    List<ObjectNode> records = read(text);

    assertThat(records).hasSize(300);
    for (int i = 0; i < 300; i++) {
      assertThat(records.get(i)).isEqualTo(body.get(i));
      assertThat(records.get(i).toString()).isEqualTo(body.get(i).toString()); // member order too
    }
    assertThat(records.get(3).get("plugin")).isSameAs(records.get(0).get("plugin"));
    assertThat(records.get(1).get("plugin")).isNotSameAs(records.get(0).get("plugin"));
    assertThat(records.get(9).get("asset")).isSameAs(records.get(0).get("asset"));
    assertThat(records.get(10).get("asset")).isNotEqualTo(records.get(0).get("asset"));
  }

  @Test
  void whitespaceDuplicateKeysAndNonObjectMembersReadAsAPlainParseReadsThem() throws Exception {
    String body =
        "[\n  {\"asset\" : {\"uuid\": \"a\"},\n \"plugin\": null, \"extra\": [1, {\"z\": 2}],"
            + " \"severity_id\": 2, \"severity_id\": 3, \"asset\": { \"uuid\" : \"b\" } },\n"
            + "  {\"plugin\": {\"id\": 1, \"x\": {\"y\": [true, false, 1.5e3]}}},"
            + " {\"plugin\": {\"id\": 1, \"x\": {\"y\": [true, false, 1.5e3]}}}\n]";
    List<ObjectNode> records = read(body);
    JsonNode expected = mapper.readTree(body);

    assertThat(records).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(records.get(i)).isEqualTo(expected.get(i));
    }
    assertThat(records.get(0).get("asset").get("uuid").asText()).isEqualTo("b");
    assertThat(records.get(2).get("plugin")).isSameAs(records.get(1).get("plugin"));
  }

  @Test
  void aBodyCutOffInsideARepeatedMemberIsABrokenChunk() {
    String body = mapper.createArrayNode().add(finding(1, 7)).toString();
    String cut = body.substring(0, body.indexOf("\"description\"") + 40);

    assertThatThrownBy(() -> read(cut)).isInstanceOf(BrokenChunkException.class);
  }
}

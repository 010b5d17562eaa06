package dev.tenableconnector.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.Entity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transform maps and severity mappings are files a user edits; loading checks the whole file. */
class TransformMapFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private ObjectNode defaultMapJson() throws Exception {
    return (ObjectNode) JSON.readTree(DefaultMapTest.resource(TransformMap.DEFAULT_RESOURCE));
  }

  @Test
  void aHugeMapOfJunkListsAHundredProblemsAndCountsTheRest() throws Exception {
    ObjectNode map = defaultMapJson();
    var rows = map.putArray("assets");
    for (int i = 0; i < 5000; i++) {
      rows.addObject()
          .put("label", "row " + i + " " + "x".repeat(150))
          .put("source", "no such ((")
          .put("target", "noSuchField" + "y".repeat(2000));
    }
    Path file = dir.resolve("huge.json");
    Files.writeString(file, map.toString());
    assertThat(Files.size(file)).isGreaterThan(900_000);

    assertThatThrownBy(() -> TransformMap.load(file))
        .isInstanceOfSatisfying(
            TransformMapException.class,
            e -> {
              assertThat(e.problems()).hasSize(TransformMapException.LISTED + 1);
              assertThat(e.problems().get(TransformMapException.LISTED))
                  .matches("… and \\d+ more problems");
              assertThat(e.getMessage()).hasSizeLessThan(100_000).contains("problems:");
            });
  }

  @Test
  void anEditedCopyChangesTheOutput() throws Exception {
    ObjectNode map = defaultMapJson();
    map.put("name", "My map");
    ObjectNode cloudRow = (ObjectNode) map.get("assets").get(7);
    ((ObjectNode) cloudRow.get("valueMap")).put("AWS", "AWS");
    Path file = dir.resolve("map.json");
    Files.writeString(file, map.toPrettyString());

    TransformMap edited = TransformMap.load(file);
    Transformer transformer = new Transformer(edited, SeverityMapping.defaults());

    assertThat(edited.name()).isEqualTo("My map");
    assertThat(edited.origin()).isEqualTo(file.toString());
    assertThat(
            transformer
                .transform(Entity.ASSET, DefaultMapTest.spec("asset-record.json"), null)
                .record()
                .text("cloudProvider"))
        .isEqualTo("AWS");
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnce() throws Exception {
    ObjectNode map = defaultMapJson();
    ArrayNode assets = (ArrayNode) map.get("assets");
    ((ObjectNode) assets.get(0)).put("required", false);
    ((ObjectNode) assets.get(1)).put("target", "assetNmae");
    ((ObjectNode) assets.get(2)).put("source", "ipv4s[x]");
    ((ObjectNode) assets.get(3)).put("source", "ipv6z");
    ((ObjectNode) assets.get(4)).put("colour", "blue");
    ((ObjectNode) assets.get(5)).put("source", "@nothing");
    ((ObjectNode) assets.get(7)).putArray("valueMap");
    ArrayNode findings = (ArrayNode) map.get("findings");
    findings.remove(2);
    ((ObjectNode) findings.get(4)).put("source", "$asst.ipv4s");

    assertThatThrownBy(() -> TransformMap.parse(map.toString(), "edited.json"))
        .isInstanceOf(TransformMapException.class)
        .satisfies(e -> assertThat(((TransformMapException) e).problems()).hasSize(9))
        .hasMessageContaining("edited.json has 9 problems")
        .hasMessageContaining("unknown target field 'assetNmae' (did you mean 'assetName'?)")
        .hasMessageContaining("bad source path 'ipv4s[x]'")
        .hasMessageContaining(
            "'ipv6z' is not a field of Tenable's asset export records (did you mean 'ipv6s'?)")
        .hasMessageContaining("unknown key 'colour'")
        .hasMessageContaining("unknown derived value @nothing")
        .hasMessageContaining("'valueMap' must be an object")
        .hasMessageContaining(
            "assets: required target 'externalAssetId' has no row marked \"required\": true")
        .hasMessageContaining("findings: required target 'externalFindingId' has no row")
        .hasMessageContaining("the only context is $asset.");
  }

  @Test
  void notJsonAtAllIsOneClearProblem() {
    assertThatThrownBy(() -> TransformMap.parse("{\"name\": ", "broken.json"))
        .isInstanceOf(TransformMapException.class)
        .hasMessageContaining("broken.json has 1 problem")
        .hasMessageContaining("is not valid JSON");
  }

  @Test
  void severityMappingIsDataAndValidatedWhole() {
    SeverityMapping custom =
        SeverityMapping.parse(
            """
        {"name": "Flat", "levels": [
          {"tenableSeverityId": 0, "severity": 1}, {"tenableSeverityId": 1, "severity": 1},
          {"tenableSeverityId": 2, "severity": 3}, {"tenableSeverityId": 3, "severity": 5},
          {"tenableSeverityId": 4, "severity": 5}]}""",
            "flat.json");
    assertThat(custom.map(3)).isEqualTo(5L);
    assertThat(custom.map(1)).isEqualTo(1L);

    assertThatThrownBy(
            () ->
                SeverityMapping.parse(
                    """
        {"name": "Bad", "levels": [
          {"tenableSeverityId": 0, "severity": 1}, {"tenableSeverityId": 0, "severity": 2},
          {"tenableSeverityId": 9, "severity": 3}, {"tenableSeverityId": 3, "severity": 6}]}""",
                    "bad.json"))
        .isInstanceOf(TransformMapException.class)
        .hasMessageContaining("Tenable severity 0 is mapped twice")
        .hasMessageContaining("'tenableSeverityId' must be a whole number 0-4")
        .hasMessageContaining("'severity' must be a whole number 1-5");
  }

  @Test
  void sourcePathsHaveAlternativesIndexesLiteralsAndTheAssetContext() {
    ObjectNode record = JSON.createObjectNode();
    record.putArray("list").add("a").add("b");
    record.putObject("nested").putArray("items").addObject().put("x", 1);
    ObjectNode asset = JSON.createObjectNode().put("name", "from-asset");
    java.util.List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();

    SourcePath.parse("missing | list[1]").evaluate(record, asset, out);
    assertThat(out).extracting(n -> n.asText()).containsExactly("b");
    out.clear();
    SourcePath.parse("nested.items[].x").evaluate(record, asset, out);
    assertThat(out).extracting(n -> n.asInt()).containsExactly(1);
    out.clear();
    SourcePath.parse("$asset.name").evaluate(record, asset, out);
    assertThat(out).extracting(n -> n.asText()).containsExactly("from-asset");
    out.clear();
    SourcePath.parse("missing | 'a | b'").evaluate(record, null, out);
    assertThat(out).extracting(n -> n.asText()).containsExactly("a | b");
  }
}

package dev.tenableconnector.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import dev.tenableconnector.core.query.QueryField;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.core.transform.Transformer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finding stored in pieces (its columns, its own fields and raw members, its shared parts) reads
 * back as the compact JSON the transform produced and as the Tenable record it came from.
 */
class FindingLayoutTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static ObjectNode record(String name) throws Exception {
    try (InputStream in = FindingLayoutTest.class.getResourceAsStream("/spec/" + name)) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  @Test
  void theFieldsKeptOnlyInColumnsAreTheColumnsQueriesAndPagesUse() {
    for (FindingLayout.ColumnField c : FindingLayout.COLUMN_FIELDS) {
      assertThat(QueryField.of(Entity.FINDING, c.name()))
          .as("a query on %s must read the column the layout keeps it in", c.name())
          .hasValueSatisfying(q -> assertThat(q.column()).isEqualTo(c.column()));
      assertThat(PageRequest.Field.of(Entity.FINDING, c.name()))
          .as("pages sort and filter %s on its column", c.name())
          .extracting(PageRequest.Field::column)
          .isEqualTo(c.column());
    }
  }

  @Test
  void aStoredFindingReadsBackAsTheTransformsOutputAndItsTenableRecord() throws Exception {
    Transformer transformer = new Transformer(TransformMap.defaults(), SeverityMapping.defaults());
    ObjectNode tenable = record("vuln-record.json");
    ObjectNode second = tenable.deepCopy();
    second.put("finding_id", "another-finding");
    second.put("output", "another output with \"quotes\", a tab\t and é");
    try (SqliteInventoryStore store = SqliteInventoryStore.open(dir.resolve("layout.db"))) {
      long run = store.startRun("c", RunMode.FULL, "all", "all", "{}", "map", null, Instant.now());
      SharedFacts shared = new SharedFacts(JSON);
      List<ObjectNode> originals = List.of(tenable, second);
      List<String> expected = new java.util.ArrayList<>();
      List<StoreRow> rows = new java.util.ArrayList<>();
      for (ObjectNode original : originals) {
        NormalizedRecord normalized =
            transformer.transform(Entity.FINDING, original, null).record();
        expected.add(RecordJson.compact(normalized));
        rows.add(
            FindingLayout.row(
                normalized,
                original.deepCopy(),
                shared,
                RawCodec.forThisThread(),
                JSON,
                new ByteArrayOutputStream()));
      }
      // Both findings share their plugin, asset and scan parts.
      assertThat(rows.get(1).pluginPart()).isSameAs(rows.get(0).pluginPart()).isNotNull();
      assertThat(rows.get(1).assetPart()).isSameAs(rows.get(0).assetPart()).isNotNull();
      assertThat(rows.get(1).scanPart()).isSameAs(rows.get(0).scanPart()).isNotNull();
      try (ChunkTransaction tx = store.beginChunk(run, "export-1", 1, Entity.FINDING)) {
        tx.write(Entity.FINDING, rows, new ChunkCounts());
        tx.commit(new ChunkCounts());
      }

      for (int i = 0; i < originals.size(); i++) {
        String key = rows.get(i).key();
        List<StoredRecord> stored = new java.util.ArrayList<>();
        store.forEach(Entity.FINDING, r -> stored.add(r));
        StoredRecord read =
            stored.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
        assertThat(read.data()).isEqualTo(expected.get(i));
        assertThat(JSON.readTree(read.raw())).isEqualTo(originals.get(i));
        assertThat(JSON.readTree(store.rawRecord(Entity.FINDING, key).orElseThrow()))
            .isEqualTo(originals.get(i));
      }
      assertThat(store.count(Entity.FINDING)).isEqualTo(2);
    }
  }
}

package dev.tenableconnector.core.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tenableconnector.client.Version;
import dev.tenableconnector.core.decision.DerivedFields;
import dev.tenableconnector.core.insight.InsightRefresh;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.NetworkInterface;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import dev.tenableconnector.core.model.TargetField;
import dev.tenableconnector.core.query.InventoryQuery;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.QueryBudget;
import dev.tenableconnector.core.store.RecordForm;
import dev.tenableconnector.core.store.StoredRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Streams the stored assets or findings out as JSONL, CSV or OCSF events, one record at a time, so
 * memory stays flat however large the inventory is. Keys and columns are the target field names.
 */
public final class InventoryExporter {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * What CSV does with a text cell a spreadsheet would run as a formula (it starts with {@code =},
   * {@code +}, {@code -}, {@code @}, tab or carriage return; a host name or plugin name from a
   * scanned network can): {@code NEUTRALISE} (the default) puts a {@code '} before it, as OWASP
   * advises against CSV injection, so the spreadsheet shows the text; {@code KEEP} writes it as is.
   */
  public enum CsvFormulas {
    NEUTRALISE,
    KEEP
  }

  private InventoryExporter() {}

  /** Writes every record of the entity; returns how many. The stream is flushed, not closed. */
  public static long export(
      InventoryStore store, Entity entity, ExportFormat format, OutputStream out) {
    return export(store, entity, format, null, out);
  }

  /**
   * Writes the records of the entity that match the query (null: all); returns how many. OCSF
   * exports findings only (Vulnerability Finding events).
   */
  public static long export(
      InventoryStore store,
      Entity entity,
      ExportFormat format,
      InventoryQuery query,
      OutputStream out) {
    return export(store, entity, format, query, out, CsvFormulas.NEUTRALISE);
  }

  /** As above, with what CSV does with cells that look like formulas. */
  public static long export(
      InventoryStore store,
      Entity entity,
      ExportFormat format,
      InventoryQuery query,
      OutputStream out,
      CsvFormulas formulas) {
    return export(store, entity, format, query, out, formulas, QueryBudget.unlimited());
  }

  /**
   * As above, within a read budget ({@link dev.tenableconnector.core.store.QueryStoppedException}).
   */
  public static long export(
      InventoryStore store,
      Entity entity,
      ExportFormat format,
      InventoryQuery query,
      OutputStream out,
      CsvFormulas formulas,
      QueryBudget budget) {
    if (entity == Entity.FINDING) {
      refreshInsights(store);
    }
    try {
      return switch (format) {
        case JSONL -> jsonl(store, entity, query, out, budget);
        case CSV -> csv(store, entity, query, out, formulas, budget);
        case OCSF -> ocsf(store, entity, query, out, budget);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Brings the derived fields up to date first (cheap when nothing changed); if that cannot be done
   * (a read-only database, say) the export goes on with what is stored.
   */
  private static void refreshInsights(InventoryStore store) {
    try {
      InsightRefresh.refresh(store);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(InventoryExporter.class)
          .warn("the findings' SLA and priority could not be refreshed: {}", e.toString());
    }
  }

  private static long ocsf(
      InventoryStore store,
      Entity entity,
      InventoryQuery query,
      OutputStream out,
      QueryBudget budget)
      throws IOException {
    if (entity != Entity.FINDING) {
      throw new IllegalArgumentException(
          "the ocsf format exports findings, as OCSF Vulnerability Finding"
              + " events (class 2002); export assets as jsonl or csv");
    }
    ObjectMapper mapper = new ObjectMapper();
    OcsfVulnerabilityFinding events = new OcsfVulnerabilityFinding(mapper, Version.current());
    Instant now = Instant.now();
    return lines(
        store,
        entity,
        query,
        out,
        budget,
        (g, record) -> mapper.writeTree(g, events.event(record, now)));
  }

  /**
   * One record per line with every field: the store writes the lines (a finding's straight from its
   * stored pieces, nothing parsed), this copies them out.
   */
  private static long jsonl(
      InventoryStore store,
      Entity entity,
      InventoryQuery query,
      OutputStream out,
      QueryBudget budget)
      throws IOException {
    long[] count = {0};
    // Flushed, never closed: the caller's stream stays open.
    java.io.Writer writer =
        new java.io.BufferedWriter(
            new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), 1 << 16);
    Instant now = Instant.now();
    Derived<StoredRecord> derived =
        new Derived<>(
            store,
            entity,
            StoredRecord::key,
            (stored, values) -> {
              String line = stored.data();
              if (values != null) {
                // The derived fields follow the model's, inside the same object.
                line = line.substring(0, line.lastIndexOf('}')) + derivedJson(values);
              }
              writer.write(line);
              writer.write('\n');
              count[0]++;
            },
            now);
    store.forEach(entity, null, query, budget, RecordForm.EVERY_FIELD, derived::accept);
    derived.flush();
    writer.flush();
    return count[0];
  }

  /** The derived fields as JSON members, {@code ,"slaDueAt":…}, closing the object. */
  private static String derivedJson(List<Object> values) throws IOException {
    java.io.StringWriter text = new java.io.StringWriter();
    try (JsonGenerator g = JSON.createGenerator(text)) {
      g.writeStartObject();
      for (int i = 0; i < values.size(); i++) {
        g.writeFieldName(DerivedFields.FIELDS.get(i).name());
        Object v = values.get(i);
        if (v == null) {
          g.writeNull();
        } else if (v instanceof Boolean b) {
          g.writeBoolean(b);
        } else if (v instanceof Double d) {
          g.writeNumber(d);
        } else {
          g.writeString(v.toString());
        }
      }
      g.writeEndObject();
    }
    return "," + text.toString().substring(1);
  }

  private interface LineWriter {
    void write(JsonGenerator g, NormalizedRecord record) throws IOException;
  }

  /** One JSON document per line, one stored record at a time. */
  private static long lines(
      InventoryStore store,
      Entity entity,
      InventoryQuery query,
      OutputStream out,
      QueryBudget budget,
      LineWriter writer)
      throws IOException {
    long[] count = {0};
    JsonGenerator g = JSON.createGenerator(out);
    g.setRootValueSeparator(null);
    store.forEach(
        entity,
        null,
        query,
        budget,
        RecordForm.STORED,
        stored -> {
          try {
            writer.write(g, RecordJson.read(entity, stored.data()));
            g.writeRaw('\n');
            count[0]++;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    g.flush();
    return count[0];
  }

  private static long csv(
      InventoryStore store,
      Entity entity,
      InventoryQuery query,
      OutputStream out,
      CsvFormulas formulas,
      QueryBudget budget)
      throws IOException {
    FieldCatalog catalog = FieldCatalog.of(entity);
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    for (TargetField field : catalog.fields()) {
      schema.addColumn(field.name());
    }
    boolean findings = entity == Entity.FINDING;
    if (findings) {
      DerivedFields.FIELDS.forEach(f -> schema.addColumn(f.name()));
    }
    int width = catalog.size() + (findings ? DerivedFields.FIELDS.size() : 0);
    CsvMapper mapper = new CsvMapper();
    long[] count = {0};
    try (var writer =
        mapper
            .writer(schema.build())
            .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .writeValues(out)) {
      Derived<StoredRecord> derived =
          new Derived<>(
              store,
              entity,
              StoredRecord::key,
              (stored, values) -> {
                NormalizedRecord record = RecordJson.read(entity, stored.data());
                Object[] row = new Object[width];
                for (TargetField field : catalog.fields()) {
                  row[field.index()] = csvCell(record.get(field), formulas);
                }
                for (int i = 0; values != null && i < values.size(); i++) {
                  row[catalog.size() + i] = csvCell(values.get(i), formulas);
                }
                writer.write(row);
                count[0]++;
              },
              Instant.now());
      store.forEach(entity, null, query, budget, RecordForm.STORED, derived::accept);
      derived.flush();
      writer.flush();
    }
    return count[0];
  }

  private static Object csvCell(Object value, CsvFormulas formulas) {
    Object cell = cell(value);
    return formulas == CsvFormulas.NEUTRALISE && cell instanceof String text
        ? neutralised(text)
        : cell;
  }

  /** {@code text}, with a leading {@code '} when a spreadsheet would read it as a formula. */
  static String neutralised(String text) {
    if (text.isEmpty()) {
      return text;
    }
    char first = text.charAt(0);
    return first == '='
            || first == '+'
            || first == '-'
            || first == '@'
            || first == '\t'
            || first == '\r'
        ? "'" + text
        : text;
  }

  private static Object cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Instant i) {
      return i.toString();
    }
    if (value instanceof List<?> list) {
      if (!list.isEmpty() && list.get(0) instanceof NetworkInterface) {
        return interfacesJson(list);
      }
      return String.join("; ", list.stream().map(String::valueOf).toList());
    }
    return value;
  }

  private static String interfacesJson(List<?> interfaces) {
    NormalizedRecord holder = new NormalizedRecord(Entity.ASSET);
    holder.set("networkInterfaces", interfaces);
    String json = RecordJson.compact(holder);
    // {"networkInterfaces":[...]} -> [...]
    return json.substring(json.indexOf('['), json.lastIndexOf(']') + 1);
  }
}

package dev.tenableconnector.core.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.NetworkInterface;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.RecordJson;
import dev.tenableconnector.core.model.TargetField;
import dev.tenableconnector.core.store.InventoryStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Streams the stored assets or findings out as JSONL or CSV, one record at a time, so memory stays
 * flat however large the inventory is. Keys and columns are the target field names.
 */
public final class InventoryExporter {
  private static final JsonFactory JSON = new JsonFactory();

  private InventoryExporter() {}

  /** Writes every record of the entity; returns how many. The stream is flushed, not closed. */
  public static long export(InventoryStore store, Entity entity, ExportFormat format, OutputStream out) {
    try {
      return format == ExportFormat.JSONL ? jsonl(store, entity, out) : csv(store, entity, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long jsonl(InventoryStore store, Entity entity, OutputStream out) throws IOException {
    long[] count = {0};
    JsonGenerator g = JSON.createGenerator(out);
    g.setRootValueSeparator(null);
    store.forEach(entity, stored -> {
      try {
        RecordJson.write(g, RecordJson.read(entity, stored.data()), true);
        g.writeRaw('\n');
        count[0]++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    g.flush();
    return count[0];
  }

  private static long csv(InventoryStore store, Entity entity, OutputStream out) throws IOException {
    FieldCatalog catalog = FieldCatalog.of(entity);
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    for (TargetField field : catalog.fields()) {
      schema.addColumn(field.name());
    }
    CsvMapper mapper = new CsvMapper();
    long[] count = {0};
    try (var writer = mapper.writer(schema.build())
        .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .writeValues(out)) {
      store.forEach(entity, stored -> {
        NormalizedRecord record = RecordJson.read(entity, stored.data());
        Object[] row = new Object[catalog.size()];
        for (TargetField field : catalog.fields()) {
          row[field.index()] = cell(record.get(field));
        }
        try {
          writer.write(row);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        count[0]++;
      });
      writer.flush();
    }
    return count[0];
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

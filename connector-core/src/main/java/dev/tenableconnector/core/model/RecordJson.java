package dev.tenableconnector.core.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a normalized record: target field names as keys, lists as arrays, numbers as
 * numbers, booleans as booleans, timestamps as ISO-8601 UTC text. The stored form leaves empty
 * fields out; the full form (exports) writes every field, null or {@code []} when empty.
 */
public final class RecordJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private RecordJson() {}

  /** The compact form stored in the inventory: empty fields left out. */
  public static String compact(NormalizedRecord record) {
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, record, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The compact form as UTF-8, written into {@code buffer} (reset first) and copied out. */
  public static byte[] compactBytes(NormalizedRecord record, java.io.ByteArrayOutputStream buffer) {
    buffer.reset();
    try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
      write(g, record, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** Writes the record as one object; {@code full} writes empty fields too. */
  public static void write(JsonGenerator g, NormalizedRecord record, boolean full)
      throws IOException {
    g.writeStartObject();
    for (TargetField field : record.catalog().fields()) {
      Object value = record.get(field);
      if (NormalizedRecord.isEmpty(value)) {
        if (full) {
          g.writeFieldName(field.name());
          if (field.type().isList()) {
            g.writeStartArray();
            g.writeEndArray();
          } else {
            g.writeNull();
          }
        }
        continue;
      }
      g.writeFieldName(field.name());
      writeValue(g, value);
    }
    g.writeEndObject();
  }

  private static void writeValue(JsonGenerator g, Object value) throws IOException {
    if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Instant i) {
      g.writeString(i.toString());
    } else if (value instanceof NetworkInterface n) {
      g.writeStartObject();
      g.writeStringField("name", n.name());
      writeList(g, "ipAddress", n.ipAddress());
      writeList(g, "macAddress", n.macAddress());
      writeList(g, "fqdn", n.fqdn());
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        writeValue(g, item);
      }
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException("not a normalized value: " + value.getClass());
    }
  }

  private static void writeList(JsonGenerator g, String name, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  /** The full form (every field) of a record given in its stored (or full) form. */
  public static String full(Entity entity, String json) {
    StringWriter out = new StringWriter(2048);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, read(entity, json), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Reads the stored (or full) form back into a record. */
  public static NormalizedRecord read(Entity entity, String json) {
    NormalizedRecord record = new NormalizedRecord(entity);
    FieldCatalog catalog = record.catalog();
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a stored record is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        TargetField field = catalog.field(name).orElse(null);
        if (field == null) {
          p.skipChildren();
          continue;
        }
        record.set(field, readValue(p, field.type()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return record;
  }

  private static Object readValue(JsonParser p, FieldType type) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    return switch (type) {
      case STRING -> p.getText();
      case INTEGER -> p.getLongValue();
      case NUMBER -> p.getDoubleValue();
      case BOOLEAN -> p.getBooleanValue();
      case TIMESTAMP -> Instant.parse(p.getText());
      case STRING_LIST -> readStrings(p);
      case INTERFACE_LIST -> readInterfaces(p);
    };
  }

  private static List<String> readStrings(JsonParser p) throws IOException {
    List<String> values = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      values.add(p.getText());
    }
    return values;
  }

  private static List<NetworkInterface> readInterfaces(JsonParser p) throws IOException {
    List<NetworkInterface> values = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String name = null;
      List<String> ips = List.of();
      List<String> macs = List.of();
      List<String> fqdns = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        switch (key) {
          case "name" -> name = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
          case "ipAddress" -> ips = readStrings(p);
          case "macAddress" -> macs = readStrings(p);
          case "fqdn" -> fqdns = readStrings(p);
          default -> p.skipChildren();
        }
      }
      values.add(new NetworkInterface(name, ips, macs, fqdns));
    }
    return values;
  }
}

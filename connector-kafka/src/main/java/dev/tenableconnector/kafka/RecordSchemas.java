package dev.tenableconnector.kafka;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.NetworkInterface;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.model.TargetField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The Connect schemas of the topics' values, built from the model's field catalogue, and the
 * conversion of a normalized record into its {@link Struct}. Every field is optional (a record may
 * lack any of them); timestamps are ISO-8601 strings, as in the CLI's exports.
 */
final class RecordSchemas {
  /** Bumped when a field changes type or meaning; added fields keep the version compatible. */
  static final int VERSION = 1;

  static final Schema INTERFACE =
      SchemaBuilder.struct()
          .name("dev.tenableconnector.NetworkInterface")
          .optional()
          .field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("ipAddress", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
          .field("macAddress", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
          .field("fqdn", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
          .build();

  static final Schema ASSET = of(Entity.ASSET, "dev.tenableconnector.Asset");
  static final Schema FINDING = of(Entity.FINDING, "dev.tenableconnector.Finding");

  static final Schema REJECTED =
      SchemaBuilder.struct()
          .name("dev.tenableconnector.RejectedRecord")
          .version(VERSION)
          .field("entity", Schema.STRING_SCHEMA)
          .field("exportUuid", Schema.STRING_SCHEMA)
          .field("chunk", Schema.INT32_SCHEMA)
          .field("position", Schema.INT32_SCHEMA)
          .field("reason", Schema.STRING_SCHEMA)
          .field("excerpt", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  /**
   * A record of the sync topic: a cycle's summary ({@code type} SUMMARY), or a progress record that
   * moves a lane's offset where no data record does (EMPTY_CHUNK, LANE_DONE).
   */
  static final Schema SYNC =
      SchemaBuilder.struct()
          .name("dev.tenableconnector.SyncEvent")
          .version(VERSION)
          .field("type", Schema.STRING_SCHEMA)
          .field("cycle", Schema.INT64_SCHEMA)
          .field("mode", Schema.OPTIONAL_STRING_SCHEMA)
          .field("lane", Schema.OPTIONAL_INT32_SCHEMA)
          .field("exportUuid", Schema.OPTIONAL_STRING_SCHEMA)
          .field("chunk", Schema.OPTIONAL_INT32_SCHEMA)
          .field("assets", Schema.OPTIONAL_INT64_SCHEMA)
          .field("findings", Schema.OPTIONAL_INT64_SCHEMA)
          .field("rejected", Schema.OPTIONAL_INT64_SCHEMA)
          .field("watermarkBefore", Schema.OPTIONAL_STRING_SCHEMA)
          .field("watermarkAfter", Schema.OPTIONAL_STRING_SCHEMA)
          .field("at", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  private RecordSchemas() {}

  static Schema of(Entity entity) {
    return entity == Entity.ASSET ? ASSET : FINDING;
  }

  private static Schema of(Entity entity, String name) {
    SchemaBuilder b = SchemaBuilder.struct().name(name).version(VERSION);
    for (TargetField f : FieldCatalog.of(entity).fields()) {
      b.field(f.name(), schema(f));
    }
    return b.build();
  }

  private static Schema schema(TargetField f) {
    return switch (f.type()) {
      case STRING, TIMESTAMP -> Schema.OPTIONAL_STRING_SCHEMA;
      case STRING_LIST -> SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build();
      case INTEGER -> Schema.OPTIONAL_INT64_SCHEMA;
      case NUMBER -> Schema.OPTIONAL_FLOAT64_SCHEMA;
      case BOOLEAN -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
      case INTERFACE_LIST -> SchemaBuilder.array(INTERFACE).optional().build();
    };
  }

  /** The record as a Struct of its entity's schema; empty values are null. */
  static Struct struct(NormalizedRecord record) {
    Schema schema = of(record.entity());
    Struct s = new Struct(schema);
    for (TargetField f : record.catalog().fields()) {
      Object value = record.get(f);
      if (NormalizedRecord.isEmpty(value)) {
        continue;
      }
      s.put(f.name(), value(f, value));
    }
    return s;
  }

  private static Object value(TargetField f, Object value) {
    return switch (f.type()) {
      case TIMESTAMP -> ((Instant) value).toString();
      case INTERFACE_LIST -> {
        List<Struct> out = new ArrayList<>();
        for (Object item : (List<?>) value) {
          NetworkInterface n = (NetworkInterface) item;
          out.add(
              new Struct(INTERFACE)
                  .put("name", n.name())
                  .put("ipAddress", n.ipAddress())
                  .put("macAddress", n.macAddress())
                  .put("fqdn", n.fqdn()));
        }
        yield out;
      }
      default -> value;
    };
  }
}

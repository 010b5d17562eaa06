package dev.tenableconnector.core.store;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.CompiledQuery;
import dev.tenableconnector.core.query.InventoryQuery;
import dev.tenableconnector.core.query.QueryCompiler;
import dev.tenableconnector.core.query.SqlDialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One page of stored assets or findings: field filters (values of one field are alternatives,
 * fields are all required; {@code *} is a wildcard), a sort field and the window. Only the fields
 * the store indexes as columns can be filtered or sorted on; {@link #validate()} names the rest.
 */
public record PageRequest(
    Entity entity,
    Map<String, List<String>> filters,
    String sort,
    boolean descending,
    int offset,
    int limit,
    InventoryQuery query) {

  public static final int MAX_LIMIT = 1000;

  /** Filterable and sortable fields of each entity, with their columns and whether numeric. */
  public enum Field {
    ASSET_ID(Entity.ASSET, "externalAssetId", "external_asset_id", false),
    ASSET_CONNECTOR(Entity.ASSET, "connector", "connector", false),
    ASSET_NAME(Entity.ASSET, "assetName", "asset_name", false),
    ASSET_STATUS(Entity.ASSET, "assetStatus", "asset_status", false),
    ASSET_CLOUD(Entity.ASSET, "cloudProvider", "cloud_provider", false),
    ASSET_UPDATED(Entity.ASSET, "updatedAt", "updated_at", false),
    FINDING_ID(Entity.FINDING, "externalFindingId", "external_finding_id", false),
    FINDING_CONNECTOR(Entity.FINDING, "connector", "connector", false),
    FINDING_ASSET(Entity.FINDING, "externalAssetId", "external_asset_id", false),
    FINDING_NAME(Entity.FINDING, "findingName", "finding_name", false),
    FINDING_SEVERITY(Entity.FINDING, "findingSeverity", "finding_severity", true),
    FINDING_STATUS(Entity.FINDING, "findingStatus", "finding_status", false),
    FINDING_PLUGIN(Entity.FINDING, "pluginId", "plugin_id", true),
    FINDING_LAST_FOUND(Entity.FINDING, "findingLastFoundOn", "last_found", false);

    final Entity entity;
    final String name;
    final String column;
    final boolean numeric;

    Field(Entity entity, String name, String column, boolean numeric) {
      this.entity = entity;
      this.name = name;
      this.column = column;
      this.numeric = numeric;
    }

    public String fieldName() {
      return name;
    }

    public String column() {
      return column;
    }

    public static Field of(Entity entity, String name) {
      for (Field f : values()) {
        if (f.entity == entity && f.name.equalsIgnoreCase(name)) {
          return f;
        }
      }
      return null;
    }

    public static List<String> names(Entity entity) {
      List<String> names = new ArrayList<>();
      for (Field f : values()) {
        if (f.entity == entity) {
          names.add(f.name);
        }
      }
      return names;
    }
  }

  public PageRequest {
    filters = filters == null ? Map.of() : new LinkedHashMap<>(filters);
  }

  /** A page without a query. */
  public PageRequest(
      Entity entity,
      Map<String, List<String>> filters,
      String sort,
      boolean descending,
      int offset,
      int limit) {
    this(entity, filters, sort, descending, offset, limit, null);
  }

  /** Every problem with the request, naming the parameter; empty when it is valid. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    String known = String.join(", ", Field.names(entity));
    filters.forEach(
        (name, values) -> {
          Field f = Field.of(entity, name);
          if (f == null) {
            problems.add(
                "'"
                    + name
                    + "' is not a filterable field of "
                    + entity.plural()
                    + " (known: "
                    + known
                    + ")");
          } else if (f.numeric) {
            for (String v : values) {
              try {
                Long.parseLong(v.strip());
              } catch (NumberFormatException e) {
                problems.add("'" + name + "' must be a whole number, not '" + v + "'");
              }
            }
          }
        });
    if (sort != null && Field.of(entity, sort) == null) {
      problems.add(
          "sort '"
              + sort
              + "' is not a sortable field of "
              + entity.plural()
              + " (known: "
              + known
              + ")");
    }
    if (offset < 0) {
      problems.add("offset must be 0 or more, not " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      problems.add("limit must be 1-" + MAX_LIMIT + ", not " + limit);
    }
    return problems;
  }

  String keyColumn() {
    return entity == Entity.ASSET ? "external_asset_id" : "external_finding_id";
  }

  /** The WHERE clause (or "") with its bind values appended to {@code args}. */
  String where(List<Object> args, SqlDialect dialect) {
    List<String> terms = new ArrayList<>();
    if (query != null) {
      CompiledQuery compiled =
          QueryCompiler.compile(query, entity, entity.plural(), dialect, Instant.now());
      terms.add("(" + compiled.sql() + ")");
      args.addAll(compiled.params());
    }
    filters.forEach(
        (name, values) -> {
          Field f = Field.of(entity, name);
          List<String> alternatives = new ArrayList<>();
          for (String raw : values) {
            String v = raw.strip();
            if (f.numeric) {
              alternatives.add(f.column + " = ?");
              args.add(Long.parseLong(v));
            } else if (v.contains("*")) {
              alternatives.add(f.column + " LIKE ? ESCAPE '\\'");
              args.add(
                  v.replace("\\", "\\\\")
                      .replace("%", "\\%")
                      .replace("_", "\\_")
                      .replace('*', '%'));
            } else if (f.name.endsWith("Id") || f.name.equals("connector")) {
              alternatives.add(
                  f.column + " = ?"); // ids match exactly, so the key index serves them
              args.add(v);
            } else {
              alternatives.add("LOWER(" + f.column + ") = ?");
              args.add(v.toLowerCase(Locale.ROOT));
            }
          }
          if (!alternatives.isEmpty()) {
            terms.add("(" + String.join(" OR ", alternatives) + ")");
          }
        });
    return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
  }

  String orderBy() {
    Field f = sort == null ? null : Field.of(entity, sort);
    String direction = descending ? " DESC" : " ASC";
    String column = f == null ? keyColumn() : f.column;
    return " ORDER BY "
        + column
        + direction
        + (column.equals(keyColumn()) ? "" : ", " + keyColumn() + direction);
  }
}

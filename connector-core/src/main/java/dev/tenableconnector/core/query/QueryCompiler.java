package dev.tenableconnector.core.query;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.FieldType;
import dev.tenableconnector.core.model.FindingSeverity;
import dev.tenableconnector.core.query.QueryNode.And;
import dev.tenableconnector.core.query.QueryNode.Comparison;
import dev.tenableconnector.core.query.QueryNode.Group;
import dev.tenableconnector.core.query.QueryNode.Not;
import dev.tenableconnector.core.query.QueryNode.Or;
import dev.tenableconnector.core.query.QueryNode.Term;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compiles a query into a parameterized SQL condition on the {@code assets} or {@code findings}
 * table: indexed columns where the store has them, JSON fields of the normalized record otherwise
 * ({@code json_extract} on SQLite, {@code ->>} on PostgreSQL; a finding's plugin and asset facts
 * matched on the shared parts, then the findings by the ids of the parts that match), list fields
 * matching when any element does, and terms on the other entity as {@code EXISTS} over the
 * asset/finding link.
 */
public final class QueryCompiler {
  private final SqlDialect dialect;
  private final Instant now;
  private final List<Object> params = new ArrayList<>();
  private int aliases;

  private QueryCompiler(SqlDialect dialect, Instant now) {
    this.dialect = dialect;
    this.now = now;
  }

  /**
   * The condition for records of {@code root} (the table named {@code alias} in the enclosing SQL).
   * Throws {@link QueryException} for a value its field cannot take.
   */
  public static CompiledQuery compile(
      InventoryQuery query, Entity root, String alias, SqlDialect dialect, Instant now) {
    QueryCompiler c = new QueryCompiler(dialect, now);
    String sql = c.condition(query.root(), root, alias);
    return new CompiledQuery(sql, List.copyOf(c.params));
  }

  private String condition(QueryNode node, Entity context, String alias) {
    if (node instanceof And and) {
      return joined(and.parts(), " AND ", context, alias);
    }
    if (node instanceof Or or) {
      return joined(or.parts(), " OR ", context, alias);
    }
    if (node instanceof Not not) {
      // A record whose field is empty does not match the term, so NOT term matches it (SQL alone
      // would leave NULL, and drop it).
      return "NOT COALESCE((" + condition(not.inner(), context, alias) + "), FALSE)";
    }
    if (node instanceof Group group) {
      return within(
          group.entity(), context, alias, inner -> condition(group.inner(), group.entity(), inner));
    }
    Term term = (Term) node;
    Entity entity = term.entity();
    if (entity == null) {
      entity = QueryField.of(context, term.fieldName()).isPresent() ? context : other(context);
    }
    Entity e = entity;
    return within(
        entity,
        context,
        alias,
        inner -> term(term, QueryField.of(e, term.fieldName()).orElseThrow(), inner));
  }

  private interface Body {
    String on(String alias);
  }

  /**
   * The condition on {@code entity} from a {@code context} record: itself, or through the asset
   * link.
   */
  private String within(Entity entity, Entity context, String alias, Body body) {
    if (entity == context) {
      return body.on(alias);
    }
    String inner = (entity == Entity.ASSET ? "a" : "f") + (++aliases);
    return "EXISTS (SELECT 1 FROM "
        + entity.plural()
        + " "
        + inner
        + " WHERE "
        + inner
        + ".external_asset_id = "
        + alias
        + ".external_asset_id AND ("
        + body.on(inner)
        + "))";
  }

  private static Entity other(Entity e) {
    return e == Entity.ASSET ? Entity.FINDING : Entity.ASSET;
  }

  private String joined(List<QueryNode> parts, String operator, Entity context, String alias) {
    List<String> sql = new ArrayList<>();
    for (QueryNode part : parts) {
      sql.add("(" + condition(part, context, alias) + ")");
    }
    return String.join(operator, sql);
  }

  /**
   * The shared-part column of a finding field that its plugin, asset or scan owns (see {@code
   * FindingLayout}), or null for a field of the record's own.
   */
  private static String partColumn(QueryField field) {
    if (field.entity() != Entity.FINDING || field.column() != null) {
      return null;
    }
    return switch (FieldCatalog.of(field.entity()).require(field.name()).owner()) {
      case PLUGIN -> "plugin_part";
      case ASSET -> "asset_part";
      case SCAN -> "scan_part";
      default -> null;
    };
  }

  private String term(Term term, QueryField field, String alias) {
    if (field.derived() != null) {
      // A derived field lives in finding_insights: the findings match by key.
      return alias
          + ".external_finding_id IN (SELECT i.external_finding_id FROM finding_insights i WHERE "
          + derivedTerm(term, field)
          + ")";
    }
    String part = partColumn(field);
    if (part != null) {
      // The term is evaluated once per shared part (a few thousand), not once per finding: the
      // findings match by the ids of the parts that do.
      return alias
          + "."
          + part
          + " IN (SELECT p.part_id FROM record_parts p WHERE "
          + fieldTerm(term, field, "p", "p.data")
          + ")";
    }
    return fieldTerm(term, field, alias, alias + ".data");
  }

  /**
   * A term on a derived field of {@code finding_insights i}: its column, or for the SLA status the
   * window it names at the query's {@code now}.
   */
  private String derivedTerm(Term term, QueryField field) {
    if (field.name().equals("slaStatus")) {
      if (term.comparison() != Comparison.EQ) {
        throw new QueryException(
            term.position(),
            term.written()
                + " is a status; it cannot be compared with "
                + term.comparison().symbol());
      }
      String status = term.value().toUpperCase(Locale.ROOT);
      long at = now.toEpochMilli();
      String condition =
          switch (status) {
            case "WITHIN" -> "i.closed_ms IS NULL AND i.sla_warn_ms > ?";
            case "APPROACHING" -> "i.closed_ms IS NULL AND i.sla_warn_ms <= ? AND i.sla_due_ms > ?";
            case "BREACHED" -> "i.closed_ms IS NULL AND i.sla_due_ms <= ?";
            case "CLOSED_IN_SLA" -> "i.closed_ms <= i.sla_due_ms";
            case "CLOSED_LATE" -> "i.closed_ms > i.sla_due_ms";
            default ->
                throw new QueryException(
                    term.position(),
                    term.written()
                        + " is WITHIN, APPROACHING, BREACHED, CLOSED_IN_SLA or CLOSED_LATE, not '"
                        + term.value()
                        + "'");
          };
      for (int i = 0; i < condition.split("\\?", -1).length - 1; i++) {
        params.add(at);
      }
      return condition;
    }
    QueryField column =
        new QueryField(field.entity(), field.name(), field.type(), field.derived().column(), null);
    if (field.type() == FieldType.BOOLEAN) {
      // Stored as 0/1 on both engines.
      String value = term.value().toLowerCase(Locale.ROOT);
      if (term.comparison() != Comparison.EQ
          || !List.of("true", "yes", "false", "no").contains(value)) {
        throw new QueryException(
            term.position(), term.written() + " is true or false, not '" + term.value() + "'");
      }
      params.add(value.equals("true") || value.equals("yes") ? 1 : 0);
      return column.column() + " = ?";
    }
    return compare(column.column(), field.type(), column, term);
  }

  /** The term on a field of the row {@code alias}, whose JSON fields are in {@code document}. */
  private String fieldTerm(Term term, QueryField field, String alias, String document) {
    if (field.type() == FieldType.STRING_LIST) {
      String element = dialect == SqlDialect.SQLITE ? "je.value" : "je.v";
      String source =
          dialect == SqlDialect.SQLITE
              ? "json_each(" + document + ", '$." + field.name() + "') je"
              : "jsonb_array_elements_text("
                  + document
                  + "::jsonb -> '"
                  + field.name()
                  + "') AS je(v)";
      return "EXISTS (SELECT 1 FROM "
          + source
          + " WHERE "
          + compare(element, FieldType.STRING, field, term)
          + ")";
    }
    String expression;
    if (field.column() != null) {
      expression = alias + "." + field.column();
    } else if (dialect == SqlDialect.SQLITE) {
      expression = "json_extract(" + document + ", '$." + field.name() + "')";
    } else {
      expression = "(" + document + "::jsonb ->> '" + field.name() + "')";
    }
    return compare(expression, field.type(), field, term);
  }

  private String compare(String expression, FieldType type, QueryField field, Term term) {
    String value = term.value();
    Comparison cmp = term.comparison();
    String op = cmp == Comparison.EQ ? "=" : cmp.symbol();
    switch (type) {
      case INTEGER, NUMBER -> {
        if (field.name().equals("findingSeverity")) {
          value = severityLevel(value);
        }
        BigDecimal number;
        try {
          number = new BigDecimal(value);
        } catch (NumberFormatException e) {
          throw new QueryException(
              term.position(),
              term.written()
                  + " is a number"
                  + (field.name().equals("findingSeverity")
                      ? " 1-5 or a severity name (info, low, medium, high, critical)"
                      : "")
                  + "; '"
                  + value
                  + "' is not one");
        }
        // SQLite's driver binds BigDecimal as text; a double compares as a number there.
        params.add(dialect == SqlDialect.SQLITE ? (Object) number.doubleValue() : number);
        if (field.column() != null) {
          return expression + " " + op + " ?";
        }
        return (dialect == SqlDialect.SQLITE
                ? "CAST(" + expression + " AS REAL)"
                : expression + "::numeric")
            + " "
            + op
            + " ?";
      }
      case BOOLEAN -> {
        if (cmp != Comparison.EQ) {
          throw new QueryException(
              term.position(),
              term.written() + " is true or false; it cannot be compared with " + cmp.symbol());
        }
        Boolean b =
            switch (value.toLowerCase(Locale.ROOT)) {
              case "true", "yes" -> true;
              case "false", "no" -> false;
              default ->
                  throw new QueryException(
                      term.position(), term.written() + " is true or false, not '" + value + "'");
            };
        if (dialect == SqlDialect.SQLITE) {
          params.add(b ? 1 : 0);
          return expression + " = ?";
        }
        params.add(b);
        return expression + "::boolean = ?";
      }
      case TIMESTAMP -> {
        return QueryTimes.condition(expression, term, op, now, params);
      }
      default -> {
        if (cmp != Comparison.EQ) {
          throw new QueryException(
              term.position(),
              cmp.symbol()
                  + " compares numbers and dates; "
                  + term.written()
                  + " is text (use * as a wildcard)");
        }
        boolean id = field.name().endsWith("Id") && field.type() == FieldType.STRING;
        if (!term.quoted() && (value.contains("*") || value.contains("?"))) {
          params.add(
              value
                  .toLowerCase(Locale.ROOT)
                  .replace("\\", "\\\\")
                  .replace("%", "\\%")
                  .replace("_", "\\_")
                  .replace('*', '%')
                  .replace('?', '_'));
          return "LOWER(" + expression + ") LIKE ? ESCAPE '\\'";
        }
        if (id) {
          params.add(value);
          return expression + " = ?";
        }
        params.add(value.toLowerCase(Locale.ROOT));
        return "LOWER(" + expression + ") = ?";
      }
    }
  }

  /** A severity's name (info, low, medium, high, critical) as its level 1-5; else the value. */
  private static String severityLevel(String value) {
    for (FindingSeverity s : FindingSeverity.values()) {
      if (s.key().equalsIgnoreCase(value)) {
        return Integer.toString(s.level());
      }
    }
    return value;
  }
}

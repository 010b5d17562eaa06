package dev.tenableconnector.core.query;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.FieldType;
import dev.tenableconnector.core.query.QueryNode.And;
import dev.tenableconnector.core.query.QueryNode.Comparison;
import dev.tenableconnector.core.query.QueryNode.Group;
import dev.tenableconnector.core.query.QueryNode.Not;
import dev.tenableconnector.core.query.QueryNode.Or;
import dev.tenableconnector.core.query.QueryNode.Term;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a query into a parameterized SQL condition on the {@code assets} or {@code findings}
 * table: indexed columns where the store has them, JSON fields of the normalized record otherwise
 * ({@code json_extract} on SQLite, {@code ->>} on PostgreSQL; a finding's plugin and asset facts
 * matched on the shared parts, then the findings by the ids of the parts that match), list fields
 * matching when any element does, and terms on the other entity as {@code EXISTS} over the
 * asset/finding link.
 */
public final class QueryCompiler {
  private static final Pattern RELATIVE = Pattern.compile("(?i)now(?:([-+])(\\d{1,6})([smhdw]))?");

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
        BigDecimal number;
        try {
          number = new BigDecimal(value);
        } catch (NumberFormatException e) {
          throw new QueryException(
              term.position(), term.written() + " is a number; '" + value + "' is not one");
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
        return time(expression, term, op);
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

  /** Dates: ISO date (a whole UTC day), ISO instant, or relative to now (now-30d, now-12h). */
  private String time(String expression, Term term, String op) {
    String value = term.value().strip();
    Matcher relative = RELATIVE.matcher(value);
    Instant at;
    if (relative.matches()) {
      at = now;
      if (relative.group(1) != null) {
        try {
          long n = Long.parseLong(relative.group(2));
          Duration d =
              switch (relative.group(3).toLowerCase(Locale.ROOT)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(Math.multiplyExact(7, n));
              };
          at = relative.group(1).equals("-") ? now.minus(d) : now.plus(d);
        } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
          throw new QueryException(term.position(), "'" + value + "' is too far from now");
        }
      }
      inRange(at, term, value);
    } else if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
      LocalDate day;
      try {
        day = LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new QueryException(term.position(), "'" + value + "' is not a date");
      }
      if (day.getYear() < 1 || day.getYear() >= 9999) {
        throw new QueryException(term.position(), "'" + value + "' is outside the years 0001-9998");
      }
      String start = day.atStartOfDay().toInstant(ZoneOffset.UTC).toString();
      String end = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
      switch (term.comparison()) {
        case EQ -> {
          params.add(start);
          params.add(end);
          return "(" + expression + " >= ? AND " + expression + " < ?)";
        }
        case GT, LE -> {
          params.add(end);
          return expression + (term.comparison() == Comparison.GT ? " >= ?" : " < ?");
        }
        default -> {
          params.add(start);
          return expression + " " + op + " ?";
        }
      }
    } else {
      try {
        at = Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new QueryException(
            term.position(),
            term.written()
                + " is a date: give 2026-01-31,"
                + " 2026-01-31T12:00:00Z or now-30d (s, m, h, d, w), not '"
                + value
                + "'");
      }
      inRange(at, term, value);
    }
    params.add(at.toString());
    return expression + " " + op + " ?";
  }

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /**
   * Dates compare as ISO text, which orders correctly for years 0001-9999 only ("+10000-01-01"
   * sorts before "2026-…"), so a date outside them is refused.
   */
  private static void inRange(Instant at, Term term, String value) {
    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      throw new QueryException(term.position(), "'" + value + "' is outside the years 0001-9999");
    }
  }
}

package dev.tenableconnector.core.query;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.QueryNode.And;
import dev.tenableconnector.core.query.QueryNode.Comparison;
import dev.tenableconnector.core.query.QueryNode.Group;
import dev.tenableconnector.core.query.QueryNode.Not;
import dev.tenableconnector.core.query.QueryNode.Or;
import dev.tenableconnector.core.query.QueryNode.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The inventory query language, as both seeds show users typing it: {@code
 * inventory:(source:"Tenable")}. Terms are {@code field:value} with optional {@code > >= < <=} for
 * numbers and dates, {@code *} wildcards and quoted strings; {@code AND} (or nothing), {@code OR},
 * {@code NOT} (or {@code -}), parentheses, and the groups {@code inventory:(…)} for asset terms and
 * {@code vulnerabilities:(…)} for finding terms. Parsing checks every field name; {@link
 * QueryCompiler} turns a query into parameterized SQL for SQLite or PostgreSQL.
 */
public final class InventoryQuery {
  /** The fields a free-text word is looked for in (unqualified: the records' own first). */
  static final List<String> TEXT_FIELDS =
      List.of("findingName", "cveId", "assetName", "fqdn", "netBiosName");

  /** The longest query taken: far past any query a person writes, short of one built to hurt. */
  public static final int MAX_LENGTH = 4000;

  /** How deep parentheses and NOT may nest together (SQLite refuses expressions past 1000). */
  public static final int MAX_DEPTH = 32;

  /** How many inventory:( / vulnerabilities:( groups may nest: each is a join over a table. */
  public static final int MAX_GROUPS = 2;

  private final QueryNode root;

  private InventoryQuery(QueryNode root) {
    this.root = root;
  }

  public QueryNode root() {
    return root;
  }

  /** Parses a query; throws {@link QueryException} with the position and what was expected. */
  public static InventoryQuery parse(String text) {
    if (text == null) {
      throw new QueryException(0, "expected a query, found nothing");
    }
    if (text.length() > MAX_LENGTH) {
      throw new QueryException(
          MAX_LENGTH,
          "the query is longer than " + MAX_LENGTH + " characters; narrow it with fewer terms");
    }
    QueryParser p = new QueryParser(text);
    p.skipSpace();
    if (p.atEnd()) {
      throw new QueryException(
          0, "expected a query such as inventory:(source:\"Tenable\") or finding.severity:>=4");
    }
    QueryNode node = p.or();
    p.skipSpace();
    if (!p.atEnd()) {
      throw new QueryException(
          p.position(),
          p.peek() == ')'
              ? "unexpected ')': there is no '(' for it"
              : "expected AND, OR or the end of the query, found '" + p.rest() + "'");
    }
    return new InventoryQuery(node);
  }

  /**
   * Parses a query for records of {@code entity} and checks every value against its field's type (a
   * word where a number belongs, a date Tenable could not mean), so a query fails before any record
   * is read or written; throws {@link QueryException} with the position.
   */
  public static InventoryQuery parseFor(
      String text, dev.tenableconnector.core.model.Entity entity) {
    InventoryQuery query = parse(text);
    // Compiling checks the values; the dialect does not matter for that.
    QueryCompiler.compile(
        query, entity, entity.plural(), SqlDialect.SQLITE, java.time.Instant.now());
    return query;
  }

  /** The query in canonical form: parsing it again gives the same query. */
  @Override
  public String toString() {
    return print(root, false);
  }

  private static String print(QueryNode node, boolean nested) {
    if (node instanceof And and) {
      return joined(and.parts(), " AND ", nested);
    }
    if (node instanceof Or or) {
      String text = freeText(or);
      return text != null ? text : joined(or.parts(), " OR ", nested);
    }
    if (node instanceof Not not) {
      return "NOT " + print(not.inner(), true);
    }
    if (node instanceof Group group) {
      return (group.entity() == Entity.ASSET ? "inventory" : "vulnerabilities")
          + ":("
          + print(group.inner(), false)
          + ")";
    }
    Term term = (Term) node;
    return term.written() + ":" + term.comparison().symbol() + printValue(term);
  }

  /** The words of a free-text search as they are written, or null for another OR. */
  private static String freeText(Or or) {
    List<QueryNode> parts = or.parts();
    if (parts.size() < TEXT_FIELDS.size() || parts.size() > TEXT_FIELDS.size() + 1) {
      return null;
    }
    String value = null;
    for (int i = 0; i < parts.size(); i++) {
      if (!(parts.get(i) instanceof Term t)
          || t.entity() != null
          || t.quoted()
          || t.comparison() != Comparison.EQ
          || !(i < TEXT_FIELDS.size() ? TEXT_FIELDS.get(i) : "pluginId").equals(t.written())) {
        return null;
      }
      if (i < TEXT_FIELDS.size()) {
        if (value != null && !value.equals(t.value())
            || !t.value().startsWith("*")
            || !t.value().endsWith("*")
            || t.value().length() < 3) {
          return null;
        }
        value = t.value();
      }
    }
    String words = value.substring(1, value.length() - 1);
    boolean bare =
        parts.size() > TEXT_FIELDS.size()
            || words
                    .chars()
                    .noneMatch(
                        c ->
                            Character.isWhitespace(c)
                                || c == '('
                                || c == ')'
                                || c == '"'
                                || c == '\\'
                                || c == ':'
                                || c == '-')
                && !isKeyword(words)
                && !words.chars().allMatch(Character::isDigit);
    return bare ? words : "\"" + words.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String joined(List<QueryNode> parts, String operator, boolean nested) {
    List<String> printed = new ArrayList<>();
    parts.forEach(p -> printed.add(print(p, true)));
    String s = String.join(operator, printed);
    return nested ? "(" + s + ")" : s;
  }

  private static String printValue(Term term) {
    String v = term.value();
    boolean bare =
        !term.quoted()
            && !v.isEmpty()
            && v.chars()
                .noneMatch(
                    c -> Character.isWhitespace(c) || c == '(' || c == ')' || c == '"' || c == '\\')
            && !startsWithComparison(v)
            && !isKeyword(v);
    return bare ? v : "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static boolean startsWithComparison(String v) {
    return v.startsWith(">") || v.startsWith("<") || v.startsWith("=");
  }

  static boolean isKeyword(String word) {
    String w = word.toUpperCase(Locale.ROOT);
    return w.equals("AND") || w.equals("OR") || w.equals("NOT");
  }
}

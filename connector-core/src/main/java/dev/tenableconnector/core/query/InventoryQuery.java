package dev.tenableconnector.core.query;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.QueryNode.And;
import dev.tenableconnector.core.query.QueryNode.Comparison;
import dev.tenableconnector.core.query.QueryNode.Group;
import dev.tenableconnector.core.query.QueryNode.Not;
import dev.tenableconnector.core.query.QueryNode.Or;
import dev.tenableconnector.core.query.QueryNode.Term;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The inventory query language, as both seeds show users typing it: {@code
 * inventory:(source:"Tenable")}. Terms are {@code field:value} with optional {@code > >= < <=} for
 * numbers and dates, {@code *} wildcards and quoted strings; {@code AND} (or nothing), {@code OR},
 * {@code NOT} (or {@code -}), parentheses, and the groups {@code inventory:(…)} for asset terms and
 * {@code vulnerabilities:(…)} for finding terms. Parsing checks every field name; {@link
 * QueryCompiler} turns a query into parameterized SQL for SQLite or PostgreSQL.
 */
public final class InventoryQuery {
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
    Parser p = new Parser(text);
    p.skipSpace();
    if (p.atEnd()) {
      throw new QueryException(
          0, "expected a query such as inventory:(source:\"Tenable\") or finding.severity:>=4");
    }
    QueryNode node = p.or();
    p.skipSpace();
    if (!p.atEnd()) {
      throw new QueryException(
          p.pos,
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
      return joined(or.parts(), " OR ", nested);
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

  /** Recursive descent over the text, keeping the position for errors. */
  private static final class Parser {
    private final String s;
    private int pos;
    private int depth;
    private int groups;

    /** One more level of parentheses or NOT, refused past {@link #MAX_DEPTH}. */
    void deeper(int at) {
      if (++depth > MAX_DEPTH) {
        throw new QueryException(at, "parentheses and NOT nest more than " + MAX_DEPTH + " deep");
      }
    }

    Parser(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    char peek() {
      return s.charAt(pos);
    }

    String rest() {
      String r = s.substring(pos);
      return r.length() > 20 ? r.substring(0, 20) + "…" : r;
    }

    void skipSpace() {
      while (!atEnd() && Character.isWhitespace(peek())) {
        pos++;
      }
    }

    /** The keyword at the position (AND, OR, NOT), if a whole word. */
    String keyword() {
      int end = pos;
      while (end < s.length() && Character.isLetter(s.charAt(end))) {
        end++;
      }
      String word = s.substring(pos, end);
      boolean wordEnds =
          end >= s.length()
              || Character.isWhitespace(s.charAt(end))
              || s.charAt(end) == '('
              || s.charAt(end) == ')'
              || s.charAt(end) == '-';
      return wordEnds && isKeyword(word) ? word.toUpperCase(Locale.ROOT) : null;
    }

    QueryNode or() {
      List<QueryNode> parts = new ArrayList<>();
      parts.add(and());
      while (true) {
        int save = pos;
        skipSpace();
        if (!atEnd() && "OR".equals(keyword())) {
          pos += 2;
          parts.add(and());
        } else {
          pos = save;
          break;
        }
      }
      return parts.size() == 1 ? parts.get(0) : new Or(List.copyOf(parts));
    }

    QueryNode and() {
      List<QueryNode> parts = new ArrayList<>();
      parts.add(unary());
      while (true) {
        int save = pos;
        skipSpace();
        if (atEnd() || peek() == ')' || "OR".equals(keyword())) {
          pos = save;
          break;
        }
        if ("AND".equals(keyword())) {
          pos += 3;
        }
        parts.add(unary());
      }
      return parts.size() == 1 ? parts.get(0) : new And(List.copyOf(parts));
    }

    QueryNode unary() {
      skipSpace();
      if (atEnd()) {
        throw new QueryException(pos, "expected a term, '(' or NOT, found the end of the query");
      }
      boolean not = "NOT".equals(keyword());
      if (not || peek() == '-') {
        int at = pos;
        pos += not ? 3 : 1;
        deeper(at);
        QueryNode inner = unary();
        depth--;
        return new Not(inner);
      }
      return primary();
    }

    QueryNode primary() {
      if (peek() == '(') {
        int open = pos++;
        deeper(open);
        QueryNode inner = or();
        skipSpace();
        if (atEnd() || peek() != ')') {
          throw new QueryException(
              pos,
              "expected ')' to close the '(' at "
                  + open
                  + (atEnd() ? ", found the end of the query" : ", found '" + rest() + "'"));
        }
        pos++;
        depth--;
        return inner;
      }
      int start = pos;
      while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '.' || peek() == '_')) {
        pos++;
      }
      String name = s.substring(start, pos);
      if (name.isEmpty()) {
        throw new QueryException(
            pos, "expected a field name such as asset.name, found '" + rest() + "'");
      }
      if (atEnd() || peek() != ':') {
        throw new QueryException(pos, "expected ':' after '" + name + "' (terms are field:value)");
      }
      pos++;
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("inventory") || lower.equals("vulnerabilities")) {
        skipSpace();
        if (atEnd() || peek() != '(') {
          throw new QueryException(
              pos, "expected '(' after " + name + ": (groups read " + lower + ":(…))");
        }
        if (++groups > MAX_GROUPS) {
          throw new QueryException(
              start,
              "inventory:( and vulnerabilities:( nest at most "
                  + MAX_GROUPS
                  + " deep (each is a join over the whole inventory)");
        }
        QueryNode inner = primary();
        groups--;
        return new Group(lower.equals("inventory") ? Entity.ASSET : Entity.FINDING, inner);
      }
      return term(name, start);
    }

    Term term(String name, int start) {
      Entity entity = null;
      String field = name;
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("asset.")) {
        entity = Entity.ASSET;
        field = name.substring(6);
      } else if (lower.startsWith("finding.")) {
        entity = Entity.FINDING;
        field = name.substring(8);
      }
      String written;
      if (entity != null) {
        QueryField resolved = QueryField.of(entity, field).orElseThrow(() -> unknown(name, start));
        written = (resolved.entity() == Entity.ASSET ? "asset." : "finding.") + resolved.name();
      } else {
        String f = field;
        QueryField resolved =
            QueryField.of(Entity.ASSET, f)
                .or(() -> QueryField.of(Entity.FINDING, f))
                .orElseThrow(() -> unknown(name, start));
        written = resolved.name();
      }
      Comparison comparison = Comparison.EQ;
      if (s.startsWith(">=", pos)) {
        comparison = Comparison.GE;
      } else if (s.startsWith("<=", pos)) {
        comparison = Comparison.LE;
      } else if (s.startsWith(">", pos)) {
        comparison = Comparison.GT;
      } else if (s.startsWith("<", pos)) {
        comparison = Comparison.LT;
      } else if (s.startsWith("=", pos)) {
        pos++;
      }
      pos += comparison.symbol().length();
      int valueStart = pos;
      if (!atEnd() && peek() == '"') {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
          if (atEnd()) {
            throw new QueryException(valueStart, "the quoted value has no closing '\"'");
          }
          char c = s.charAt(pos++);
          if (c == '"') {
            break;
          }
          if (c == '\\' && !atEnd() && (peek() == '"' || peek() == '\\')) {
            c = s.charAt(pos++);
          }
          value.append(c);
        }
        return new Term(entity, written, comparison, value.toString(), true, start);
      }
      while (!atEnd()
          && !Character.isWhitespace(peek())
          && peek() != '('
          && peek() != ')'
          && peek() != '"') {
        pos++;
      }
      String value = s.substring(valueStart, pos);
      if (value.isEmpty()) {
        throw new QueryException(
            valueStart,
            "expected a value after '"
                + name
                + ":"
                + comparison.symbol()
                + "'"
                + (atEnd() ? "" : ", found '" + rest() + "'"));
      }
      return new Term(entity, written, comparison, value, false, start);
    }

    QueryException unknown(String name, int at) {
      Set<String> candidates = new LinkedHashSet<>(QueryField.names(Entity.ASSET));
      candidates.addAll(QueryField.names(Entity.FINDING));
      if (!name.contains(".")) {
        for (String c : new ArrayList<>(candidates)) {
          candidates.add(c.substring(c.indexOf('.') + 1));
        }
      }
      return new QueryException(
          at,
          "unknown field '"
              + name
              + "'; did you mean '"
              + QueryField.nearest(name, new ArrayList<>(candidates))
              + "'?");
    }
  }
}

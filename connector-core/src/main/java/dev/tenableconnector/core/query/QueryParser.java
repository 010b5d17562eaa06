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
 * Recursive descent over a query's text, keeping the position for errors ({@link InventoryQuery}).
 */
final class QueryParser {

  private final String s;
  private int pos;
  private int depth;
  private int groups;

  /** One more level of parentheses or NOT, refused past {@link InventoryQuery#MAX_DEPTH}. */
  void deeper(int at) {
    if (++depth > InventoryQuery.MAX_DEPTH) {
      throw new QueryException(
          at, "parentheses and NOT nest more than " + InventoryQuery.MAX_DEPTH + " deep");
    }
  }

  QueryParser(String s) {
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
    return wordEnds && InventoryQuery.isKeyword(word) ? word.toUpperCase(Locale.ROOT) : null;
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
    if (peek() == '"') {
      return text(readQuoted(), true, start);
    }
    while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '.' || peek() == '_')) {
      pos++;
    }
    String name = s.substring(start, pos);
    String lowerName = name.toLowerCase(Locale.ROOT);
    if ((atEnd() || peek() != ':')
        && (lowerName.startsWith("asset.") || lowerName.startsWith("finding."))) {
      throw new QueryException(pos, "expected ':' after '" + name + "' (terms are field:value)");
    }
    if (atEnd() || peek() != ':') {
      // Not field:value: a bare word, searched in names, plugin, CVE ids and host names.
      while (!atEnd()
          && !Character.isWhitespace(peek())
          && peek() != '('
          && peek() != ')'
          && peek() != '"'
          && peek() != ':') {
        pos++;
      }
      String word = s.substring(start, pos);
      if (word.isEmpty() || !atEnd() && peek() == ':') {
        throw new QueryException(
            pos,
            word.isEmpty()
                ? "expected a term such as asset.name:web-01 or a word to search for, found '"
                    + rest()
                    + "'"
                : "expected a field name before ':', found '" + word + "'");
      }
      return text(word, false, start);
    }
    pos++;
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("inventory") || lower.equals("vulnerabilities")) {
      skipSpace();
      if (atEnd() || peek() != '(') {
        throw new QueryException(
            pos, "expected '(' after " + name + ": (groups read " + lower + ":(…))");
      }
      if (++groups > InventoryQuery.MAX_GROUPS) {
        throw new QueryException(
            start,
            "inventory:( and vulnerabilities:( nest at most "
                + InventoryQuery.MAX_GROUPS
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
    if (!atEnd() && peek() == '"') {
      return new Term(entity, written, comparison, readQuoted(), true, start);
    }
    int valueStart = pos;
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

  /** A quoted value at the position, with its escapes read. */
  String readQuoted() {
    int valueStart = pos;
    StringBuilder value = new StringBuilder();
    pos++;
    while (true) {
      if (atEnd()) {
        throw new QueryException(valueStart, "the quoted value has no closing '\"'");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return value.toString();
      }
      if (c == '\\' && !atEnd() && (peek() == '"' || peek() == '\\')) {
        c = s.charAt(pos++);
      }
      value.append(c);
    }
  }

  /**
   * Free text: a word or a quoted phrase anywhere in a finding's name (its plugin's), its CVE ids,
   * its asset's names (host name, FQDN, NetBIOS) or, for a number, its plugin id. In an assets
   * query the finding fields reach the asset's findings.
   */
  QueryNode text(String words, boolean quoted, int at) {
    if (words.isBlank()) {
      throw new QueryException(at, "expected words to search for inside the quotes");
    }
    // The words are literal: a * or ? in them is no wildcard, and LIKE's own characters are
    // escaped by the compiler.
    String literal = words.replace("*", "").replace("?", "");
    String contains = "*" + literal + "*";
    List<QueryNode> any = new ArrayList<>();
    for (String field : InventoryQuery.TEXT_FIELDS) {
      any.add(new Term(null, field, Comparison.EQ, contains, false, at));
    }
    if (!quoted && words.chars().allMatch(Character::isDigit) && words.length() < 10) {
      any.add(new Term(null, "pluginId", Comparison.EQ, words, false, at));
    }
    return new Or(List.copyOf(any));
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

  int position() {
    return pos;
  }
}

package dev.tenableconnector.core.query;

import dev.tenableconnector.core.model.Entity;
import java.util.List;

/** The syntax tree of an inventory query. */
public sealed interface QueryNode {
  record And(List<QueryNode> parts) implements QueryNode {}

  record Or(List<QueryNode> parts) implements QueryNode {}

  record Not(QueryNode inner) implements QueryNode {}

  /** {@code inventory:(…)} (assets) or {@code vulnerabilities:(…)} (findings). */
  record Group(Entity entity, QueryNode inner) implements QueryNode {}

  /**
   * {@code field:value}, {@code field:>=value}. {@code entity} is null when the field is
   * unqualified (it then belongs to the enclosing group, or to the records queried); {@code
   * written} is the field's canonical name as the query shows it ({@code asset.assetName}, or
   * {@code source}).
   */
  record Term(
      Entity entity,
      String written,
      Comparison comparison,
      String value,
      boolean quoted,
      int position)
      implements QueryNode {
    /** The model field name without the entity prefix. */
    public String fieldName() {
      return entity == null ? written : written.substring(written.indexOf('.') + 1);
    }
  }

  enum Comparison {
    EQ(""),
    GT(">"),
    GE(">="),
    LT("<"),
    LE("<=");

    final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }
}

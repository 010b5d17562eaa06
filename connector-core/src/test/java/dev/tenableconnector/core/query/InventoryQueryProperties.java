package dev.tenableconnector.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.model.Entity;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the query language over generated queries and generated garbage. */
class InventoryQueryProperties {
  private static final List<String> FIELDS =
      List.of(
          "asset.name",
          "asset.criticality",
          "asset.tags",
          "asset.cloud",
          "asset.lastSeen",
          "finding.severity",
          "finding.cve",
          "finding.status",
          "finding.exploitAvailable",
          "finding.lastFound",
          "source",
          "finding.port",
          "asset.ip");

  @Property(tries = 500)
  void parsePrintParseIsStable(@ForAll("queries") String query) {
    InventoryQuery once = InventoryQuery.parse(query);
    InventoryQuery twice = InventoryQuery.parse(once.toString());
    assertThat(twice.toString()).isEqualTo(once.toString());
  }

  @Property(tries = 2000)
  void randomTextFailsOnlyWithAQueryError(@ForAll("garbage") String text) {
    try {
      InventoryQuery q = InventoryQuery.parse(text);
      for (Entity root : Entity.values()) {
        for (SqlDialect dialect : SqlDialect.values()) {
          QueryCompiler.compile(q, root, root.plural(), dialect, Instant.EPOCH);
        }
      }
    } catch (QueryException e) {
      assertThat(e.position()).isBetween(0, text.length());
    }
  }

  @Property(tries = 300)
  void generatedQueriesCompileOnBothEnginesWithOnePlaceholderPerValue(
      @ForAll("typedQueries") String query) {
    for (SqlDialect dialect : SqlDialect.values()) {
      CompiledQuery c =
          QueryCompiler.compile(
              InventoryQuery.parse(query), Entity.FINDING, "findings", dialect, Instant.EPOCH);
      assertThat(c.sql().chars().filter(ch -> ch == '?').count()).isEqualTo(c.params().size());
    }
  }

  @Provide
  Arbitrary<String> garbage() {
    Arbitrary<String> alphabet =
        Arbitraries.strings()
            .withChars("asetfindg.:()\"\\*<>=- ORANDNOT0123456789?")
            .ofMaxLength(40);
    return Arbitraries.oneOf(
        alphabet,
        Arbitraries.strings().ofMaxLength(30),
        queries().map(q -> q.substring(0, q.length() / 2)));
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> term =
        Combinators.combine(
                Arbitraries.of(FIELDS),
                Arbitraries.of("", ">", ">=", "<", "<=", "="),
                Arbitraries.oneOf(
                    Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8),
                    Arbitraries.strings()
                        .withChars("ab \"\\*()")
                        .ofMinLength(0)
                        .ofMaxLength(6)
                        .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")))
            .as((f, c, v) -> f + ":" + c + v);
    return Arbitraries.recursive(() -> term, this::combine, 3)
        .filter(q -> groupDepth(q) <= InventoryQuery.MAX_GROUPS);
  }

  @Provide
  Arbitrary<String> typedQueries() {
    Arbitrary<String> term =
        Arbitraries.of(
            "finding.severity:>=4",
            "finding.cve:CVE-2021-44228",
            "asset.name:web*",
            "finding.lastFound:>now-30d",
            "asset.criticality:>7",
            "finding.exploitAvailable:true",
            "inventory:(source:\"Tenable\")",
            "finding.firstFound:2026-01-01",
            "asset.tags:\"Env:Prod\"");
    return Arbitraries.recursive(() -> term, this::combine, 3)
        .filter(q -> groupDepth(q) <= InventoryQuery.MAX_GROUPS);
  }

  /** How deep inventory:( and vulnerabilities:( groups nest in a generated query. */
  static int groupDepth(String q) {
    int depth = 0;
    int max = 0;
    java.util.Deque<Boolean> opens = new java.util.ArrayDeque<>();
    for (int i = 0; i < q.length(); i++) {
      if (q.charAt(i) == '(') {
        boolean group =
            q.startsWith("inventory:", Math.max(0, i - 10)) && i >= 10
                || q.startsWith("vulnerabilities:", Math.max(0, i - 16)) && i >= 16;
        opens.push(group);
        if (group) {
          max = Math.max(max, ++depth);
        }
      } else if (q.charAt(i) == ')' && !opens.isEmpty() && opens.pop()) {
        depth--;
      }
    }
    return max;
  }

  private Arbitrary<String> combine(Arbitrary<String> inner) {
    return Arbitraries.oneOf(
        Combinators.combine(inner, inner).as((a, b) -> a + " " + b),
        Combinators.combine(inner, inner).as((a, b) -> "(" + a + " OR " + b + ")"),
        inner.map(a -> "NOT " + a),
        inner.map(a -> "vulnerabilities:(" + a + ")"),
        inner.map(a -> "inventory:(" + a + ")"));
  }
}

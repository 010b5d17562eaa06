package dev.tenableconnector.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenableconnector.core.model.Entity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing, printing, errors and the SQL a query compiles to. */
class InventoryQueryTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private static CompiledQuery sqlite(String q, Entity root) {
    return QueryCompiler.compile(
        InventoryQuery.parse(q), root, root.plural(), SqlDialect.SQLITE, NOW);
  }

  @Test
  void theSeedsQueryParsesAndPrintsCanonically() {
    assertThat(InventoryQuery.parse("inventory:(source:\"Tenable\")").toString())
        .isEqualTo("inventory:(source:\"Tenable\")");
    assertThat(
            InventoryQuery.parse("asset.name:web* finding.severity:>=4 OR NOT finding.status:FIXED")
                .toString())
        .isEqualTo(
            "(asset.assetName:web* AND finding.findingSeverity:>=4) OR NOT finding.findingStatus:FIXED");
    assertThat(
            InventoryQuery.parse(
                    "-finding.cve:\"CVE-2021-44228\" and (asset.cloud:EC2 or asset.cloud:Azure)")
                .toString())
        .isEqualTo(
            "NOT finding.cveId:\"CVE-2021-44228\" AND (asset.cloudProvider:EC2 OR asset.cloudProvider:Azure)");
    assertThat(InventoryQuery.parse("asset.name:\"db \\\"primary\\\"\"").toString())
        .isEqualTo("asset.assetName:\"db \\\"primary\\\"\"");
  }

  @Test
  void errorsPointAtThePositionAndSayWhatWasExpected() {
    assertThatThrownBy(() -> InventoryQuery.parse("inventory:(source:\"Tenable\""))
        .isInstanceOf(QueryException.class)
        .hasMessage("at 27: expected ')' to close the '(' at 10, found the end of the query");
    assertThatThrownBy(() -> InventoryQuery.parse("asset.nme:web"))
        .hasMessage("at 0: unknown field 'asset.nme'; did you mean 'asset.name'?");
    assertThatThrownBy(() -> InventoryQuery.parse("finding.severty:>=4"))
        .hasMessageContaining("did you mean 'finding.severity'?");
    assertThatThrownBy(() -> InventoryQuery.parse("asset.name"))
        .hasMessage("at 10: expected ':' after 'asset.name' (terms are field:value)");
    assertThatThrownBy(() -> InventoryQuery.parse("asset.name: web"))
        .hasMessage("at 11: expected a value after 'asset.name:', found ' web'");
    assertThatThrownBy(() -> InventoryQuery.parse("asset.name:\"web"))
        .hasMessage("at 11: the quoted value has no closing '\"'");
    assertThatThrownBy(() -> InventoryQuery.parse("asset.name:web)"))
        .hasMessage("at 14: unexpected ')': there is no '(' for it");
    assertThatThrownBy(() -> InventoryQuery.parse("   "))
        .hasMessageStartingWith("at 0: expected a query");
    assertThatThrownBy(() -> sqlite("finding.severity:urgent", Entity.FINDING))
        .hasMessage(
            "at 0: finding.findingSeverity is a number 1-5 or a severity name (info, low, medium,"
                + " high, critical); 'urgent' is not one");
    assertThatThrownBy(() -> sqlite("finding.slaStatus:>BREACHED", Entity.FINDING))
        .hasMessageContaining("is a status; it cannot be compared with >");
    assertThatThrownBy(() -> InventoryQuery.parse("\"\""))
        .hasMessageContaining("expected words to search for inside the quotes");
    assertThatThrownBy(() -> sqlite("x:1 asset.name:>b", Entity.ASSET))
        .hasMessageContaining("unknown field 'x'");
    assertThatThrownBy(() -> sqlite("asset.name:>b", Entity.ASSET))
        .hasMessageContaining("compares numbers and dates; asset.assetName is text");
    assertThatThrownBy(() -> sqlite("finding.lastFound:>yesterday", Entity.FINDING))
        .hasMessageContaining("is a date: give 2026-01-31");
  }

  @Test
  void severityNamesAreTheirLevels() {
    CompiledQuery high = sqlite("finding.severity:>=HIGH", Entity.FINDING);
    assertThat(high.sql()).isEqualTo("findings.finding_severity >= ?");
    assertThat(high.params()).containsExactly(4.0);
    assertThat(sqlite("finding.severity:critical", Entity.FINDING).params()).containsExactly(5.0);
    assertThat(sqlite("severity:info", Entity.FINDING).params()).containsExactly(1.0);
  }

  @Test
  void aBareWordOrPhraseSearchesNamesPluginCvesAndHostNames() {
    InventoryQuery word = InventoryQuery.parse("log4j");
    assertThat(word.toString()).isEqualTo("log4j");
    CompiledQuery q = sqlite("log4j", Entity.FINDING);
    assertThat(q.params()).containsOnly("%log4j%");
    assertThat(q.sql())
        .contains("LOWER(findings.finding_name) LIKE ?")
        .contains("record_parts")
        .contains(" OR ");
    InventoryQuery phrase = InventoryQuery.parse("\"remote code\" finding.severity:>=high");
    assertThat(phrase.toString()).isEqualTo("\"remote code\" AND finding.findingSeverity:>=high");
    assertThat(InventoryQuery.parse(phrase.toString()).toString()).isEqualTo(phrase.toString());
    assertThat(InventoryQuery.parse("CVE-2021-44228").toString()).isEqualTo("\"CVE-2021-44228\"");
    InventoryQuery number = InventoryQuery.parse("19506");
    assertThat(number.toString()).isEqualTo("19506");
    assertThat(sqlite("19506", Entity.FINDING).sql()).contains("findings.plugin_id = ?");
    // In an assets query the finding fields reach the asset's findings.
    assertThat(sqlite("openssl", Entity.ASSET).sql()).contains("EXISTS (SELECT 1 FROM findings");
    assertThat(InventoryQuery.parse("NOT apache -nginx").toString())
        .isEqualTo("NOT apache AND NOT nginx");
  }

  @Test
  void derivedFieldsCompileToTheInsightsTable() {
    CompiledQuery breached = sqlite("finding.slaStatus:breached", Entity.FINDING);
    assertThat(breached.sql())
        .isEqualTo(
            "findings.external_finding_id IN (SELECT i.external_finding_id FROM finding_insights i"
                + " WHERE i.closed_ms IS NULL AND i.sla_due_ms <= ?)");
    assertThat(sqlite("finding.inKev:true", Entity.FINDING).params()).containsExactly(1);
    assertThat(sqlite("finding.priority:ACT", Entity.FINDING).sql())
        .contains("LOWER(i.priority) = ?");
    assertThat(sqlite("finding.epss:>=0.5", Entity.FINDING).sql()).contains("i.epss >= ?");
    assertThat(sqlite("finding.epssScore:>=50", Entity.FINDING).sql())
        .as("Tenable's own EPSS, in percent")
        .contains("epssScore");
  }

  @Test
  void valuesAreBoundNeverWrittenIntoTheSql() {
    CompiledQuery q = sqlite("asset.name:\"x' OR 1=1 --\"", Entity.ASSET);
    assertThat(q.sql()).doesNotContain("1=1").isEqualTo("LOWER(assets.asset_name) = ?");
    assertThat(q.params()).containsExactly("x' or 1=1 --");
  }

  @Test
  void termsCompileToIndexedColumnsJsonFieldsListsAndLinks() {
    assertThat(sqlite("finding.severity:>=4", Entity.FINDING).sql())
        .isEqualTo("findings.finding_severity >= ?");
    assertThat(sqlite("asset.criticality:>7", Entity.ASSET).sql())
        .isEqualTo("CAST(json_extract(assets.data, '$.criticality') AS REAL) > ?");
    // A plugin's facts are stored once, in the shared part the finding references: the term runs
    // on the parts, the findings match by part id.
    assertThat(sqlite("finding.cve:CVE-2021-44228", Entity.FINDING).sql())
        .isEqualTo(
            "findings.plugin_part IN (SELECT p.part_id FROM record_parts p WHERE EXISTS (SELECT 1"
                + " FROM json_each(p.data, '$.cveId') je WHERE LOWER(je.value) = ?))");
    assertThat(sqlite("finding.port:443", Entity.FINDING).sql())
        .isEqualTo("CAST(json_extract(findings.data, '$.findingPort') AS REAL) = ?");
    assertThat(sqlite("finding.fqdn:web*", Entity.FINDING).sql())
        .startsWith("findings.asset_part IN (SELECT p.part_id FROM record_parts p WHERE");
    CompiledQuery linked = sqlite("vulnerabilities:(finding.severity:5)", Entity.ASSET);
    assertThat(linked.sql())
        .isEqualTo(
            "EXISTS (SELECT 1 FROM findings f1 WHERE f1.external_asset_id ="
                + " assets.external_asset_id AND (f1.finding_severity = ?))");
    CompiledQuery pg =
        QueryCompiler.compile(
            InventoryQuery.parse("inventory:(asset.cloud:EC2) finding.exploitAvailable:true"),
            Entity.FINDING,
            "findings",
            SqlDialect.POSTGRESQL,
            NOW);
    assertThat(pg.sql())
        .isEqualTo(
            "(EXISTS (SELECT 1 FROM assets a1 WHERE a1.external_asset_id ="
                + " findings.external_asset_id AND (LOWER(a1.cloud_provider) = ?))) AND"
                + " (findings.plugin_part IN (SELECT p.part_id FROM record_parts p WHERE"
                + " (p.data::jsonb ->> 'isExploitAvailable')::boolean = ?))");
    assertThat(pg.params()).containsExactly("ec2", true);
  }

  @Test
  void datesTakeDaysInstantsAndRelativeForms() {
    assertThat(sqlite("finding.lastFound:>=now-30d", Entity.FINDING).params())
        .containsExactly("2026-10-23T12:00:00Z");
    assertThat(sqlite("finding.lastFound:<now-12h", Entity.FINDING).params())
        .containsExactly("2026-11-22T00:00:00Z");
    CompiledQuery day = sqlite("finding.firstFound:2026-01-31", Entity.FINDING);
    assertThat(day.sql()).contains(">= ? AND").contains("< ?");
    assertThat(day.params()).containsExactly("2026-01-31T00:00:00Z", "2026-02-01T00:00:00Z");
    assertThat(sqlite("finding.firstFound:>2026-01-31", Entity.FINDING).params())
        .containsExactly("2026-02-01T00:00:00Z");
    assertThat(sqlite("asset.updatedAt:<\"2026-01-31T10:00:00Z\"", Entity.ASSET).params())
        .containsExactly("2026-01-31T10:00:00Z");
  }

  @Test
  void wildcardsBecomeLikePatternsWithTheirOwnCharactersEscaped() {
    CompiledQuery q = sqlite("asset.name:web_1%*", Entity.ASSET);
    assertThat(q.sql()).isEqualTo("LOWER(assets.asset_name) LIKE ? ESCAPE '\\'");
    assertThat(q.params()).isEqualTo(List.of("web\\_1\\%%"));
    CompiledQuery literal = sqlite("asset.name:\"web*\"", Entity.ASSET);
    assertThat(literal.sql())
        .as("a quoted value is literal")
        .isEqualTo("LOWER(assets.asset_name) = ?");
    assertThat(literal.params()).containsExactly("web*");
  }

  private static QueryException refusal(String query) {
    try {
      InventoryQuery.parseFor(query, Entity.FINDING);
    } catch (QueryException e) {
      return e;
    }
    throw new AssertionError("accepted: " + query.substring(0, Math.min(80, query.length())));
  }

  @Test
  void aQueryBuiltToHurtIsRefusedWithAPositionNotAStackOverflow() {
    assertThat(refusal("(".repeat(10_000) + "finding.severity:5" + ")".repeat(10_000)).getMessage())
        .contains("longer than 4000 characters");
    assertThat(refusal("(".repeat(33) + "finding.severity:5" + ")".repeat(33)).getMessage())
        .contains("nest more than 32 deep");
    assertThat(refusal("NOT ".repeat(499) + "finding.severity:5").getMessage())
        .contains("nest more than 32 deep");
    assertThat(refusal("-".repeat(40) + "finding.severity:5").position()).isEqualTo(32);
    assertThat(
            refusal("vulnerabilities:(inventory:(vulnerabilities:(finding.name:a*)))").getMessage())
        .contains("nest at most 2 deep");
    assertThat(InventoryQuery.parseFor("NOT ".repeat(10) + "finding.severity:5", Entity.FINDING))
        .isNotNull();
    assertThat(
            InventoryQuery.parseFor(
                "inventory:(vulnerabilities:(finding.severity:5))", Entity.FINDING))
        .isNotNull();
  }

  @Test
  void datesOutsideTheYearsIsoTextCanOrderAreRefused() {
    assertThat(refusal("finding.lastFound:>=+10000-01-01T00:00:00Z").getMessage())
        .contains("outside the years 0001-9999");
    assertThat(refusal("finding.lastFound:>=now+999999w").getMessage())
        .contains("outside the years");
    assertThat(refusal("finding.lastFound:>=now-999999w").getMessage())
        .contains("outside the years");
    assertThat(InventoryQuery.parseFor("finding.lastFound:>=9998-01-01", Entity.FINDING))
        .isNotNull();
  }
}

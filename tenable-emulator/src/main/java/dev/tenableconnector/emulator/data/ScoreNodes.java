package dev.tenableconnector.emulator.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Writes a vulnerability plugin's CVSS (v2, v3, v4) and VPR (v1, v2) objects from its scores. */
final class ScoreNodes {
  private static final String[] NEWS_RECENCY = {
    "0_7_DAYS", "7_14_DAYS", "14_30_DAYS", "30_60_DAYS", "60_180_DAYS", "NO_RECORDED_EVENTS"
  };
  private static final String[] INTENSITY = {"VERY_LOW", "LOW", "MEDIUM", "HIGH", "VERY_HIGH"};
  private static final String[] COVERAGE = {"LOW", "MEDIUM", "HIGH", "VERY_HIGH", "UNKNOWN"};
  private static final String[] THREAT_SOURCES = {
    "No recorded events",
    "Social Media",
    "Security Research",
    "Mainstream Media",
    "Hacker Forum",
    "Dark Web and Underground",
    "Others"
  };

  private ScoreNodes() {}

  /** The CVSS scores, vectors and temporal vectors, consistent with the severity and maturity. */
  static void cvss(
      ObjectNode n,
      long seed,
      int i,
      int severity,
      int cveYear,
      double cvss3,
      double cvss2,
      String maturity,
      String type) {
    String av = Hash.unit(Hash.of(seed, i, 26, 0)) < 0.7 || !"local".equals(type) ? "N" : "L";
    String cvss3Vector =
        "AV:"
            + av
            + "/AC:"
            + (Hash.below(Hash.of(seed, i, 27, 0), 3) == 0 ? "H" : "L")
            + "/PR:N/UI:N/S:U/C:H/I:"
            + (severity >= 3 ? "H" : "L")
            + "/A:"
            + (severity >= 2 ? "H" : "N");
    String temporalE =
        switch (maturity) {
          case "HIGH" -> "H";
          case "FUNCTIONAL" -> "F";
          case "POC" -> "P";
          default -> "U";
        };

    n.put("cvss3_base_score", cvss3);
    n.put("cvss3_temporal_score", round1(cvss3 * 0.9));
    ObjectNode t3 = n.putObject("cvss3_temporal_vector");
    t3.put("exploitability", exploitWord(temporalE));
    t3.put("remediation_level", "Official-fix");
    t3.put("report_confidence", "Confirmed");
    t3.put("raw", "E:" + temporalE + "/RL:O/RC:C");
    ObjectNode v3 = n.putObject("cvss3_vector");
    v3.put("availability_impact", severity >= 2 ? "High" : "None");
    v3.put("confidentiality_impact", "High");
    v3.put("integrity_impact", severity >= 3 ? "High" : "Low");
    v3.put("raw", cvss3Vector);
    if (cveYear >= 2023) {
      // CVSS v4 (November 2023) is scored on newer vulnerabilities only.
      double cvss4 =
          round1(
              Math.max(
                  0.1, Math.min(10.0, cvss3 - 0.6 + 1.2 * Hash.unit(Hash.of(seed, i, 31, 0)))));
      n.put("cvss4_base_score", cvss4);
      ObjectNode v4 = n.putObject("cvss4_vector");
      boolean network = av.equals("N");
      v4.put("attack_vector", network ? "Network" : "Local");
      v4.put("attack_complexity", "Low");
      v4.put(
          "attack_requirements", Hash.below(Hash.of(seed, i, 31, 1), 3) == 0 ? "Present" : "None");
      v4.put("privileges_required", "None");
      v4.put("user_interaction", "None");
      String vc = "High";
      String vi = severity >= 3 ? "High" : "Low";
      String va = severity >= 2 ? "High" : "None";
      v4.put("vulnerable_system_confidentiality", vc);
      v4.put("vulnerable_system_integrity", vi);
      v4.put("vulnerable_system_availability", va);
      v4.put("subsequent_system_confidentiality", "None");
      v4.put("subsequent_system_integrity", "None");
      v4.put("subsequent_system_availability", "None");
      v4.put(
          "raw",
          "AV:"
              + (network ? "N" : "L")
              + "/AC:L/AT:"
              + (v4.path("attack_requirements").asText().equals("None") ? "N" : "P")
              + "/PR:N/UI:N/VC:"
              + vc.charAt(0)
              + "/VI:"
              + vi.charAt(0)
              + "/VA:"
              + va.charAt(0)
              + "/SC:N/SI:N/SA:N");
    }
    n.put("cvss_base_score", cvss2);
    n.put("cvss_temporal_score", round1(cvss2 * 0.85));
    ObjectNode t2 = n.putObject("cvss_temporal_vector");
    t2.put("exploitability", exploitWord(temporalE));
    t2.put("remediation_level", "Official-fix");
    t2.put("report_confidence", "Confirmed");
    t2.put("raw", "E:" + (temporalE.equals("P") ? "POC" : temporalE) + "/RL:OF/RC:C");
    ObjectNode v2 = n.putObject("cvss_vector");
    v2.put("access_complexity", "Low");
    v2.put("access_vector", av.equals("N") ? "Network" : "Local-access");
    v2.put("authentication", "None required");
    v2.put("availability_impact", severity >= 2 ? "Complete" : "None");
    v2.put("confidentiality_impact", severity >= 3 ? "Complete" : "Partial");
    v2.put("integrity_impact", "Partial");
    v2.put(
        "raw",
        "AV:"
            + av
            + "/AC:L/Au:N/C:"
            + (severity >= 3 ? "C" : "P")
            + "/I:P/A:"
            + (severity >= 2 ? "C" : "N"));
  }

  /** VPR v1 with its drivers and VPR v2, following exploitability, EPSS and known exploitation. */
  static void vpr(
      ObjectNode n,
      long seed,
      int i,
      Instant now,
      double vpr,
      double cvss3,
      double epss,
      String maturity,
      boolean exploit,
      boolean log4j,
      String firstCve) {
    ObjectNode vprNode = n.putObject("vpr");
    vprNode.put("score", vpr);
    ObjectNode d = vprNode.putObject("drivers");
    ObjectNode age = d.putObject("age_of_vuln");
    age.put("lower_bound", 366);
    age.put("upper_bound", 730);
    d.put("exploit_code_maturity", maturity);
    d.put("cvss_impact_score_predicted", false);
    d.put("cvss3_impact_score", round1(Math.min(6.0, cvss3 * 0.6)));
    d.put("threat_intensity_last28", INTENSITY[Hash.below(Hash.of(seed, i, 44, 0), 5)]);
    ObjectNode recency = d.putObject("threat_recency");
    recency.put("lower_bound", 31);
    recency.put("upper_bound", 120);
    ArrayNode sources = d.putArray("threat_sources_last28");
    sources.add(THREAT_SOURCES[Hash.below(Hash.of(seed, i, 45, 0), THREAT_SOURCES.length)]);
    d.put("product_coverage", COVERAGE[Hash.below(Hash.of(seed, i, 46, 0), 5)]);
    vprNode.put("updated", PluginTables.date(now, Hash.of(seed, i, 47, 0), 20));
    ObjectNode v2Node = n.putObject("vpr_v2");
    boolean kev =
        log4j
            || exploit
                && epss > 20
                && !maturity.equals("POC")
                && Hash.unit(Hash.of(seed, i, 54, 0)) < 0.5;
    double v2Score = round1(Math.max(0.1, Math.min(10.0, vpr * 0.85 + epss / 30)));
    if (kev) {
      // Known exploitation weighs most in VPR v2.
      v2Score = Math.max(v2Score, round1(7.5 + 2.4 * Hash.unit(Hash.of(seed, i, 54, 1))));
    }
    v2Node.put("score", v2Score);
    v2Node.put(
        "vpr_percentile",
        Math.round(Math.min(99.99, v2Score * 9.7 + 2 * Hash.unit(Hash.of(seed, i, 53, 0))) * 100)
            / 100.0);
    v2Node.put(
        "vpr_severity",
        v2Score >= 9 ? "CRITICAL" : v2Score >= 7 ? "HIGH" : v2Score >= 4 ? "MEDIUM" : "LOW");
    v2Node.put("exploit_probability", Math.round(epss * 1000) / 100_000.0);
    v2Node.put("cve_id", firstCve);
    v2Node.put("exploit_code_maturity", maturity);
    v2Node.put("on_cisa_kev", kev);
    boolean news = n.path("in_the_news").asBoolean() || kev;
    v2Node.put(
        "in_the_news_intensity_last30",
        news ? INTENSITY[2 + Hash.below(Hash.of(seed, i, 55, 0), 3)] : "VERY_LOW");
    v2Node.put(
        "in_the_news_recency",
        news ? NEWS_RECENCY[Hash.below(Hash.of(seed, i, 56, 0), 5)] : "NO_RECORDED_EVENTS");
    boolean malware = n.path("exploited_by_malware").asBoolean();
    v2Node.put("malware_observations_intensity_last30", malware ? "MEDIUM" : "VERY_LOW");
    v2Node.put("malware_observations_recency", malware ? "30_60_DAYS" : "NO_RECORDED_EVENTS");
  }

  private static String exploitWord(String e) {
    return switch (e) {
      case "H" -> "High";
      case "F" -> "Functional";
      case "P" -> "Proof-of-concept";
      default -> "Unproven";
    };
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}

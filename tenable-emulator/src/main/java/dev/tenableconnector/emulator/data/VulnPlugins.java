package dev.tenableconnector.emulator.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Makes the vulnerability checks of the {@link PluginCatalog}: a product's version check with CVEs
 * of one era, dates in order, scores that follow exploitability, and Tenable's JSON object.
 */
final class VulnPlugins {
  private static final String[] RISK_FACTORS = {"None", "Low", "Medium", "High", "Critical"};

  private static final String[] MATURITY = {"UNPROVEN", "POC", "FUNCTIONAL", "HIGH"};

  private VulnPlugins() {}

  static Plugin vuln(ObjectMapper mapper, int i, long seed, Instant now) {
    String[] product =
        PluginTables.PRODUCTS[Hash.below(Hash.of(seed, i, 1, 0), PluginTables.PRODUCTS.length)];
    double roll = Hash.unit(Hash.of(seed, i, 2, 0));
    // Among checks (not the info plugins): low 17%, medium 42%, high 29%, critical 12%.
    int severity = roll < 0.17 ? 1 : roll < 0.59 ? 2 : roll < 0.88 ? 3 : 4;
    long id = 20_000 + i * 157L + Hash.below(Hash.of(seed, i, 3, 0), 150);
    boolean log4j = i == PluginTables.INFO_PLUGINS.length; // one famous CVE to search for
    String version =
        (1 + Hash.below(Hash.of(seed, i, 4, 0), 12))
            + "."
            + Hash.below(Hash.of(seed, i, 5, 0), 20)
            + "."
            + Hash.below(Hash.of(seed, i, 6, 0), 40);
    // The CVE era: recent years are the most common, as in a real estate's findings.
    int thisYear = now.atZone(java.time.ZoneOffset.UTC).getYear();
    int cveYear =
        log4j
            ? 2021
            : thisYear - (int) Math.floor(11 * Math.pow(Hash.unit(Hash.of(seed, i, 8, 1)), 1.6));
    String name =
        log4j
            ? "Apache Log4j < 2.15.0 Remote Code Execution (Log4Shell)"
            : product[0]
                + " < "
                + version
                + (Hash.below(Hash.of(seed, i, 7, 0), 2) == 0
                    ? " Multiple Vulnerabilities"
                    : " Vulnerability ("
                        + (char) ('A' + i % 26)
                        + "SA-"
                        + cveYear
                        + "-"
                        + (100 + i % 900)
                        + ")");
    String family = log4j ? "Misc." : product[1];
    List<String> cves = new ArrayList<>();
    if (log4j) {
      cves.add("CVE-2021-44228");
    } else {
      int count =
          1
              + (Hash.unit(Hash.of(seed, i, 8, 0)) < 0.35
                  ? Hash.below(Hash.of(seed, i, 9, 0), 5)
                  : 0);
      for (int c = 0; c < count; c++) {
        long h = Hash.of(seed, i, 10, c);
        int year = c == 0 ? cveYear : cveYear - Hash.below(h >>> 40, 2);
        cves.add("CVE-" + year + "-" + (1000 + Hash.below(h >>> 20, 48000)));
      }
    }
    // Disclosure in the CVE's year, the vendor's patch after it, the plugin after both.
    Instant today = now.truncatedTo(ChronoUnit.DAYS);
    Instant vulnPublished =
        earliest(
            java.time.LocalDate.of(cveYear, 1, 1)
                .atStartOfDay(java.time.ZoneOffset.UTC)
                .toInstant()
                .plus(Hash.below(Hash.of(seed, i, 43, 0), 360), ChronoUnit.DAYS),
            today.minus(3, ChronoUnit.DAYS));
    if (log4j) {
      vulnPublished = Instant.parse("2021-12-10T00:00:00Z");
    }
    Instant patchPublished =
        earliest(
            vulnPublished.plus(Hash.below(Hash.of(seed, i, 37, 0), 60), ChronoUnit.DAYS),
            today.minus(2, ChronoUnit.DAYS));
    Instant published =
        earliest(
            patchPublished.plus(1 + Hash.below(Hash.of(seed, i, 38, 0), 20), ChronoUnit.DAYS),
            today.minus(1, ChronoUnit.DAYS));
    Instant modified =
        published.plus(
            (long)
                (Hash.unit(Hash.of(seed, i, 36, 0))
                    * java.time.Duration.between(published, today).toDays()),
            ChronoUnit.DAYS);
    double cvss3 =
        round1(
            switch (severity) {
              case 1 -> 0.1 + 3.8 * Hash.unit(Hash.of(seed, i, 20, 0));
              case 2 -> 4.0 + 2.9 * Hash.unit(Hash.of(seed, i, 20, 0));
              case 3 -> 7.0 + 1.9 * Hash.unit(Hash.of(seed, i, 20, 0));
              default -> 9.0 + 1.0 * Hash.unit(Hash.of(seed, i, 20, 0));
            });
    if (log4j) {
      cvss3 = 10.0;
      severity = 4;
    }
    double cvss2 =
        round1(
            Math.max(0.0, Math.min(10.0, cvss3 - 0.8 + 1.2 * Hash.unit(Hash.of(seed, i, 21, 0)))));
    boolean exploit = Hash.unit(Hash.of(seed, i, 22, 0)) < 0.35 || log4j;
    boolean hasVpr = Hash.unit(Hash.of(seed, i, 23, 0)) < 0.9;
    String maturity =
        log4j
            ? "HIGH"
            : exploit ? MATURITY[1 + Hash.below(Hash.of(seed, i, 25, 0), 3)] : "UNPROVEN";
    // EPSS (a percentage) and VPR follow exploitability, as they do in real data: most
    // vulnerabilities have an EPSS under 1 %; those with public exploits score far higher.
    double epss =
        log4j
            ? 94.358
            : exploit
                ? round3(
                    3
                        + 94
                            * Math.pow(Hash.unit(Hash.of(seed, i, 51, 0)), 1.8)
                            * (maturity.equals("HIGH") ? 1.0 : 0.7))
                : round3(0.02 + 2.5 * Math.pow(Hash.unit(Hash.of(seed, i, 51, 0)), 3));
    double vpr =
        round1(
            Math.max(
                0.1,
                Math.min(
                    10.0,
                    cvss3 * (0.35 + 0.35 * Hash.unit(Hash.of(seed, i, 24, 0)))
                        + (exploit ? 1.5 + 2.5 * Hash.unit(Hash.of(seed, i, 24, 1)) : 0)
                        + (maturity.equals("HIGH") ? 1.0 : 0))));
    if (log4j) {
      vpr = 10.0;
    }
    ObjectNode n = mapper.createObjectNode();
    if (Hash.unit(Hash.of(seed, i, 28, 0)) < 0.2) {
      ArrayNode bid = n.putArray("bid");
      bid.add(100_000 + Hash.below(Hash.of(seed, i, 29, 0), 9000));
    }
    if (exploit && Hash.unit(Hash.of(seed, i, 30, 0)) < 0.3) {
      n.put("canvas_package", "CANVAS");
    }
    n.put("checks_for_default_account", false);
    n.put("checks_for_malware", false);
    ArrayNode cpe = n.putArray("cpe");
    cpe.add(product[6] + ":" + version);
    ArrayNode cve = n.putArray("cve");
    cves.forEach(cve::add);
    ScoreNodes.cvss(n, seed, i, severity, cveYear, cvss3, cvss2, maturity, product[5]);
    n.put(
        "description",
        "The version of "
            + product[0]
            + " installed on the remote host is prior"
            + " to "
            + version
            + ". It is therefore affected by "
            + cves.size()
            + (cves.size() == 1 ? " vulnerability" : " vulnerabilities")
            + " as referenced in the"
            + " vendor advisory. Note that Nessus has not tested for these issues but has instead"
            + " relied only on the application's self-reported version number.");
    n.put("exploit_available", exploit);
    n.put("exploit_framework_canvas", n.has("canvas_package"));
    n.put("exploit_framework_core", false);
    boolean elliot = exploit && Hash.unit(Hash.of(seed, i, 49, 0)) < 0.1;
    n.put("exploit_framework_d2_elliot", elliot);
    if (elliot) {
      n.put("d2_elliot_name", product[0] + " D2 Elliot module");
    }
    boolean exploithub = exploit && Hash.unit(Hash.of(seed, i, 50, 0)) < 0.1;
    n.put("exploit_framework_exploithub", exploithub);
    if (exploithub) {
      n.put("exploithub_sku", "EH-" + String.format("%06d", i));
    }
    n.put("exploit_framework_metasploit", exploit && Hash.unit(Hash.of(seed, i, 32, 0)) < 0.4);
    n.put(
        "exploitability_ease",
        exploit ? "Exploits are available" : "No known exploits are available");
    n.put("exploited_by_malware", exploit && Hash.unit(Hash.of(seed, i, 33, 0)) < 0.15);
    n.put("exploited_by_nessus", false);
    n.put("family", family);
    n.put("family_id", PluginTables.familyId(family));
    n.put("has_patch", Hash.unit(Hash.of(seed, i, 34, 0)) < 0.92);
    n.put("id", id);
    n.put("in_the_news", log4j || Hash.unit(Hash.of(seed, i, 35, 0)) < 0.05);
    if (n.path("exploit_framework_metasploit").asBoolean()) {
      n.put("metasploit_name", product[0] + " exploit module");
    }
    n.put("epss_score", epss);
    n.put("modification_date", modified.toString());
    if (family.startsWith("Windows") && cveYear <= 2016) {
      // Microsoft published security bulletins until 2017.
      n.putArray("ms_bulletin").add("MS" + (cveYear % 100) + "-" + String.format("%03d", i % 200));
    }
    n.put("name", name);
    n.put("patch_publication_date", patchPublished.toString());
    n.put("publication_date", published.toString());
    n.put("risk_factor", casing(RISK_FACTORS[severity], Hash.of(seed, i, 39, 0)));
    ArrayNode seeAlso = n.putArray("see_also");
    seeAlso.add("https://security.example.com/advisories/" + id);
    n.put("solution", "Upgrade " + product[0] + " to version " + version + " or later.");
    if (Hash.unit(Hash.of(seed, i, 40, 0)) < 0.2) {
      n.put("stig_severity", severity >= 3 ? "I" : "II");
    }
    n.put(
        "synopsis",
        "The remote host is affected by "
            + (cves.size() == 1 ? "a vulnerability." : "multiple vulnerabilities."));
    n.put("type", product[5]);
    n.put("unsupported_by_vendor", Hash.unit(Hash.of(seed, i, 41, 0)) < 0.03);
    if (family.startsWith("Ubuntu")) {
      n.put("usn", "USN-" + (4000 + i) + "-1");
    }
    n.put("version", "1." + (1 + Hash.below(Hash.of(seed, i, 42, 0), 30)));
    n.put("vuln_publication_date", vulnPublished.toString());
    boolean workaround = Hash.unit(Hash.of(seed, i, 52, 0)) < 0.06;
    n.put("has_workaround", workaround);
    if (workaround) {
      boolean disable = Hash.below(Hash.of(seed, i, 52, 1), 2) == 0;
      n.put(
          "workaround",
          disable
              ? "Disable the " + product[0] + " service until the update can be applied."
              : "Restrict access to "
                  + product[0]
                  + " to trusted networks and disable the affected"
                  + " feature in its configuration.");
      n.put("workaround_type", disable ? "Disable Service" : "Configuration Change");
    }
    if (hasVpr) {
      ScoreNodes.vpr(
          n, seed, i, now, vpr, cvss3, epss, maturity, exploit || log4j, log4j, cves.get(0));
    }
    if (Hash.unit(Hash.of(seed, i, 48, 0)) < 0.4) {
      ArrayNode xrefs = n.putArray("xrefs");
      ObjectNode x = xrefs.addObject();
      x.put("type", "IAVA");
      x.put("id", cveYear + "-A-" + String.format("%04d", i % 10000));
    }
    return new Plugin(
        i,
        id,
        name,
        family,
        product[5],
        severity,
        Integer.parseInt(product[2]),
        product[3],
        product[4],
        List.copyOf(cves),
        hasVpr ? vpr : null,
        epss,
        log4j ? Platform.LINUX : Platform.valueOf(product[7]),
        log4j ? Set.of() : PluginTables.roles(product),
        published,
        Plugin.Rendered.of(n.toString(), name, severity));
  }

  /** Real data varies the casing of {@code risk_factor}; so does this. */
  private static String casing(String riskFactor, long hash) {
    return Hash.below(hash, 4) == 0 ? riskFactor.toUpperCase() : riskFactor;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}

package dev.tenableconnector.emulator.data;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic catalogue of synthetic Nessus plugins: informational ones without CVEs, and
 * vulnerability checks with one to several CVEs, CVSS v2/v3 (some v4) scores and vectors, VPR with
 * drivers, exploit flags and cross references. Each plugin's JSON is rendered once, since every
 * finding of that plugin carries the same object.
 */
public final class PluginCatalog {
  /** A prime, so that a stride through the catalogue visits every plugin before repeating. */
  public static final int SIZE = 1009;

  private static final String[] SEVERITIES = {"info", "low", "medium", "high", "critical"};
  private static final String[] RISK_FACTORS = {"None", "Low", "Medium", "High", "Critical"};

  /** product, family, port, protocol, service, type, cpe. */
  private static final String[][] PRODUCTS = {
    {"OpenSSH", "Misc.", "22", "TCP", "ssh", "remote", "cpe:/a:openbsd:openssh"},
    {"Apache HTTP Server", "Web Servers", "80", "TCP", "www", "remote", "cpe:/a:apache:http_server"},
    {"nginx", "Web Servers", "443", "TCP", "www", "remote", "cpe:/a:nginx:nginx"},
    {"Microsoft Windows", "Windows : Microsoft Bulletins", "445", "TCP", "cifs", "local",
        "cpe:/o:microsoft:windows"},
    {"OpenSSL", "General", "0", "TCP", "", "local", "cpe:/a:openssl:openssl"},
    {"PostgreSQL", "Databases", "5432", "TCP", "postgresql", "remote",
        "cpe:/a:postgresql:postgresql"},
    {"MySQL", "Databases", "3306", "TCP", "mysql", "remote", "cpe:/a:oracle:mysql"},
    {"Microsoft SQL Server", "Databases", "1433", "TCP", "mssql", "remote",
        "cpe:/a:microsoft:sql_server"},
    {"Microsoft RDP", "Windows", "3389", "TCP", "msrdp", "remote",
        "cpe:/o:microsoft:windows"},
    {"Apache Tomcat", "Web Servers", "8080", "TCP", "www", "combined", "cpe:/a:apache:tomcat"},
    {"Ubuntu openssl package", "Ubuntu Local Security Checks", "0", "TCP", "", "local",
        "cpe:/o:canonical:ubuntu_linux"},
    {"RHEL kernel", "Red Hat Local Security Checks", "0", "TCP", "", "local",
        "cpe:/o:redhat:enterprise_linux"},
    {"Cisco IOS XE", "CISCO", "443", "TCP", "www", "combined", "cpe:/o:cisco:ios_xe"},
    {"SNMP agent", "SNMP", "161", "UDP", "snmp", "remote", "cpe:/a:net-snmp:net-snmp"},
    {"ISC BIND", "DNS", "53", "UDP", "dns", "remote", "cpe:/a:isc:bind"},
    {"Google Chrome", "Windows", "0", "TCP", "", "local", "cpe:/a:google:chrome"},
    {"Mozilla Firefox", "Windows", "0", "TCP", "", "local", "cpe:/a:mozilla:firefox"},
    {"VMware ESXi", "Misc.", "443", "TCP", "www", "remote", "cpe:/o:vmware:esxi"},
  };

  private static final String[][] INFO_PLUGINS = {
    {"19506", "Nessus Scan Information", "Settings", "0", "TCP", ""},
    {"11936", "OS Identification", "General", "0", "TCP", ""},
    {"54615", "Device Type", "General", "0", "TCP", ""},
    {"22964", "Service Detection", "Service detection", "443", "TCP", "www"},
    {"10287", "Traceroute Information", "General", "0", "UDP", ""},
    {"45590", "Common Platform Enumeration (CPE)", "General", "0", "TCP", ""},
    {"10114", "ICMP Timestamp Request Remote Date Disclosure", "General", "0", "ICMP", ""},
    {"10180", "Ping the remote host", "Port scanners", "0", "TCP", ""},
  };

  private static final String[] FAMILIES = {"Misc.", "Web Servers", "Windows : Microsoft Bulletins",
      "General", "Databases", "Windows", "Ubuntu Local Security Checks",
      "Red Hat Local Security Checks", "CISCO", "SNMP", "DNS", "Settings", "Service detection",
      "Port scanners"};

  private static final String[] MATURITY = {"UNPROVEN", "POC", "FUNCTIONAL", "HIGH"};
  private static final String[] INTENSITY = {"VERY_LOW", "LOW", "MEDIUM", "HIGH", "VERY_HIGH"};
  private static final String[] COVERAGE = {"LOW", "MEDIUM", "HIGH", "VERY_HIGH", "UNKNOWN"};
  private static final String[] THREAT_SOURCES = {"No recorded events", "Social Media",
      "Security Research", "Mainstream Media", "Hacker Forum", "Dark Web and Underground",
      "Others"};

  private final List<Plugin> plugins;

  /** One synthetic plugin and its rendered JSON object. */
  public record Plugin(
      int index,
      long id,
      String name,
      String family,
      String type,
      int severityId,
      int port,
      String protocol,
      String service,
      List<String> cves,
      Double vprScore,
      String json,
      String output,
      SerializedString serialized) {

    Plugin(int index, long id, String name, String family, String type, int severityId, int port,
        String protocol, String service, List<String> cves, Double vprScore, String json) {
      this(index, id, name, family, type, severityId, port, protocol, service, cves, vprScore,
          json, outputFor(name, severityId), new SerializedString(json));
    }

    public String severity() {
      return SEVERITIES[severityId];
    }

    private static String outputFor(String name, int severityId) {
      if (severityId == 0) {
        return "\nInformation about this scan :\n\nNessus version : 10.7.3\nScanner IP : 10.0.0.5\n";
      }
      int lt = name.indexOf("< ");
      String version = lt < 0 ? "2.14" : name.substring(lt + 2).split(" ")[0];
      return "\n  Installed version : " + version + "-legacy\n  Fixed version     : " + version
          + "\n";
    }
  }

  public PluginCatalog(long seed, Instant now) {
    ObjectMapper mapper = new ObjectMapper();
    List<Plugin> list = new ArrayList<>(SIZE);
    for (int i = 0; i < SIZE; i++) {
      if (i < INFO_PLUGINS.length) {
        list.add(info(mapper, i, seed, now, INFO_PLUGINS[i]));
      } else if (i > INFO_PLUGINS.length && Hash.unit(Hash.of(seed, i, 0, 0)) < 0.25) {
        // A quarter of real findings are informational: detections of the software found.
        String[] product = PRODUCTS[Hash.below(Hash.of(seed, i, 1, 0), PRODUCTS.length)];
        long id = 20_000 + i * 157L + Hash.below(Hash.of(seed, i, 3, 0), 150);
        list.add(info(mapper, i, seed, now, new String[] {Long.toString(id),
            product[0] + " Detection", "Service detection", product[2], product[3], product[4]}));
      } else {
        list.add(vuln(mapper, i, seed, now));
      }
    }
    this.plugins = List.copyOf(list);
  }

  public Plugin get(int index) {
    return plugins.get(index);
  }

  public List<Plugin> all() {
    return plugins;
  }

  private static Plugin info(ObjectMapper mapper, int i, long seed, Instant now, String[] p) {
    ObjectNode n = mapper.createObjectNode();
    long id = Long.parseLong(p[0]);
    n.put("checks_for_default_account", false);
    n.put("checks_for_malware", false);
    n.put("description", "This plugin reports " + p[1].toLowerCase() + " details gathered during"
        + " the scan.");
    n.put("exploit_available", false);
    n.put("exploited_by_malware", false);
    n.put("exploited_by_nessus", false);
    n.put("family", p[2]);
    n.put("family_id", familyId(p[2]));
    n.put("has_patch", false);
    n.put("id", id);
    n.put("in_the_news", false);
    n.put("name", p[1]);
    n.put("modification_date", date(now, Hash.of(seed, i, 11, 0), 400));
    n.put("publication_date", date(now, Hash.of(seed, i, 12, 0), 4000));
    n.put("risk_factor", Hash.below(Hash.of(seed, i, 13, 0), 3) == 0 ? "NONE" : "None");
    n.put("synopsis", "Information about the remote host was gathered.");
    n.put("solution", "n/a");
    n.put("type", "remote");
    n.put("unsupported_by_vendor", false);
    n.put("version", "$Revision: 1." + (10 + Hash.below(Hash.of(seed, i, 14, 0), 90)) + " $");
    return new Plugin(i, id, p[1], p[2], "remote", 0, Integer.parseInt(p[3]), p[4], p[5],
        List.of(), null, n.toString());
  }

  private static Plugin vuln(ObjectMapper mapper, int i, long seed, Instant now) {
    String[] product = PRODUCTS[Hash.below(Hash.of(seed, i, 1, 0), PRODUCTS.length)];
    double roll = Hash.unit(Hash.of(seed, i, 2, 0));
    // Among checks (not the info plugins): low 17%, medium 42%, high 29%, critical 12%.
    int severity = roll < 0.17 ? 1 : roll < 0.59 ? 2 : roll < 0.88 ? 3 : 4;
    long id = 20_000 + i * 157L + Hash.below(Hash.of(seed, i, 3, 0), 150);
    boolean log4j = i == INFO_PLUGINS.length; // one famous CVE to search for
    String version = (1 + Hash.below(Hash.of(seed, i, 4, 0), 12)) + "."
        + Hash.below(Hash.of(seed, i, 5, 0), 20) + "." + Hash.below(Hash.of(seed, i, 6, 0), 40);
    String name = log4j
        ? "Apache Log4j < 2.15.0 Remote Code Execution (Log4Shell)"
        : product[0] + " < " + version + (Hash.below(Hash.of(seed, i, 7, 0), 2) == 0
            ? " Multiple Vulnerabilities" : " Vulnerability (" + (char) ('A' + i % 26) + "SA-"
            + (2015 + i % 11) + "-" + (100 + i % 900) + ")");
    String family = log4j ? "Misc." : product[1];
    List<String> cves = new ArrayList<>();
    if (log4j) {
      cves.add("CVE-2021-44228");
    } else {
      int count = 1 + (Hash.unit(Hash.of(seed, i, 8, 0)) < 0.35 ? Hash.below(Hash.of(seed, i, 9, 0), 5) : 0);
      for (int c = 0; c < count; c++) {
        long h = Hash.of(seed, i, 10, c);
        cves.add("CVE-" + (2014 + Hash.below(h, 12)) + "-" + (1000 + Hash.below(h >>> 20, 48000)));
      }
    }
    double cvss3 = round1(switch (severity) {
      case 1 -> 0.1 + 3.8 * Hash.unit(Hash.of(seed, i, 20, 0));
      case 2 -> 4.0 + 2.9 * Hash.unit(Hash.of(seed, i, 20, 0));
      case 3 -> 7.0 + 1.9 * Hash.unit(Hash.of(seed, i, 20, 0));
      default -> 9.0 + 1.0 * Hash.unit(Hash.of(seed, i, 20, 0));
    });
    if (log4j) {
      cvss3 = 10.0;
      severity = 4;
    }
    double cvss2 = round1(Math.max(0.0, Math.min(10.0, cvss3 - 0.8 + 1.2 * Hash.unit(Hash.of(seed, i, 21, 0)))));
    boolean exploit = Hash.unit(Hash.of(seed, i, 22, 0)) < 0.35 || log4j;
    boolean hasVpr = Hash.unit(Hash.of(seed, i, 23, 0)) < 0.9;
    double vpr = round1(Math.max(0.1, Math.min(10.0, cvss3 * (0.5 + 0.6 * Hash.unit(Hash.of(seed, i, 24, 0))))));
    String maturity = exploit ? MATURITY[1 + Hash.below(Hash.of(seed, i, 25, 0), 3)] : "UNPROVEN";
    String av = Hash.unit(Hash.of(seed, i, 26, 0)) < 0.7 || !"local".equals(product[5]) ? "N" : "L";
    String cvss3Vector = "AV:" + av + "/AC:" + (Hash.below(Hash.of(seed, i, 27, 0), 3) == 0 ? "H" : "L")
        + "/PR:N/UI:N/S:U/C:H/I:" + (severity >= 3 ? "H" : "L") + "/A:" + (severity >= 2 ? "H" : "N");
    String temporalE = switch (maturity) {
      case "HIGH" -> "H";
      case "FUNCTIONAL" -> "F";
      case "POC" -> "P";
      default -> "U";
    };

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
    if (Hash.unit(Hash.of(seed, i, 31, 0)) < 0.3) {
      n.put("cvss4_base_score", round1(Math.min(10.0, cvss3 + 0.2)));
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
    v2.put("raw", "AV:" + av + "/AC:L/Au:N/C:" + (severity >= 3 ? "C" : "P") + "/I:P/A:"
        + (severity >= 2 ? "C" : "N"));
    n.put("description", "The version of " + product[0] + " installed on the remote host is prior"
        + " to " + version + ". It is therefore affected by " + cves.size()
        + (cves.size() == 1 ? " vulnerability" : " vulnerabilities") + " as referenced in the"
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
    n.put("exploitability_ease", exploit ? "Exploits are available"
        : "No known exploits are available");
    n.put("exploited_by_malware", exploit && Hash.unit(Hash.of(seed, i, 33, 0)) < 0.15);
    n.put("exploited_by_nessus", false);
    n.put("family", family);
    n.put("family_id", familyId(family));
    n.put("has_patch", Hash.unit(Hash.of(seed, i, 34, 0)) < 0.92);
    n.put("id", id);
    n.put("in_the_news", log4j || Hash.unit(Hash.of(seed, i, 35, 0)) < 0.05);
    if (n.path("exploit_framework_metasploit").asBoolean()) {
      n.put("metasploit_name", product[0] + " exploit module");
    }
    n.put("modification_date", date(now, Hash.of(seed, i, 36, 0), 200));
    if (family.startsWith("Windows")) {
      n.putArray("ms_bulletin").add("MS" + (15 + i % 3) + "-" + String.format("%03d", i % 200));
    }
    n.put("name", name);
    n.put("patch_publication_date", date(now, Hash.of(seed, i, 37, 0), 900));
    n.put("publication_date", date(now, Hash.of(seed, i, 38, 0), 1000));
    n.put("risk_factor", casing(RISK_FACTORS[severity], Hash.of(seed, i, 39, 0)));
    ArrayNode seeAlso = n.putArray("see_also");
    seeAlso.add("https://security.example.com/advisories/" + id);
    n.put("solution", "Upgrade " + product[0] + " to version " + version + " or later.");
    if (Hash.unit(Hash.of(seed, i, 40, 0)) < 0.2) {
      n.put("stig_severity", severity >= 3 ? "I" : "II");
    }
    n.put("synopsis", "The remote host is affected by " + (cves.size() == 1 ? "a vulnerability."
        : "multiple vulnerabilities."));
    n.put("type", product[5]);
    n.put("unsupported_by_vendor", Hash.unit(Hash.of(seed, i, 41, 0)) < 0.03);
    if (family.startsWith("Ubuntu")) {
      n.put("usn", "USN-" + (4000 + i) + "-1");
    }
    n.put("version", "1." + (1 + Hash.below(Hash.of(seed, i, 42, 0), 30)));
    n.put("vuln_publication_date", date(now, Hash.of(seed, i, 43, 0), 1500));
    if (hasVpr) {
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
      vprNode.put("updated", date(now, Hash.of(seed, i, 47, 0), 20));
    }
    if (Hash.unit(Hash.of(seed, i, 48, 0)) < 0.4) {
      ArrayNode xrefs = n.putArray("xrefs");
      ObjectNode x = xrefs.addObject();
      x.put("type", "IAVA");
      x.put("id", (2015 + i % 11) + "-A-" + String.format("%04d", i % 10000));
    }
    return new Plugin(i, id, name, family, product[5], severity, Integer.parseInt(product[2]),
        product[3], product[4], List.copyOf(cves), hasVpr ? vpr : null, n.toString());
  }

  private static String exploitWord(String e) {
    return switch (e) {
      case "H" -> "High";
      case "F" -> "Functional";
      case "P" -> "Proof-of-concept";
      default -> "Unproven";
    };
  }

  /** Real data varies the casing of {@code risk_factor}; so does this. */
  private static String casing(String riskFactor, long hash) {
    return Hash.below(hash, 4) == 0 ? riskFactor.toUpperCase() : riskFactor;
  }

  private static int familyId(String family) {
    for (int i = 0; i < FAMILIES.length; i++) {
      if (FAMILIES[i].equals(family)) {
        return 1_000_000 + i * 7;
      }
    }
    return 1_000_999;
  }

  private static String date(Instant now, long hash, int maxDaysAgo) {
    return now.truncatedTo(ChronoUnit.DAYS).minus(1 + Hash.below(hash, maxDaysAgo), ChronoUnit.DAYS)
        .toString();
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}

package dev.tenableconnector.emulator.data;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deterministic catalogue of synthetic Nessus plugins: informational ones without CVEs, and
 * vulnerability checks for a product on a platform (and, for server software, a host role), with
 * one to several CVEs of one era, disclosure, patch and plugin dates in that order, CVSS v2/v3
 * scores and vectors (v4 on CVEs from 2023 on), VPR v1 and v2, EPSS as a percentage, both following
 * exploitability, exploit flags, workarounds and cross references. Each plugin's JSON is rendered
 * once, since every finding of that plugin carries the same object.
 */
public final class PluginCatalog {
  /** A prime, so that a stride through the catalogue visits every plugin before repeating. */
  public static final int SIZE = 1009;

  private static final String[] SEVERITIES = {"info", "low", "medium", "high", "critical"};
  private static final String[] RISK_FACTORS = {"None", "Low", "Medium", "High", "Critical"};

  /** The kind of host a product runs on; {@link #LINUX} covers every Linux distribution. */
  public enum Platform {
    ANY,
    WINDOWS,
    LINUX,
    UBUNTU,
    RHEL,
    CISCO_IOS,
    ESXI;

    /** The platform of a host from its operating system as Tenable reports it. */
    public static Platform of(String operatingSystem) {
      if (operatingSystem.startsWith("Microsoft Windows")) {
        return WINDOWS;
      }
      if (operatingSystem.contains("Ubuntu")) {
        return UBUNTU;
      }
      if (operatingSystem.contains("Red Hat") || operatingSystem.contains("Rocky")) {
        return RHEL;
      }
      if (operatingSystem.startsWith("Cisco")) {
        return CISCO_IOS;
      }
      if (operatingSystem.contains("ESXi")) {
        return ESXI;
      }
      return LINUX;
    }

    /** Whether software for {@code this} platform can be found on a host of {@code host}. */
    boolean runsOn(Platform host) {
      return this == ANY || this == host || this == LINUX && (host == UBUNTU || host == RHEL);
    }
  }

  /**
   * product, family, port, protocol, service, type, cpe, platform, roles (the host roles it is
   * found on, from the host name; empty: any role).
   */
  private static final String[][] PRODUCTS = {
    {"OpenSSH", "Misc.", "22", "TCP", "ssh", "remote", "cpe:/a:openbsd:openssh", "LINUX", ""},
    {
      "Apache HTTP Server",
      "Web Servers",
      "80",
      "TCP",
      "www",
      "remote",
      "cpe:/a:apache:http_server",
      "LINUX",
      "web app"
    },
    {
      "nginx",
      "Web Servers",
      "443",
      "TCP",
      "www",
      "remote",
      "cpe:/a:nginx:nginx",
      "LINUX",
      "web cache k8s-node"
    },
    {
      "Microsoft Windows",
      "Windows : Microsoft Bulletins",
      "445",
      "TCP",
      "cifs",
      "local",
      "cpe:/o:microsoft:windows",
      "WINDOWS",
      ""
    },
    {"OpenSSL", "General", "0", "TCP", "", "local", "cpe:/a:openssl:openssl", "LINUX", ""},
    {
      "PostgreSQL",
      "Databases",
      "5432",
      "TCP",
      "postgresql",
      "remote",
      "cpe:/a:postgresql:postgresql",
      "LINUX",
      "db"
    },
    {
      "MySQL",
      "Databases",
      "3306",
      "TCP",
      "mysql",
      "remote",
      "cpe:/a:oracle:mysql",
      "LINUX",
      "db app"
    },
    {
      "Microsoft SQL Server",
      "Databases",
      "1433",
      "TCP",
      "mssql",
      "remote",
      "cpe:/a:microsoft:sql_server",
      "WINDOWS",
      "db app"
    },
    {
      "Microsoft RDP",
      "Windows",
      "3389",
      "TCP",
      "msrdp",
      "remote",
      "cpe:/o:microsoft:windows",
      "WINDOWS",
      ""
    },
    {
      "Apache Tomcat",
      "Web Servers",
      "8080",
      "TCP",
      "www",
      "combined",
      "cpe:/a:apache:tomcat",
      "LINUX",
      "app web build"
    },
    {
      "Ubuntu openssl package",
      "Ubuntu Local Security Checks",
      "0",
      "TCP",
      "",
      "local",
      "cpe:/o:canonical:ubuntu_linux",
      "UBUNTU",
      ""
    },
    {
      "Ubuntu linux kernel",
      "Ubuntu Local Security Checks",
      "0",
      "TCP",
      "",
      "local",
      "cpe:/o:canonical:ubuntu_linux",
      "UBUNTU",
      ""
    },
    {
      "RHEL kernel",
      "Red Hat Local Security Checks",
      "0",
      "TCP",
      "",
      "local",
      "cpe:/o:redhat:enterprise_linux",
      "RHEL",
      ""
    },
    {
      "RHEL glibc",
      "Red Hat Local Security Checks",
      "0",
      "TCP",
      "",
      "local",
      "cpe:/o:redhat:enterprise_linux",
      "RHEL",
      ""
    },
    {
      "Cisco IOS XE",
      "CISCO",
      "443",
      "TCP",
      "www",
      "combined",
      "cpe:/o:cisco:ios_xe",
      "CISCO_IOS",
      ""
    },
    {
      "Cisco IOS XE SNMP",
      "CISCO",
      "161",
      "UDP",
      "snmp",
      "remote",
      "cpe:/o:cisco:ios_xe",
      "CISCO_IOS",
      ""
    },
    {
      "Net-SNMP agent",
      "SNMP",
      "161",
      "UDP",
      "snmp",
      "remote",
      "cpe:/a:net-snmp:net-snmp",
      "LINUX",
      "vpn jump file"
    },
    {"ISC BIND", "DNS", "53", "UDP", "dns", "remote", "cpe:/a:isc:bind", "LINUX", "dc vpn"},
    {"Google Chrome", "Windows", "0", "TCP", "", "local", "cpe:/a:google:chrome", "WINDOWS", ""},
    {
      "Mozilla Firefox", "Windows", "0", "TCP", "", "local", "cpe:/a:mozilla:firefox", "WINDOWS", ""
    },
    {"VMware ESXi", "Misc.", "443", "TCP", "www", "remote", "cpe:/o:vmware:esxi", "ESXI", ""},
    {
      "VMware ESXi OpenSLP",
      "Misc.",
      "427",
      "TCP",
      "slp",
      "remote",
      "cpe:/o:vmware:esxi",
      "ESXI",
      ""
    },
    {
      "Microsoft Exchange Server",
      "Windows",
      "443",
      "TCP",
      "www",
      "local",
      "cpe:/a:microsoft:exchange_server",
      "WINDOWS",
      "mail"
    },
    {
      "Microsoft IIS",
      "Web Servers",
      "443",
      "TCP",
      "www",
      "remote",
      "cpe:/a:microsoft:iis",
      "WINDOWS",
      "web app"
    },
    {
      "Jenkins",
      "CGI abuses",
      "8080",
      "TCP",
      "www",
      "remote",
      "cpe:/a:jenkins:jenkins",
      "LINUX",
      "build"
    },
    {
      "Kubernetes kubelet",
      "Misc.",
      "10250",
      "TCP",
      "www",
      "remote",
      "cpe:/a:kubernetes:kubernetes",
      "LINUX",
      "k8s-node"
    },
    {
      "Redis", "Databases", "6379", "TCP", "redis", "remote", "cpe:/a:redis:redis", "LINUX", "cache"
    },
    {"Samba", "Misc.", "445", "TCP", "cifs", "remote", "cpe:/a:samba:samba", "LINUX", "file"},
    {
      "Windows Print Spooler",
      "Windows",
      "0",
      "TCP",
      "",
      "local",
      "cpe:/o:microsoft:windows",
      "WINDOWS",
      "print"
    },
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

  private static final String[] FAMILIES = {
    "Misc.",
    "Web Servers",
    "Windows : Microsoft Bulletins",
    "General",
    "Databases",
    "Windows",
    "Ubuntu Local Security Checks",
    "Red Hat Local Security Checks",
    "CISCO",
    "SNMP",
    "DNS",
    "Settings",
    "Service detection",
    "Port scanners",
    "CGI abuses"
  };
  private static final String[] NEWS_RECENCY = {
    "0_7_DAYS", "7_14_DAYS", "14_30_DAYS", "30_60_DAYS", "60_180_DAYS", "NO_RECORDED_EVENTS"
  };

  private static final String[] MATURITY = {"UNPROVEN", "POC", "FUNCTIONAL", "HIGH"};
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

  private final List<Plugin> plugins;

  /** For each platform and role, the plugins that can be found there, oldest publication first. */
  private final Map<String, int[]> byHost = new ConcurrentHashMap<>();

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
      Double epssScore,
      Platform platform,
      Set<String> roles,
      Instant published,
      String json,
      String output,
      SerializedString serialized) {

    Plugin(
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
        Double epssScore,
        Platform platform,
        Set<String> roles,
        Instant published,
        String json) {
      this(
          index,
          id,
          name,
          family,
          type,
          severityId,
          port,
          protocol,
          service,
          cves,
          vprScore,
          epssScore,
          platform,
          roles,
          published,
          json,
          outputFor(name, severityId),
          new SerializedString(json));
    }

    /** Whether this plugin can report on a host of this platform and role (null: no role). */
    public boolean appliesTo(Platform host, String role) {
      return platform.runsOn(host) && (roles.isEmpty() || role != null && roles.contains(role));
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
      return "\n  Installed version : "
          + version
          + "-legacy\n  Fixed version     : "
          + version
          + "\n";
    }
  }

  public PluginCatalog(long seed, Instant now) {
    ObjectMapper mapper = new ObjectMapper();
    List<Plugin> list = new ArrayList<>(SIZE);
    for (int i = 0; i < SIZE; i++) {
      if (i < INFO_PLUGINS.length) {
        list.add(info(mapper, i, seed, now, INFO_PLUGINS[i], null));
      } else if (i > INFO_PLUGINS.length && Hash.unit(Hash.of(seed, i, 0, 0)) < 0.25) {
        // A quarter of real findings are informational: detections of the software found.
        String[] product = PRODUCTS[Hash.below(Hash.of(seed, i, 1, 0), PRODUCTS.length)];
        long id = 20_000 + i * 157L + Hash.below(Hash.of(seed, i, 3, 0), 150);
        list.add(
            info(
                mapper,
                i,
                seed,
                now,
                new String[] {
                  Long.toString(id),
                  product[0] + " Detection",
                  "Service detection",
                  product[2],
                  product[3],
                  product[4]
                },
                product));
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

  /**
   * The indices of the plugins that can report on a host of this platform and role, oldest
   * publication first, so that the plugins that existed at a time are a prefix.
   */
  public int[] forHost(Platform platform, String role) {
    return byHost.computeIfAbsent(
        platform + "/" + role,
        key ->
            plugins.stream()
                .filter(p -> p.appliesTo(platform, role))
                .sorted(Comparator.comparing(Plugin::published).thenComparingInt(Plugin::index))
                .mapToInt(Plugin::index)
                .toArray());
  }

  /** How many of {@code host} (from {@link #forHost}) were published by {@code at}. */
  public int publishedBy(int[] host, Instant at) {
    int lo = 0;
    int hi = host.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (plugins.get(host[mid]).published().isAfter(at)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static Plugin info(
      ObjectMapper mapper, int i, long seed, Instant now, String[] p, String[] product) {
    ObjectNode n = mapper.createObjectNode();
    long id = Long.parseLong(p[0]);
    // Scanner basics have existed for ever; detections were published years ago.
    Instant published =
        now.truncatedTo(ChronoUnit.DAYS)
            .minus(2500 + Hash.below(Hash.of(seed, i, 12, 0), 2000), ChronoUnit.DAYS);
    n.put("checks_for_default_account", false);
    n.put("checks_for_malware", false);
    n.put(
        "description",
        "This plugin reports " + p[1].toLowerCase() + " details gathered during" + " the scan.");
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
    n.put("publication_date", published.toString());
    n.put("risk_factor", Hash.below(Hash.of(seed, i, 13, 0), 3) == 0 ? "NONE" : "None");
    n.put("synopsis", "Information about the remote host was gathered.");
    n.put("solution", "n/a");
    n.put("type", "remote");
    n.put("unsupported_by_vendor", false);
    n.put("version", "$Revision: 1." + (10 + Hash.below(Hash.of(seed, i, 14, 0), 90)) + " $");
    return new Plugin(
        i,
        id,
        p[1],
        p[2],
        "remote",
        0,
        Integer.parseInt(p[3]),
        p[4],
        p[5],
        List.of(),
        null,
        null,
        product == null ? Platform.ANY : Platform.valueOf(product[7]),
        roles(product),
        published,
        n.toString());
  }

  private static Plugin vuln(ObjectMapper mapper, int i, long seed, Instant now) {
    String[] product = PRODUCTS[Hash.below(Hash.of(seed, i, 1, 0), PRODUCTS.length)];
    double roll = Hash.unit(Hash.of(seed, i, 2, 0));
    // Among checks (not the info plugins): low 17%, medium 42%, high 29%, critical 12%.
    int severity = roll < 0.17 ? 1 : roll < 0.59 ? 2 : roll < 0.88 ? 3 : 4;
    long id = 20_000 + i * 157L + Hash.below(Hash.of(seed, i, 3, 0), 150);
    boolean log4j = i == INFO_PLUGINS.length; // one famous CVE to search for
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
    String av = Hash.unit(Hash.of(seed, i, 26, 0)) < 0.7 || !"local".equals(product[5]) ? "N" : "L";
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
    n.put("family_id", familyId(family));
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
      v2Node.put("cve_id", cves.get(0));
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
        log4j ? Set.of() : roles(product),
        published,
        n.toString());
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
    return now.truncatedTo(ChronoUnit.DAYS)
        .minus(1 + Hash.below(hash, maxDaysAgo), ChronoUnit.DAYS)
        .toString();
  }

  private static Set<String> roles(String[] product) {
    return product == null || product[8].isEmpty()
        ? Set.of()
        : Set.copyOf(Arrays.asList(product[8].split(" ")));
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

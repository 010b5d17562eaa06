package dev.tenableconnector.emulator.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

  private final List<Plugin> plugins;

  /** For each platform and role, the plugins that can be found there, oldest publication first. */
  private final Map<String, int[]> byHost = new ConcurrentHashMap<>();

  public PluginCatalog(long seed, Instant now) {
    ObjectMapper mapper = new ObjectMapper();
    List<Plugin> list = new ArrayList<>(SIZE);
    for (int i = 0; i < SIZE; i++) {
      if (i < PluginTables.INFO_PLUGINS.length) {
        list.add(info(mapper, i, seed, now, PluginTables.INFO_PLUGINS[i], null));
      } else if (i > PluginTables.INFO_PLUGINS.length && Hash.unit(Hash.of(seed, i, 0, 0)) < 0.25) {
        // A quarter of real findings are informational: detections of the software found.
        String[] product =
            PluginTables.PRODUCTS[Hash.below(Hash.of(seed, i, 1, 0), PluginTables.PRODUCTS.length)];
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
        list.add(VulnPlugins.vuln(mapper, i, seed, now));
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
    n.put("family_id", PluginTables.familyId(p[2]));
    n.put("has_patch", false);
    n.put("id", id);
    n.put("in_the_news", false);
    n.put("name", p[1]);
    n.put("modification_date", PluginTables.date(now, Hash.of(seed, i, 11, 0), 400));
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
        PluginTables.roles(product),
        published,
        Plugin.Rendered.of(n.toString(), p[1], 0));
  }
}

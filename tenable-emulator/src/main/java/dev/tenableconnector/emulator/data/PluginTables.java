package dev.tenableconnector.emulator.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The tables the plugin catalogue draws from (products and scanner basics, kept as tab-separated
 * resources beside this class) and the lookups on them.
 */
final class PluginTables {
  /**
   * product, family, port, protocol, service, type, cpe, platform, roles (the host roles it is
   * found on, from the host name; empty: any role).
   */
  static final String[][] PRODUCTS = read("products.tsv", 9);

  /** id, name, family, port, protocol, service: what every scan reports. */
  static final String[][] INFO_PLUGINS = read("info-plugins.tsv", 6);

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

  private PluginTables() {}

  private static String[][] read(String resource, int columns) {
    try (InputStream in = PluginTables.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      List<String[]> rows = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] row = line.split("\t", -1);
        if (row.length != columns) {
          throw new IllegalStateException(resource + ": " + columns + " columns expected: " + line);
        }
        rows.add(row);
      }
      return rows.toArray(String[][]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int familyId(String family) {
    for (int i = 0; i < FAMILIES.length; i++) {
      if (FAMILIES[i].equals(family)) {
        return 1_000_000 + i * 7;
      }
    }
    return 1_000_999;
  }

  static String date(Instant now, long hash, int maxDaysAgo) {
    return now.truncatedTo(ChronoUnit.DAYS)
        .minus(1 + Hash.below(hash, maxDaysAgo), ChronoUnit.DAYS)
        .toString();
  }

  static Set<String> roles(String[] product) {
    return product == null || product[8].isEmpty()
        ? Set.of()
        : Set.copyOf(Arrays.asList(product[8].split(" ")));
  }
}

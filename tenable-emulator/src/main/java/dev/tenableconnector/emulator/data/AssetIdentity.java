package dev.tenableconnector.emulator.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The attributes of a synthetic asset that do not change over time: names, addresses, operating
 * system, cloud identifiers, tags, scores. Derived from the seed and the asset's index alone. What
 * filters need is decided up front (cheap); the strings are made only when a record is written,
 * because planning an export looks at every asset of the estate.
 */
public final class AssetIdentity {
  /** Where the asset runs. */
  public enum Cloud {
    ON_PREM,
    AWS,
    AZURE,
    GCP
  }

  public static final String DEFAULT_NETWORK = "00000000-0000-0000-0000-000000000000";
  public static final String[] NETWORK_IDS = {
    DEFAULT_NETWORK, "6f1c2a3b-4d5e-4f60-8172-93a4b5c6d7e8"
  };
  public static final String[] NETWORK_NAMES = {"Default", "Branch Offices"};

  /** Tag categories and their values: Environment always, Location mostly, Business_Unit half. */
  public static final String[][] TAGS = {
    {"Environment", "Production", "Staging", "Development"},
    {"Location", "Lisbon", "Porto", "Frankfurt", "Tokyo", "Virginia"},
    {"Business_Unit", "Payments", "Retail", "Platform"},
  };

  private static final String[] WINDOWS = {
    "Microsoft Windows Server 2019 Standard",
    "Microsoft Windows Server 2022 Datacenter",
    "Microsoft Windows 10 Enterprise",
    "Microsoft Windows 11 Pro"
  };
  private static final String[] LINUX = {
    "Linux Kernel 5.15.0-91-generic on Ubuntu 22.04",
    "Linux Kernel 4.18.0-513.el8.x86_64 on Red Hat Enterprise Linux 8.9",
    "Linux Kernel 6.1 on Amazon Linux 2023",
    "Linux Kernel 5.14 on Rocky Linux 9",
    "Linux Kernel 6.5 on Ubuntu 24.04"
  };
  private static final String[] ROLES = {
    "web", "app", "db", "dc", "mail", "file", "vpn", "build", "k8s-node", "print", "jump", "cache"
  };
  private static final String[] SITES = {"lis", "opo", "fra", "tyo", "iad"};
  private static final String[] UNICODE = {
    "srv-münchen", "東京-web", "serveur-ñandú", "αθήνα-db", "sklad-łódź"
  };
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final long seed;
  private final int index;
  private final Cloud cloud;
  private final String operatingSystem;
  private final String systemType;
  private final boolean agent;
  private final boolean secondIpv4;
  private final boolean ipv6;
  private final int network;
  private final int[] tags;
  private final boolean licensed;
  private final String acrScore;
  private final String exposureScore;
  private final boolean scoresAsNumbers;
  private final boolean servicenow;

  private AssetIdentity(long seed, int index) {
    this.seed = seed;
    this.index = index;
    double cloudRoll = Hash.unit(Hash.of(seed, index, 101, 0));
    cloud =
        cloudRoll < 0.40
            ? Cloud.AWS
            : cloudRoll < 0.55 ? Cloud.AZURE : cloudRoll < 0.65 ? Cloud.GCP : Cloud.ON_PREM;
    long h = Hash.of(seed, index, 100, 0);
    double osRoll = Hash.unit(Hash.of(seed, index, 102, 0));
    if (osRoll < 0.35) {
      operatingSystem = WINDOWS[Hash.below(h, WINDOWS.length)];
      systemType = "general-purpose";
    } else if (osRoll < 0.93 || cloud != Cloud.ON_PREM) {
      operatingSystem = LINUX[Hash.below(h >>> 8, LINUX.length)];
      systemType = "general-purpose";
    } else if (osRoll < 0.97) {
      operatingSystem = "Cisco IOS XE 17.3";
      systemType = "router";
    } else {
      operatingSystem = "VMware ESXi 7.0.3";
      systemType = "hypervisor";
    }
    secondIpv4 = Hash.unit(Hash.of(seed, index, 107, 0)) < 0.1;
    ipv6 = Hash.unit(Hash.of(seed, index, 108, 0)) < 0.3;
    agent = Hash.unit(Hash.of(seed, index, 109, 0)) < 0.6;
    network = Hash.unit(Hash.of(seed, index, 115, 0)) < 0.85 ? 0 : 1;
    tags = new int[TAGS.length];
    for (int c = 0; c < TAGS.length; c++) {
      double present = c == 0 ? 1.0 : c == 1 ? 0.8 : 0.5;
      tags[c] =
          Hash.unit(Hash.of(seed, index, 116, c)) < present
              ? 1 + Hash.below(Hash.of(seed, index, 117, c), TAGS[c].length - 1)
              : 0;
    }
    licensed = Hash.unit(Hash.of(seed, index, 118, 0)) < 0.95;
    double scoreRoll = Hash.unit(Hash.of(seed, index, 119, 0));
    if (scoreRoll < 0.7) {
      acrScore = (1 + Hash.below(Hash.of(seed, index, 120, 0), 10)) + ".0";
      exposureScore = Hash.below(Hash.of(seed, index, 121, 0), 1000) + ".0";
    } else if (scoreRoll < 0.75) {
      acrScore = "";
      exposureScore = "";
    } else {
      acrScore = null;
      exposureScore = null;
    }
    scoresAsNumbers = Hash.unit(Hash.of(seed, index, 122, 0)) < 0.1;
    servicenow = Hash.unit(Hash.of(seed, index, 123, 0)) < 0.3;
  }

  public static AssetIdentity of(long seed, int index) {
    return new AssetIdentity(seed, index);
  }

  public int index() {
    return index;
  }

  public String uuid() {
    return Hash.uuid(seed, index, 1, 0).toString();
  }

  public Cloud cloud() {
    return cloud;
  }

  public String operatingSystem() {
    return operatingSystem;
  }

  public String systemType() {
    return systemType;
  }

  public boolean windows() {
    return operatingSystem.startsWith("Microsoft Windows");
  }

  public boolean hasAgent() {
    return agent;
  }

  public boolean licensed() {
    return licensed;
  }

  public int[] tags() {
    return tags.clone();
  }

  /** The tag value of a category, or null when the asset has none in it. */
  public String tag(int category) {
    return tags[category] == 0 ? null : TAGS[category][tags[category]];
  }

  public String networkId() {
    return NETWORK_IDS[network];
  }

  public String networkName() {
    return NETWORK_NAMES[network];
  }

  public String acrScore() {
    return acrScore;
  }

  public String exposureScore() {
    return exposureScore;
  }

  public boolean scoresAsNumbers() {
    return scoresAsNumbers;
  }

  public String hostname() {
    String role = role();
    if (role == null) {
      return UNICODE[Hash.below(Hash.of(seed, index, 105, 0), UNICODE.length)] + "-" + index;
    }
    return role + "-" + SITES[Hash.below(Hash.of(seed, index, 103, 0), SITES.length)] + "-" + index;
  }

  /**
   * What the host is for ({@code web}, {@code db}, ...), as its name says; null when it does not.
   */
  public String role() {
    if (Hash.unit(Hash.of(seed, index, 104, 0)) < 0.02) {
      return null;
    }
    return ROLES[Hash.below(Hash.of(seed, index, 106, 0), ROLES.length)];
  }

  /** Whether a cloud instance has a public address (v2 asset records' {@code is_public}). */
  public boolean isPublic() {
    return cloud != Cloud.ON_PREM && Hash.unit(Hash.of(seed, index, 124, 0)) < 0.25;
  }

  /** The platform its software is for, from its operating system. */
  public Platform platform() {
    return Platform.of(operatingSystem);
  }

  public String fqdn() {
    return cloud == Cloud.AWS
        ? "ip-" + ipv4().replace('.', '-') + ".eu-west-1.compute.internal"
        : hostname() + ".corp.example.com";
  }

  /** The first IPv4 address; no {@code .0} network addresses. */
  public String ipv4() {
    int host = index + 1;
    return "10." + ((host >> 16) & 255) + "." + ((host >> 8) & 255) + "." + (host & 255);
  }

  public List<String> ipv4s() {
    if (!secondIpv4) {
      return List.of(ipv4());
    }
    return List.of(ipv4(), "172.16." + ((index >> 8) & 255) + "." + (index & 255));
  }

  public List<String> ipv6s() {
    return ipv6
        ? List.of(
            "fd00:"
                + Integer.toHexString(index >>> 16)
                + "::"
                + Integer.toHexString(index & 0xffff))
        : List.of();
  }

  public String mac() {
    char[] c = "02:00:00:00:00:00".toCharArray();
    int[] bytes = {
      (index >> 24) & 255,
      (index >> 16) & 255,
      (index >> 8) & 255,
      index & 255,
      Hash.below(Hash.of(seed, index, 100, 0) >>> 16, 256)
    };
    for (int b = 0; b < bytes.length; b++) {
      c[3 + b * 3] = HEX[bytes[b] >> 4];
      c[4 + b * 3] = HEX[bytes[b] & 15];
    }
    return new String(c);
  }

  public String netbiosName() {
    if (!windows()) {
      return null;
    }
    String upper = hostname().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9-]", "");
    return upper.substring(0, Math.min(15, upper.length()));
  }

  public String agentUuid() {
    return agent ? Hash.hex(seed, index, 110, 0, 32) : null;
  }

  public String biosUuid() {
    String bios = Hash.uuid(seed, index, 111, 0).toString();
    return Hash.below(Hash.of(seed, index, 112, 0), 2) == 0 ? bios.toUpperCase(Locale.ROOT) : bios;
  }

  public String serialNumber() {
    return Hash.unit(Hash.of(seed, index, 113, 0)) < 0.5
        ? "SN" + Hash.hex(seed, index, 114, 0, 10).toUpperCase(Locale.ROOT)
        : null;
  }

  public String servicenowSysid() {
    return servicenow ? Hash.hex(seed, index, 124, 0, 32) : null;
  }

  public boolean hasServicenowSysid() {
    return servicenow;
  }

  /** Sources that report the asset, in Tenable's names. */
  public List<String> sources() {
    List<String> sources = new ArrayList<>(3);
    sources.add("NESSUS_SCAN");
    if (agent) {
      sources.add("NESSUS_AGENT");
    }
    switch (cloud) {
      case AWS -> sources.add("AWS");
      case AZURE -> sources.add("AZURE");
      case GCP -> sources.add("GCP");
      default -> {}
    }
    return sources;
  }

  public String awsInstanceId() {
    return cloud == Cloud.AWS ? "i-0" + Hash.hex(seed, index, 130, 0, 16) : null;
  }

  public String azureVmId() {
    return cloud == Cloud.AZURE ? Hash.uuid(seed, index, 131, 0).toString() : null;
  }

  public String gcpInstanceId() {
    return cloud == Cloud.GCP
        ? Long.toString(
            1_000_000_000_000_000L
                + Math.floorMod(Hash.of(seed, index, 132, 0), 8_000_000_000_000_000_000L))
        : null;
  }
}

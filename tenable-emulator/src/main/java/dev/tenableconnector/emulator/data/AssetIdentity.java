package dev.tenableconnector.emulator.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The attributes of a synthetic asset that do not change over time: names, addresses, operating
 * system, cloud identifiers, tags, scores. Derived from the seed and the asset's index alone.
 */
public record AssetIdentity(
    int index,
    String uuid,
    Cloud cloud,
    String hostname,
    String fqdn,
    List<String> ipv4s,
    List<String> ipv6s,
    String mac,
    String netbiosName,
    String operatingSystem,
    String systemType,
    String agentUuid,
    String biosUuid,
    String serialNumber,
    int network,
    int[] tags,
    boolean licensed,
    String acrScore,
    String exposureScore,
    boolean scoresAsNumbers,
    String servicenowSysid,
    long seed) {

  /** Where the asset runs. */
  public enum Cloud {
    ON_PREM,
    AWS,
    AZURE,
    GCP
  }

  public static final String DEFAULT_NETWORK = "00000000-0000-0000-0000-000000000000";
  public static final String[] NETWORK_IDS = {DEFAULT_NETWORK,
      "6f1c2a3b-4d5e-4f60-8172-93a4b5c6d7e8"};
  public static final String[] NETWORK_NAMES = {"Default", "Branch Offices"};

  /** Tag categories and their values: Environment always, Location mostly, Business_Unit half. */
  public static final String[][] TAGS = {
    {"Environment", "Production", "Staging", "Development"},
    {"Location", "Lisbon", "Porto", "Frankfurt", "Tokyo", "Virginia"},
    {"Business_Unit", "Payments", "Retail", "Platform"},
  };

  private static final String[] WINDOWS = {"Microsoft Windows Server 2019 Standard",
      "Microsoft Windows Server 2022 Datacenter", "Microsoft Windows 10 Enterprise",
      "Microsoft Windows 11 Pro"};
  private static final String[] LINUX = {"Linux Kernel 5.15.0-91-generic on Ubuntu 22.04",
      "Linux Kernel 4.18.0-513.el8.x86_64 on Red Hat Enterprise Linux 8.9",
      "Linux Kernel 6.1 on Amazon Linux 2023", "Linux Kernel 5.14 on Rocky Linux 9",
      "Linux Kernel 6.5 on Ubuntu 24.04"};
  private static final String[] ROLES = {"web", "app", "db", "dc", "mail", "file", "vpn", "build",
      "k8s-node", "print", "jump", "cache"};
  private static final String[] SITES = {"lis", "opo", "fra", "tyo", "iad"};
  private static final String[] UNICODE = {"srv-münchen", "東京-web", "serveur-ñandú", "αθήνα-db",
      "sklad-łódź"};

  public static AssetIdentity of(long seed, int index) {
    long h = Hash.of(seed, index, 100, 0);
    double cloudRoll = Hash.unit(Hash.of(seed, index, 101, 0));
    Cloud cloud = cloudRoll < 0.40 ? Cloud.AWS : cloudRoll < 0.55 ? Cloud.AZURE
        : cloudRoll < 0.65 ? Cloud.GCP : Cloud.ON_PREM;
    double osRoll = Hash.unit(Hash.of(seed, index, 102, 0));
    String os;
    String systemType = "general-purpose";
    boolean windows = false;
    if (osRoll < 0.35) {
      os = WINDOWS[Hash.below(h, WINDOWS.length)];
      windows = true;
    } else if (osRoll < 0.93 || cloud != Cloud.ON_PREM) {
      os = LINUX[Hash.below(h >>> 8, LINUX.length)];
    } else if (osRoll < 0.97) {
      os = "Cisco IOS XE 17.3";
      systemType = "router";
    } else {
      os = "VMware ESXi 7.0.3";
      systemType = "hypervisor";
    }
    String site = SITES[Hash.below(Hash.of(seed, index, 103, 0), SITES.length)];
    String hostname = Hash.unit(Hash.of(seed, index, 104, 0)) < 0.02
        ? UNICODE[Hash.below(Hash.of(seed, index, 105, 0), UNICODE.length)] + "-" + index
        : ROLES[Hash.below(Hash.of(seed, index, 106, 0), ROLES.length)] + "-" + site + "-" + index;
    int host = index + 1; // no .0 network addresses
    String ip = "10." + ((host >> 16) & 255) + "." + ((host >> 8) & 255) + "." + (host & 255);
    List<String> ipv4s = new ArrayList<>();
    ipv4s.add(ip);
    if (Hash.unit(Hash.of(seed, index, 107, 0)) < 0.1) {
      ipv4s.add("172.16." + ((index >> 8) & 255) + "." + (index & 255));
    }
    List<String> ipv6s = Hash.unit(Hash.of(seed, index, 108, 0)) < 0.3
        ? List.of("fd00:" + Integer.toHexString(index >>> 16) + "::" + Integer.toHexString(index & 0xffff))
        : List.of();
    String fqdn = cloud == Cloud.AWS
        ? "ip-" + ip.replace('.', '-') + ".eu-west-1.compute.internal"
        : hostname + ".corp.example.com";
    String mac = String.format("02:%02x:%02x:%02x:%02x:%02x", (index >> 24) & 255,
        (index >> 16) & 255, (index >> 8) & 255, index & 255, Hash.below(h >>> 16, 256));
    String netbios = null;
    if (windows) {
      String upper = hostname.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9-]", "");
      netbios = upper.substring(0, Math.min(15, upper.length()));
    }
    boolean agent = Hash.unit(Hash.of(seed, index, 109, 0)) < 0.6;
    String agentUuid = agent ? Hash.hex(seed, index, 110, 0, 32) : null;
    String bios = Hash.uuid(seed, index, 111, 0).toString();
    if (Hash.below(Hash.of(seed, index, 112, 0), 2) == 0) {
      bios = bios.toUpperCase();
    }
    String serial = Hash.unit(Hash.of(seed, index, 113, 0)) < 0.5
        ? "SN" + Hash.hex(seed, index, 114, 0, 10).toUpperCase() : null;
    int network = Hash.unit(Hash.of(seed, index, 115, 0)) < 0.85 ? 0 : 1;
    int[] tags = new int[TAGS.length];
    for (int c = 0; c < TAGS.length; c++) {
      double present = c == 0 ? 1.0 : c == 1 ? 0.8 : 0.5;
      tags[c] = Hash.unit(Hash.of(seed, index, 116, c)) < present
          ? 1 + Hash.below(Hash.of(seed, index, 117, c), TAGS[c].length - 1) : 0;
    }
    boolean licensed = Hash.unit(Hash.of(seed, index, 118, 0)) < 0.95;
    double scoreRoll = Hash.unit(Hash.of(seed, index, 119, 0));
    String acr = null;
    String aes = null;
    if (scoreRoll < 0.7) {
      acr = (1 + Hash.below(Hash.of(seed, index, 120, 0), 10)) + ".0";
      aes = (Hash.below(Hash.of(seed, index, 121, 0), 1000)) + ".0";
    } else if (scoreRoll < 0.75) {
      acr = "";
      aes = "";
    }
    boolean numbers = Hash.unit(Hash.of(seed, index, 122, 0)) < 0.1;
    String sysid = Hash.unit(Hash.of(seed, index, 123, 0)) < 0.3
        ? Hash.hex(seed, index, 124, 0, 32) : null;
    return new AssetIdentity(index, Hash.uuid(seed, index, 1, 0).toString(), cloud, hostname, fqdn,
        List.copyOf(ipv4s), ipv6s, mac, netbios, os, systemType, agentUuid, bios, serial, network,
        tags, licensed, acr, aes, numbers, sysid, seed);
  }

  /** The tag value of a category, or null when the asset has none in it. */
  public String tag(int category) {
    return tags[category] == 0 ? null : TAGS[category][tags[category]];
  }

  public boolean windows() {
    return operatingSystem.startsWith("Microsoft Windows");
  }

  public boolean hasAgent() {
    return agentUuid != null;
  }

  public String networkId() {
    return NETWORK_IDS[network];
  }

  public String networkName() {
    return NETWORK_NAMES[network];
  }

  /** Sources that report the asset, in Tenable's names. */
  public List<String> sources() {
    List<String> sources = new ArrayList<>();
    sources.add("NESSUS_SCAN");
    if (hasAgent()) {
      sources.add("NESSUS_AGENT");
    }
    switch (cloud) {
      case AWS -> sources.add("AWS");
      case AZURE -> sources.add("AZURE");
      case GCP -> sources.add("GCP");
      default -> { }
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
        ? Long.toString(1_000_000_000_000_000L + Math.floorMod(Hash.of(seed, index, 132, 0),
            8_000_000_000_000_000_000L))
        : null;
  }
}

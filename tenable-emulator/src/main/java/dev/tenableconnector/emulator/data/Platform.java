package dev.tenableconnector.emulator.data;

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

package dev.tenableconnector.emulator.export;

/** IPv4 ranges as the {@code network.cidr} filters write them. */
final class Cidr {
  private Cidr() {}

  /** {network, mask} of {@code a.b.c.d/n}, or null when it is not one. */
  static long[] parse(String cidr) {
    String[] parts = cidr.strip().split("/");
    if (parts.length != 2) {
      return null;
    }
    long ip = ipv4(parts[0]);
    int bits;
    try {
      bits = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return null;
    }
    if (ip < 0 || bits < 0 || bits > 32) {
      return null;
    }
    long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    return new long[] {ip & mask, mask};
  }

  /** The address as a number, or -1 when the text is not a dotted IPv4 address. */
  static long ipv4(String text) {
    String[] octets = text.split("\\.");
    if (octets.length != 4) {
      return -1;
    }
    long ip = 0;
    for (String o : octets) {
      try {
        int v = Integer.parseInt(o);
        if (v < 0 || v > 255) {
          return -1;
        }
        ip = ip << 8 | v;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return ip;
  }
}

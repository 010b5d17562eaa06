package dev.tenableconnector.emulator.data;

import java.util.UUID;

/**
 * Deterministic pseudo-randomness: every synthetic value is a pure function of the seed and the
 * coordinates of what it describes (asset, finding slot, step, purpose), so nothing is stored and
 * the same seed always yields the same estate.
 */
public final class Hash {
  private Hash() {}

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public static long of(long seed, long a, long b, long c) {
    long h = mix(seed + 0x9e3779b97f4a7c15L * (a + 1));
    h = mix(h ^ (b + 0x632be59bd9b4e019L));
    return mix(h ^ (c * 0x85ebca77c2b2ae63L + 0x27d4eb2f165667c5L));
  }

  /** A number in [0, 1). */
  public static double unit(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }

  /** A number in [0, bound). */
  public static int below(long hash, int bound) {
    return (int) Math.floorMod(hash >>> 1, (long) bound);
  }

  public static UUID uuid(long seed, long a, long b, long c) {
    long msb = of(seed, a, b, c);
    long lsb = of(seed, a, b, c + 0x5bd1e995L);
    msb = (msb & ~0xF000L) | 0x4000L; // version 4
    lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb);
  }

  public static String hex(long seed, long a, long b, long c, int length) {
    StringBuilder sb = new StringBuilder(length);
    long salt = 0;
    while (sb.length() < length) {
      String part = Long.toHexString(of(seed, a, b, c + salt++));
      for (int i = part.length(); i < 16; i++) {
        sb.append('0');
      }
      sb.append(part);
    }
    return sb.substring(0, length);
  }
}

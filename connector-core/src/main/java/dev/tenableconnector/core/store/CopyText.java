package dev.tenableconnector.core.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** PostgreSQL's COPY text format, as the chunk writer streams rows into its staging tables. */
final class CopyText {
  private CopyText() {}

  /** COPY text-format fields, each followed by a tab; null is \N. */
  static void fields(ByteArrayOutputStream out, String... values) {
    for (String value : values) {
      if (value == null) {
        out.write('\\');
        out.write('N');
      } else {
        escaped(out, value.getBytes(StandardCharsets.UTF_8));
      }
      out.write('\t');
    }
  }

  /** A bytea in COPY text format: \\x and hex digits (the backslash escaped for COPY). */
  static void hex(ByteArrayOutputStream out, byte[] value) {
    out.write('\\');
    out.write('\\');
    out.write('x');
    for (byte b : value) {
      out.write(HEX[(b >> 4) & 0xF]);
      out.write(HEX[b & 0xF]);
    }
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  static void escaped(ByteArrayOutputStream out, byte[] value) {
    // UTF-8 continuation bytes are never ASCII, so escaping byte by byte is safe.
    for (byte b : value) {
      switch (b) {
        case '\\' -> {
          out.write('\\');
          out.write('\\');
        }
        case '\t' -> {
          out.write('\\');
          out.write('t');
        }
        case '\n' -> {
          out.write('\\');
          out.write('n');
        }
        case '\r' -> {
          out.write('\\');
          out.write('r');
        }
        default -> out.write(b);
      }
    }
  }
}

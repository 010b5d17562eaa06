package dev.tenableconnector.client.export;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts every JSON string of a chunk body that runs past {@link #MAX_TEXT_BYTES} as it streams by,
 * ending it with a marker that gives its whole length, so that one enormous value (a plugin output
 * of hundreds of megabytes) costs no memory and leaves its record, and the rest of the chunk, to be
 * read as usual. It cuts only between characters (never inside a UTF-8 sequence, an escape or a
 * surrogate pair), so the body stays valid JSON; anything else passes through unchanged.
 */
final class LongTextLimit extends FilterInputStream {
  /** The longest JSON string kept whole, in bytes as sent (escapes counted as written). */
  static final int MAX_TEXT_BYTES = 4 << 20;

  /** What ends a cut string; the {@code %d} is the string's whole length in bytes. */
  static final String MARKER = " [truncated by tenable-connector: %d bytes in all]";

  private final int limit;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int end;
  private byte[] pending;
  private int pendingAt;

  private boolean inString;
  private boolean escape;
  private int hexLeft;
  private int hexValue;
  private boolean afterHighSurrogate;
  private boolean skipping;
  private long length;
  private long cut;

  LongTextLimit(InputStream in) {
    this(in, MAX_TEXT_BYTES);
  }

  LongTextLimit(InputStream in, int limit) {
    super(in);
    this.limit = limit;
  }

  /** How many strings were cut so far. */
  long cut() {
    return cut;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      if (pending != null) {
        int k = Math.min(len - n, pending.length - pendingAt);
        System.arraycopy(pending, pendingAt, b, off + n, k);
        n += k;
        pendingAt += k;
        if (pendingAt == pending.length) {
          pending = null;
        }
        continue;
      }
      if (pos == end) {
        if (n > 0) {
          return n; // what is here now, rather than wait for more
        }
        int r = in.read(buffer, 0, buffer.length);
        if (r < 0) {
          return -1;
        }
        pos = 0;
        end = r;
        continue;
      }
      byte c = buffer[pos++];
      if (keep(c)) {
        b[off + n++] = c;
      }
    }
    return n;
  }

  /** Moves the scanner past one byte; whether the byte goes on. */
  private boolean keep(byte c) {
    if (!inString) {
      if (c == '"') {
        inString = true;
        escape = false;
        hexLeft = 0;
        afterHighSurrogate = false;
        skipping = false;
        length = 0;
      }
      return true;
    }
    if (skipping) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        inString = false;
        pending = (String.format(MARKER, length) + '"').getBytes(StandardCharsets.UTF_8);
        pendingAt = 0;
        return false;
      }
      length++;
      return false;
    }
    if (escape) {
      escape = false;
      if (c == 'u') {
        hexLeft = 4;
        hexValue = 0;
      }
      length++;
      return true;
    }
    if (hexLeft > 0) {
      hexValue = hexValue * 16 + Character.digit(c, 16);
      if (--hexLeft == 0) {
        afterHighSurrogate = hexValue >= 0xD800 && hexValue <= 0xDBFF;
      }
      length++;
      return true;
    }
    if (c == '"') {
      inString = false;
      return true;
    }
    boolean charStart = (c & 0xC0) != 0x80;
    if (charStart && length >= limit && !(afterHighSurrogate && c == '\\')) {
      skipping = true;
      cut++;
      return keep(c);
    }
    if (charStart && c != '\\') {
      afterHighSurrogate = false;
    }
    if (c == '\\') {
      escape = true;
    }
    length++;
    return true;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[(int) Math.min(8192, Math.max(0, n))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public int available() {
    return (pending == null ? 0 : pending.length - pendingAt);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}

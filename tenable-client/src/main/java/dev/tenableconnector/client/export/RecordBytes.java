package dev.tenableconnector.client.export;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Keeps the bytes a parser read lately, so that a span of the body (a record's member, from its
 * token offsets) can be looked at as bytes: always the last {@link #WINDOW} bytes (more than the
 * parser's read-ahead), and everything from a {@link #retainFrom} offset until {@link #release}.
 */
final class RecordBytes extends FilterInputStream {
  private static final int WINDOW = 64 * 1024;

  private byte[] buffer = new byte[2 * WINDOW];
  private long base;
  private int length;
  private boolean retaining;

  RecordBytes(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      append(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      append(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] skipped = new byte[(int) Math.min(n, 8192)];
    int read = read(skipped, 0, skipped.length);
    return Math.max(read, 0);
  }

  private void append(byte[] b, int off, int n) {
    if (!retaining && length + n > WINDOW) {
      drop((int) Math.min(length, length + n - WINDOW));
    }
    if (length + n > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
    }
    System.arraycopy(b, off, buffer, length, n);
    length += n;
  }

  private void drop(int count) {
    System.arraycopy(buffer, count, buffer, 0, length - count);
    length -= count;
    base += count;
  }

  /** Keeps every byte from {@code offset} on (which must still be held) until released. */
  boolean retainFrom(long offset) {
    if (offset < base || offset > base + length) {
      return false;
    }
    drop((int) (offset - base));
    retaining = true;
    return true;
  }

  void release() {
    retaining = false;
  }

  /** The bytes held; {@code offset} of the body is at index {@link #index}. */
  byte[] held() {
    return buffer;
  }

  int index(long offset) {
    return (int) (offset - base);
  }
}

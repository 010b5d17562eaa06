package dev.tenableconnector.emulator.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One answer of the emulator and how it goes on the wire: headers, an {@code x-request-uuid}, gzip
 * when the request accepts it, a body written at once or streamed, and the wire faults (a dropped
 * connection, a body cut off or stalled, a body that is not JSON).
 */
public final class Reply {
  /** Writes a streamed body. */
  @FunctionalInterface
  public interface BodyWriter {
    void write(OutputStream out) throws IOException;
  }

  private static final byte[] MALFORMED =
      "[{\"id\": \"not-finished\", \"broken\": tru}, {]".getBytes(StandardCharsets.UTF_8);

  private final int status;
  private final String contentType;
  private final byte[] bytes;
  private final BodyWriter writer;
  private BodyWriter gzipped;
  private BodyWriter revised;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private boolean drop;
  private int cutAfter = -1;
  private Duration stall = Duration.ZERO;
  private boolean malformed;

  private Reply(int status, String contentType, byte[] bytes, BodyWriter writer) {
    this.status = status;
    this.contentType = contentType;
    this.bytes = bytes;
    this.writer = writer;
  }

  public static Reply bytes(int status, String contentType, byte[] body) {
    return new Reply(status, contentType, body, null);
  }

  /** A 200 whose body is written as it is generated (chunked transfer encoding). */
  public static Reply stream(String contentType, BodyWriter writer) {
    return new Reply(200, contentType, null, writer);
  }

  /** No answer at all: the connection is closed. */
  public static Reply drop() {
    Reply r = new Reply(0, "none", new byte[0], null);
    r.drop = true;
    return r;
  }

  public int status() {
    return status;
  }

  public boolean streamed() {
    return writer != null;
  }

  /**
   * The same streamed body already gzipped, written as it is to a client that accepts gzip (wire
   * faults still apply to it).
   */
  public Reply withGzipped(BodyWriter gzippedBody) {
    this.gzipped = gzippedBody;
    return this;
  }

  /** Another version of the same streamed body, for the {@code revised} chunk fault. */
  public Reply withRevised(BodyWriter revisedBody) {
    this.revised = revisedBody;
    return this;
  }

  /** This reply with its other version of the body (itself when it has none). */
  public Reply revised() {
    return revised == null ? this : new Reply(status, contentType, null, revised);
  }

  public Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** This streamed reply, stopped after {@code bytes} on the wire, silent for {@code stall}. */
  public Reply cutOff(int bytes, Duration stall) {
    Reply r = new Reply(status, contentType, null, writer);
    r.gzipped = gzipped;
    r.cutAfter = bytes;
    r.stall = stall;
    return r;
  }

  /** This streamed reply with a body that is not valid JSON. */
  public Reply malformed() {
    Reply r = new Reply(status, contentType, null, writer);
    r.malformed = true;
    return r;
  }

  /**
   * Sends the reply; a dropped or cut-off reply ends in an IOException that closes the connection.
   */
  public void writeTo(HttpExchange ex) throws IOException {
    if (drop) {
      throw new IOException("emulator fault: connection dropped");
    }
    ex.getResponseHeaders().set("x-request-uuid", UUID.randomUUID().toString().replace("-", ""));
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.getResponseHeaders().set("Content-Type", contentType);
    boolean gzip =
        Optional.ofNullable(ex.getRequestHeaders().getFirst("Accept-Encoding"))
            .map(v -> v.toLowerCase(Locale.ROOT).contains("gzip"))
            .orElse(false);
    if (gzip) {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    if (writer == null) {
      byte[] payload = bytes;
      if (gzip) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = new FastGzip(buffer)) {
          out.write(payload);
        }
        payload = buffer.toByteArray();
      }
      ex.sendResponseHeaders(status, payload.length == 0 ? -1 : payload.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(payload);
      }
      return;
    }
    ex.sendResponseHeaders(status, 0);
    OutputStream raw = ex.getResponseBody();
    OutputStream wire = cutAfter >= 0 ? new CuttingOutputStream(raw, cutAfter, stall) : raw;
    if (gzip && gzipped != null && !malformed) {
      try {
        gzipped.write(wire);
        wire.close();
      } catch (CuttingOutputStream.Cut cut) {
        raw.flush();
        throw cut;
      }
      return;
    }
    OutputStream out = gzip ? new FastGzip(wire) : wire;
    if (malformed) {
      out.write(MALFORMED);
      out.close();
      return;
    }
    try {
      writer.write(new NonClosing(out));
      out.close();
    } catch (CuttingOutputStream.Cut cut) {
      // Leave the chunked body unterminated: the server drops the connection mid-body.
      raw.flush();
      throw cut;
    }
  }

  /** gzip at the fastest level: the emulator should not be what a benchmark measures. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  /** Keeps the JSON generator from closing the response before the reply is done with it. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** Lets a number of bytes through, then (after a silence, if asked) fails, to cut a body off. */
  private static final class CuttingOutputStream extends FilterOutputStream {
    private long left;
    private final Duration stall;

    CuttingOutputStream(OutputStream out, long bytes, Duration stall) {
      super(out);
      this.left = bytes;
      this.stall = stall;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len >= left) {
        out.write(b, off, (int) left);
        left = 0;
        out.flush();
        if (!stall.isZero()) {
          try {
            Thread.sleep(stall.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        throw new Cut();
      }
      out.write(b, off, len);
      left -= len;
    }

    static final class Cut extends IOException {
      Cut() {
        super("emulator fault: body cut off");
      }
    }
  }
}

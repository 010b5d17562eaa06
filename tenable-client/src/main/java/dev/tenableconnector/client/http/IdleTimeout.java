package dev.tenableconnector.client.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes response bodies that stop delivering bytes for longer than the read timeout. The JDK's
 * HttpClient times out only until the headers arrive; a body that stalls afterwards would block a
 * download forever. Closing the stream wakes the blocked reader, which then fails like a cut-off
 * body (and the chunk is downloaded again).
 */
final class IdleTimeout implements AutoCloseable {
  private final long timeoutNanos;
  private final Set<Guarded> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService watchdog;

  IdleTimeout(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tenable-read-timeout");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
    watchdog.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  InputStream guard(InputStream body) {
    Guarded guarded = new Guarded(body);
    open.add(guarded);
    return guarded;
  }

  private void check() {
    long now = System.nanoTime();
    for (Guarded g : open) {
      if (now - g.lastProgress > timeoutNanos) {
        g.expire();
      }
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }

  /** A body whose reads count as progress; closed by the watchdog when progress stops. */
  private final class Guarded extends FilterInputStream {
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean expired;

    Guarded(InputStream in) {
      super(in);
    }

    void expire() {
      expired = true;
      open.remove(this);
      try {
        in.close();
      } catch (IOException e) {
        // The reader fails on its own once the stream is gone; nothing more to do here.
        lastProgress = System.nanoTime();
      }
    }

    @Override
    public int read() throws IOException {
      try {
        int b = checked(super.read());
        lastProgress = System.nanoTime();
        return b;
      } catch (IOException e) {
        throw expired ? timedOut(e) : e;
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        int n = checked(super.read(buffer, offset, length));
        lastProgress = System.nanoTime();
        return n;
      } catch (IOException e) {
        throw expired ? timedOut(e) : e;
      }
    }

    private int checked(int result) throws IOException {
      if (expired) {
        throw timedOut(null);
      }
      return result;
    }

    private IOException timedOut(IOException cause) {
      return new IOException("no data received for " + timeoutNanos / 1_000_000 + " ms", cause);
    }

    @Override
    public void close() throws IOException {
      open.remove(this);
      super.close();
    }
  }
}

package dev.tenableconnector.client;

import dev.tenableconnector.client.http.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the waits the client asks for and takes only a few milliseconds of each, so tests can
 * assert the waits without spending them (the emulator still needs real time to move).
 */
public final class RecordingSleeper implements Sleeper {
  private final List<Duration> waits = new ArrayList<>();

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    synchronized (waits) {
      waits.add(duration);
    }
    Thread.sleep(Math.min(5, Math.max(1, duration.toMillis())));
  }

  public List<Duration> waits() {
    synchronized (waits) {
      return List.copyOf(waits);
    }
  }
}

package dev.tenableconnector.testsupport;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock that starts at a fixed instant, runs at real speed (export jobs and polling need time to
 * pass), and jumps forward when a test moves it, between sync runs say.
 */
public final class RunningClock extends UtcTestClock {
  private final Instant start;
  private final long startNanos = System.nanoTime();
  private volatile Duration jumped = Duration.ZERO;

  public RunningClock(Instant start) {
    this.start = start;
  }

  public void jump(Duration by) {
    jumped = jumped.plus(by);
  }

  @Override
  public Instant instant() {
    return start.plus(jumped).plusNanos(System.nanoTime() - startNanos);
  }
}

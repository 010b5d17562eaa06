package dev.tenableconnector.testsupport;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock that stands still until a test sets or advances it: a scheduler's or an emulator's "now".
 */
public final class ManualClock extends UtcTestClock {
  private volatile Instant now;

  public ManualClock(Instant start) {
    this.now = start;
  }

  public void set(Instant at) {
    now = at;
  }

  public void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public Instant instant() {
    return now;
  }
}

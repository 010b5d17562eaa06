package dev.tenableconnector.client.http;

import dev.tenableconnector.client.TenableApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The attempts and deadline left to one call under a {@link RetryPolicy}. */
public final class RetryState {
  private final RetryPolicy policy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Instant deadline;
  private final BooleanSupplier stopped;
  private int attempts = 1;

  RetryState(RetryPolicy policy, Clock clock, Sleeper sleeper, BooleanSupplier stopped) {
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.stopped = stopped;
    this.deadline = clock.instant().plus(policy.deadline());
  }

  /** The number of the attempt under way (1 for the first). */
  public int attempt() {
    return attempts;
  }

  /**
   * Waits before the next attempt: as the server asked when it said, else the policy's backoff.
   * Throws the given failure instead when no attempt is left, the wait would pass the deadline, or
   * retrying was stopped (before the wait or during it).
   */
  public void awaitRetry(Optional<Duration> serverWait, Supplier<TenableApiException> failure) {
    if (attempts >= policy.maxAttempts() || stopped.getAsBoolean()) {
      throw failure.get();
    }
    Duration wait = serverWait.orElseGet(() -> policy.backoff(attempts));
    if (clock.instant().plus(wait).isAfter(deadline)) {
      throw failure.get();
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      TenableApiException interrupted = failure.get();
      interrupted.addSuppressed(e);
      throw interrupted;
    }
    if (stopped.getAsBoolean()) {
      throw failure.get();
    }
    attempts++;
  }
}

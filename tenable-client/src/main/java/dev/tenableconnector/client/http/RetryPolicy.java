package dev.tenableconnector.client.http;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to retry a call that may succeed later: attempts, a total deadline,
 * exponential backoff with jitter, and a cap on any single wait (including a server's Retry-After).
 *
 * @param maxAttempts attempts in all, the first included (1 means no retry)
 * @param initialBackoff the first backoff wait before jitter
 * @param maxBackoff the cap of a backoff wait
 * @param multiplier growth of the backoff per attempt
 * @param jitter the fraction (0 to 1) by which a backoff wait is randomly shortened or lengthened
 * @param deadline the longest time from the first attempt to the start of the last one
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    double jitter,
    Duration deadline) {

  /** Defaults for the Tenable cloud: about ten minutes of patience, waits from 1 s up to 60 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        10, Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.25, Duration.ofMinutes(10));
  }

  public RetryPolicy {
    List<String> problems = new ArrayList<>();
    if (maxAttempts < 1) {
      problems.add("maxAttempts must be at least 1 (was " + maxAttempts + ")");
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      problems.add("initialBackoff must be zero or positive");
    }
    if (maxBackoff == null || initialBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
      problems.add("maxBackoff must be at least initialBackoff");
    }
    if (multiplier < 1.0) {
      problems.add("multiplier must be at least 1.0 (was " + multiplier + ")");
    }
    if (jitter < 0 || jitter > 1) {
      problems.add("jitter must be between 0 and 1 (was " + jitter + ")");
    }
    if (deadline == null || deadline.isNegative()) {
      problems.add("deadline must be zero or positive");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid retry policy: " + String.join("; ", problems));
    }
  }

  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, initialBackoff, maxBackoff, multiplier, jitter, deadline);
  }

  public RetryPolicy withBackoff(Duration initial, Duration max) {
    return new RetryPolicy(maxAttempts, initial, max, multiplier, jitter, deadline);
  }

  public RetryPolicy withDeadline(Duration total) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, total);
  }

  /** The backoff before retry number {@code retry} (1 for the first retry), jitter included. */
  public Duration backoff(int retry) {
    double base = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
    double capped = Math.min(base, maxBackoff.toMillis());
    double factor = 1.0 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    long millis = (long) Math.min(capped * factor, maxBackoff.toMillis());
    return Duration.ofMillis(Math.max(0, millis));
  }

  /** Starts counting attempts for one call; its retries end as soon as {@code stopped} says so. */
  public RetryState start(
      Clock clock, Sleeper sleeper, java.util.function.BooleanSupplier stopped) {
    return new RetryState(this, clock, sleeper, stopped);
  }
}

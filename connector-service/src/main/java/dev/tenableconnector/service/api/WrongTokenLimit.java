package dev.tenableconnector.service.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts wrong admin tokens per client address, for the bearer API and the web UI's sign-in alike,
 * so that guessing the token is limited to {@link #PER_MINUTE} tries a minute from one address. The
 * table is bounded: past {@link #ADDRESSES} addresses the quiet ones are dropped.
 */
public final class WrongTokenLimit {
  public static final int PER_MINUTE = 10;
  static final int ADDRESSES = 10_000;

  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public WrongTokenLimit(Clock clock) {
    this.clock = clock;
  }

  /** Whether this address has used up its tries for the last minute. */
  public boolean blocked(String address) {
    Deque<Instant> times = failures.get(address);
    if (times == null) {
      return false;
    }
    synchronized (times) {
      prune(times);
      return times.size() >= PER_MINUTE;
    }
  }

  /** Records a wrong token from this address. */
  public void failed(String address) {
    if (failures.size() >= ADDRESSES) {
      failures
          .values()
          .removeIf(
              times -> {
                synchronized (times) {
                  prune(times);
                  return times.isEmpty();
                }
              });
    }
    Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(clock.instant());
    }
  }

  private void prune(Deque<Instant> times) {
    Instant cutoff = clock.instant().minusSeconds(60);
    while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
      times.removeFirst();
    }
  }
}

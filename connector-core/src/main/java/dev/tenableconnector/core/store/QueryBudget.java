package dev.tenableconnector.core.store;

import java.time.Duration;

/**
 * How long one inventory read may run, and a way to stop it from another thread. A read over its
 * budget, or cancelled (the service stopping, the store closing), ends with {@link
 * QueryStoppedException} instead of holding a database connection for as long as the query takes.
 * An idle budget counts from the last row handed over, so a long export that keeps producing rows
 * runs on while a scan that finds nothing for that long is stopped.
 */
public final class QueryBudget {
  private final long limitNanos;
  private final boolean idle;
  private volatile long deadline;
  private volatile String stopped;

  private QueryBudget(Duration limit, boolean idle) {
    this.limitNanos = limit == null ? 0 : Math.max(1, limit.toNanos());
    this.idle = idle;
    this.deadline = System.nanoTime() + limitNanos;
  }

  /** No time limit; still stopped by {@link #cancel} (for the CLI and bookkeeping reads). */
  public static QueryBudget unlimited() {
    return new QueryBudget(null, false);
  }

  /** At most {@code limit} from now, for a page or a count. */
  public static QueryBudget of(Duration limit) {
    return new QueryBudget(limit, false);
  }

  /** At most {@code limit} between two rows, for a streamed export. */
  public static QueryBudget idle(Duration limit) {
    return new QueryBudget(limit, true);
  }

  /** The limit, or null when there is none. */
  public Duration limit() {
    return limitNanos == 0 ? null : Duration.ofNanos(limitNanos);
  }

  /** Stops the read at its next step; the first reason given is the one reported. */
  public void cancel(String why) {
    if (stopped == null) {
      stopped = why;
    }
  }

  /** A row was handed over: an idle budget starts again. */
  void rowDelivered() {
    if (idle && limitNanos != 0) {
      deadline = System.nanoTime() + limitNanos;
    }
  }

  /** Whether the read must stop now (cheap: called every few thousand SQLite steps). */
  boolean exhausted() {
    return stopped != null || (limitNanos != 0 && System.nanoTime() - deadline > 0);
  }

  /** Time left, for engines that enforce the limit themselves (PostgreSQL's statement timeout). */
  long remainingMillis() {
    if (limitNanos == 0) {
      return 0;
    }
    return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
  }

  /** Throws when the read must stop. */
  void check() {
    if (exhausted()) {
      throw stoppedException();
    }
  }

  QueryStoppedException stoppedException() {
    if (stopped != null) {
      return new QueryStoppedException(false, "the query was stopped: " + stopped);
    }
    return new QueryStoppedException(
        true,
        "the query ran past its time limit of "
            + describe(limit())
            + (idle ? " without producing a row" : "")
            + " and was stopped; narrow it (fewer wildcards,"
            + " fewer inventory:(…) or vulnerabilities:(…) groups) or raise the limit");
  }

  static String describe(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + " ms";
    }
    long s = d.toSeconds();
    return s % 60 == 0 && s >= 60 ? (s / 60) + " min" : s + " s";
  }
}

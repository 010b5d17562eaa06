package dev.tenableconnector.service.schedule;

import dev.tenableconnector.service.connector.ApiError;
import dev.tenableconnector.service.connector.Connector;
import dev.tenableconnector.service.connector.ConnectorActivity;
import dev.tenableconnector.service.connector.ConnectorState;
import dev.tenableconnector.service.connector.Connectors;
import dev.tenableconnector.service.connector.ServiceException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires connector runs: each enabled connector's next run time is kept in the database; a tick
 * (every second) queues those that are due, Run now queues one at once. One run per connector at a
 * time; different connectors run side by side up to the worker count. At start, a run that a stop
 * interrupted is resumed, and a run missed while the service was down runs once (not once per
 * missed slot).
 */
public final class ConnectorScheduler implements ConnectorActivity, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectorScheduler.class);

  private final Connectors connectors;
  private final ConnectorRunner runner;
  private final Clock clock;
  private final ExecutorService workers;
  private final ScheduledExecutorService ticker;
  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  public ConnectorScheduler(
      Connectors connectors, ConnectorRunner runner, Clock clock, int workerCount) {
    this.connectors = connectors;
    this.runner = runner;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            workerCount,
            r -> {
              Thread t = new Thread(r, "connector-run-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "connector-scheduler");
              t.setDaemon(true);
              return t;
            });
    connectors.setActivity(this);
  }

  /** Recovers after a stop, then ticks every second. */
  public void start() {
    recover();
    ticker.scheduleWithFixedDelay(
        () -> {
          try {
            tick();
          } catch (RuntimeException e) {
            log.error("scheduler tick failed", e);
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
  }

  /**
   * What a stop left behind: interrupted runs resume, one missed run per connector executes now.
   */
  public void recover() {
    Instant now = clock.instant();
    for (Connector c : connectors.list()) {
      if (!c.enabled()) {
        continue;
      }
      ConnectorState state = c.state();
      Instant next = c.row().nextRunAt();
      if (state == ConnectorState.PROCESSING || state == ConnectorState.SCHEDULED) {
        log.info(
            "connector '{}' was {} when the service stopped: running it again now (an interrupted"
                + " run resumes its exports)",
            c.name(),
            state);
        enqueue(c);
      } else if (next != null && !next.isAfter(now)) {
        log.info(
            "connector '{}' missed its run of {} while the service was down: running it once now",
            c.name(),
            next);
        enqueue(c);
      }
      connectors
          .registry()
          .updateNextRun(c.id(), c.config().schedule().nextAfter(now).orElse(null));
    }
  }

  /** Queues every enabled connector whose next run is due, and moves its next run on. */
  public void tick() {
    Instant now = clock.instant();
    for (Connector c : connectors.list()) {
      Instant next = c.row().nextRunAt();
      if (!c.enabled() || next == null || next.isAfter(now)) {
        continue;
      }
      // Compare-and-set: of several instances sharing the database, one claims this run.
      if (!connectors
          .registry()
          .claimNextRun(c.id(), next, c.config().schedule().nextAfter(now).orElse(null))) {
        continue;
      }
      if (busy.contains(c.id())) {
        log.warn(
            "connector '{}': the run due at {} is skipped, the previous run is still processing",
            c.name(),
            next);
        continue;
      }
      enqueue(c);
    }
  }

  /** Run now: queues the connector at once, or refuses when a run is queued or processing. */
  public void runNow(String id) {
    Connector c = connectors.get(id);
    if (!enqueue(c)) {
      throw new ServiceException(
          ApiError.RUN_IN_PROGRESS,
          "connector '"
              + c.name()
              + "' already has a run "
              + (c.state() == ConnectorState.PROCESSING ? "processing" : "queued")
              + "; one run per connector at a time");
    }
  }

  private boolean enqueue(Connector c) {
    if (!busy.add(c.id())) {
      return false;
    }
    runner.queued(c.id());
    connectors
        .registry()
        .updateState(
            c.id(), ConnectorState.SCHEDULED.name(), null, c.row().lastError(), clock.instant());
    workers.execute(
        () -> {
          try {
            runner.run(c.id());
          } finally {
            busy.remove(c.id());
          }
        });
    return true;
  }

  @Override
  public boolean busy(String id) {
    return busy.contains(id);
  }

  /**
   * Cancel: the connector's run under way stops (its Tenable export cancelled) and ends Errored
   * with code CANCELLED; a queued one never starts. Refused when no run is queued or processing.
   */
  public void cancel(String id, String by) {
    Connector c = connectors.get(id);
    if (!busy.contains(id)) {
      throw new ServiceException(
          ApiError.NOT_RUNNING,
          "connector '" + c.name() + "' has no run queued or" + " processing to cancel");
    }
    log.info("connector '{}': run cancelled {}", c.name(), by);
    runner.cancel(id, by);
  }

  @Override
  public boolean cancelAndWait(String id, String by, java.time.Duration wait) {
    if (!busy.contains(id)) {
      return true;
    }
    runner.cancel(id, by);
    long deadline = System.nanoTime() + wait.toNanos();
    while (busy.contains(id) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !busy.contains(id);
  }

  @Override
  public void changed(Connector c) {
    Optional<Instant> next =
        c.enabled() ? c.config().schedule().nextAfter(clock.instant()) : Optional.empty();
    connectors.registry().updateNextRun(c.id(), next.orElse(null));
  }

  /**
   * Stops ticking and waits up to {@code seconds} for runs in progress. Runs still going are not
   * interrupted (that would record them as failed): like a crash, they stay Processing with their
   * exports saved, and resume at the next start. Returns whether no run was left going.
   */
  public boolean close(long seconds) {
    ticker.shutdownNow();
    workers.shutdown();
    try {
      if (workers.awaitTermination(seconds, TimeUnit.SECONDS)) {
        return true;
      }
      log.info("runs still in progress are left to resume at the next start: {}", busy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public void close() {
    close(5);
  }
}

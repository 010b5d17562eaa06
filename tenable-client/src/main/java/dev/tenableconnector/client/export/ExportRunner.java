package dev.tenableconnector.client.export;

import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.http.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one export as an explicit state machine: poll the status (backing off while nothing new
 * appears), download each chunk as soon as it is listed, several at a time, hand it to the {@link
 * ChunkHandler}, and end in an {@link ExportOutcome}. A chunk whose body is broken is downloaded
 * again; a 404 means the export expired. Started with the chunks already handled, it resumes an
 * export after a restart without downloading them again.
 */
public final class ExportRunner {
  private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** The longest the runner waits before asking its listener again whether to stop. */
  static final Duration STOP_CHECK = Duration.ofMillis(250);

  /** Downloads of a chunk answered 400 "not ready" before the 400 is taken as a refusal. */
  static final int NOT_READY_RETRIES = 5;

  private final ExportApi api;
  private final ExportOptions options;
  private final Clock clock;
  private final Sleeper sleeper;

  public ExportRunner(ExportApi api, ExportOptions options, Clock clock, Sleeper sleeper) {
    this.api = api;
    this.options = options;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Starts (or adopts) an export and follows it to its end. */
  public <T> ExportResult run(
      ExportRequest<T> request, ChunkHandler<T> handler, ExportListener listener) {
    ExportApi.StartedExport started = api.start(request);
    listener.started(started);
    return follow(request.kind(), started.uuid(), Set.of(), handler, listener);
  }

  /**
   * Follows an export that already exists, skipping the chunks in {@code alreadyDone}.
   *
   * @throws TenableApiException when Tenable refuses the keys or the permission, or stays
   *     unavailable past the retry deadline
   * @throws ChunkHandlerException when the handler throws a checked exception (its runtime
   *     exceptions come out as they are)
   */
  public <T> ExportResult follow(
      ExportKind<T> kind,
      String uuid,
      Set<Integer> alreadyDone,
      ChunkHandler<T> handler,
      ExportListener listener) {
    return new Run<>(kind, uuid, alreadyDone, handler, listener).run();
  }

  /** The mutable state of following one export; confined to the calling thread. */
  private final class Run<T> {
    private final ExportKind<T> kind;
    private final String uuid;
    private final ChunkDownloader<T> downloader;
    private final ExportListener listener;
    private final Set<Integer> done;
    private final Deque<Integer> pending = new ArrayDeque<>();
    private final Map<Future<ChunkStats>, Integer> inFlight = new HashMap<>();
    private final Set<Integer> seen = new HashSet<>();
    private final Instant started = clock.instant();
    private final long startedNanos = System.nanoTime();
    private long records;
    private long rejected;
    private long bytes;
    private ExportStatus status;
    private RuntimeException failure;
    private ExportOutcome stopOutcome;
    private String stopMessage;

    Run(
        ExportKind<T> kind,
        String uuid,
        Set<Integer> alreadyDone,
        ChunkHandler<T> handler,
        ExportListener listener) {
      this.kind = kind;
      this.uuid = uuid;
      this.downloader = new ChunkDownloader<>(api, kind, uuid, handler, listener, options, sleeper);
      this.listener = listener;
      this.done = new TreeSet<>(alreadyDone);
      this.seen.addAll(alreadyDone);
    }

    ExportResult run() {
      ExecutorService pool =
          Executors.newFixedThreadPool(
              options.parallelChunks(),
              r -> {
                Thread t = new Thread(r, "tenable-chunk-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      CompletionService<ChunkStats> completions = new ExecutorCompletionService<>(pool);
      Duration pollWait = options.pollInitial();
      Instant nextPoll = clock.instant();
      try {
        while (true) {
          if (stopOutcome == null && failure == null && listener.stopRequested()) {
            // A caller that stops a run may also interrupt this thread to end a wait: that
            // interrupt is the stop, answered here, and must not abort the cancel request itself.
            Thread.interrupted();
            cancelQuietly();
            stop(
                ExportOutcome.CANCELLED,
                "export "
                    + uuid
                    + " was cancelled on request; the "
                    + done.size()
                    + " chunks handled before are kept");
          }
          if (stopOutcome == null
              && failure == null
              && (status == null || !status.state().terminal())
              && !clock.instant().isBefore(nextPoll)) {
            boolean newChunks = poll();
            pollWait = newChunks ? options.pollInitial() : grow(pollWait);
            nextPoll = clock.instant().plus(pollWait);
          }
          if (stopOutcome == null && failure == null) {
            while (inFlight.size() < options.parallelChunks() && !pending.isEmpty()) {
              int chunkId = pending.poll();
              inFlight.put(completions.submit(() -> downloader.download(chunkId)), chunkId);
            }
          }
          if (inFlight.isEmpty()) {
            if (failure != null) {
              throw failure;
            }
            if (stopOutcome != null) {
              return result(stopOutcome, stopMessage);
            }
            if (status != null && status.state().terminal() && pending.isEmpty()) {
              return finished();
            }
            ExportResult timedOut = checkTimeouts();
            if (timedOut != null) {
              return timedOut;
            }
            Duration untilPoll = Duration.between(clock.instant(), nextPoll);
            sleep(untilPoll.compareTo(STOP_CHECK) > 0 ? STOP_CHECK : untilPoll);
            continue;
          }
          Duration wait = Duration.between(clock.instant(), nextPoll);
          boolean draining =
              stopOutcome != null || failure != null || status != null && status.state().terminal();
          Future<ChunkStats> completed =
              draining
                  ? completions.take()
                  : completions.poll(
                      Math.max(1, Math.min(wait.toMillis(), STOP_CHECK.toMillis())),
                      TimeUnit.MILLISECONDS);
          while (completed != null) {
            collect(completed);
            completed = completions.poll();
          }
          if (stopOutcome == null && failure == null) {
            ExportResult timedOut = checkTimeouts();
            if (timedOut != null) {
              stopOutcome = timedOut.outcome();
              stopMessage = timedOut.message();
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TenableApiException(
            TenableError.NETWORK,
            0,
            null,
            "following " + kind + " export " + uuid + " was interrupted",
            e);
      } finally {
        pool.shutdownNow();
      }
    }

    /** Polls the status; returns whether new chunks were listed. */
    private boolean poll() {
      try {
        status = api.status(kind, uuid);
      } catch (TenableApiException e) {
        if (e.error() == TenableError.NOT_FOUND) {
          stop(ExportOutcome.EXPIRED, "export " + uuid + " is gone (HTTP 404 on its status)");
        } else {
          // Let the chunks in flight finish their transactions before the failure is thrown.
          failure = e;
          pending.clear();
        }
        return false;
      }
      listener.status(status);
      boolean added = false;
      for (int chunkId : status.chunksAvailable()) {
        if (seen.add(chunkId)) {
          pending.add(chunkId);
          added = true;
        }
      }
      String reason = status.reason() == null ? "" : " (Tenable's reason: " + status.reason() + ")";
      switch (status.state()) {
        case ERROR ->
            stop(
                ExportOutcome.ERROR,
                "Tenable reports export "
                    + uuid
                    + " in ERROR"
                    + reason
                    + "; it must be requested again");
        default -> {
          if (!status.chunksFailed().isEmpty()) {
            stop(
                ExportOutcome.CHUNKS_FAILED,
                "Tenable reports failed chunks "
                    + status.chunksFailed()
                    + " for export "
                    + uuid
                    + reason
                    + "; it must be requested again");
          }
        }
      }
      return added;
    }

    private void stop(ExportOutcome outcome, String message) {
      if (stopOutcome == null) {
        log.warn("{} export {}: {}", kind, uuid, message);
        stopOutcome = outcome;
        stopMessage = message;
        pending.clear();
      }
    }

    private ExportResult checkTimeouts() {
      Duration elapsed = Duration.between(started, clock.instant());
      if (status != null
          && status.state() == ExportState.QUEUED
          && elapsed.compareTo(options.queuedTimeout()) > 0) {
        cancelQuietly();
        return result(
            ExportOutcome.TIMED_OUT,
            "export " + uuid + " stayed QUEUED for " + human(elapsed) + "; it was cancelled");
      }
      if (elapsed.compareTo(options.deadline()) > 0) {
        return result(
            ExportOutcome.TIMED_OUT,
            "export " + uuid + " did not finish within " + human(options.deadline()));
      }
      return null;
    }

    private void cancelQuietly() {
      try {
        api.cancel(kind, uuid);
      } catch (TenableApiException e) {
        log.warn("cancelling {} export {} failed: {}", kind, uuid, e.getMessage());
      }
    }

    private ExportResult finished() {
      if (status.state() == ExportState.CANCELLED) {
        return result(
            ExportOutcome.CANCELLED,
            "export "
                + uuid
                + " was cancelled on Tenable; the "
                + done.size()
                + " chunks it had were handled");
      }
      return result(
          ExportOutcome.COMPLETED, "export " + uuid + " completed: " + done.size() + " chunks");
    }

    private void collect(Future<ChunkStats> future) throws InterruptedException {
      int chunkId = inFlight.remove(future);
      try {
        ChunkStats stats = future.get();
        done.add(chunkId);
        records += stats.records();
        rejected += stats.rejected();
        bytes += stats.bytes();
        listener.chunkDone(uuid, stats);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ChunkGone gone) {
          stop(gone.outcome(), gone.getMessage());
        } else if (failure == null) {
          failure =
              cause instanceof RuntimeException re
                  ? re
                  : new ChunkHandlerException(
                      "handling chunk "
                          + chunkId
                          + " of export "
                          + uuid
                          + " failed: "
                          + cause.getMessage(),
                      cause);
          pending.clear();
        }
      }
    }

    private ExportResult result(ExportOutcome outcome, String message) {
      return new ExportResult(
          kind,
          uuid,
          outcome,
          message,
          Collections.unmodifiableSet(done),
          records,
          rejected,
          bytes,
          Duration.ofNanos(System.nanoTime() - startedNanos),
          status);
    }

    private Duration grow(Duration wait) {
      long next = (long) (Math.max(1, wait.toMillis()) * options.pollMultiplier());
      return Duration.ofMillis(Math.min(next, options.pollMax().toMillis()));
    }

    private void sleep(Duration wait) throws InterruptedException {
      if (!wait.isNegative() && !wait.isZero()) {
        sleeper.sleep(wait);
      }
    }
  }

  private static String human(Duration d) {
    if (d.toMinutes() >= 120) {
      return d.toHours() + " h";
    }
    if (d.toSeconds() >= 120) {
      return d.toMinutes() + " min";
    }
    return d.toMillis() >= 10_000 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}

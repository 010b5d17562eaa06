package dev.tenableconnector.kafka;

import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.export.ExportApi;
import dev.tenableconnector.client.export.ExportState;
import dev.tenableconnector.client.export.ExportStatus;
import dev.tenableconnector.core.errors.ErrorCode;
import dev.tenableconnector.core.sync.SyncPlan;
import dev.tenableconnector.core.sync.SyncSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's one thread that talks to Tenable about exports: it plans each cycle (full when no
 * cycle finished yet, else a delta from the last finished cycle's watermark, both read back from
 * offsets), starts or adopts its exports in order and waits until Tenable has finished them,
 * restarting a failed one a bounded number of times, then hands the plan to the tasks. It watches
 * the lanes' offsets until every lane is done, and hands out the cycle's summary.
 */
final class CyclePlanner implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(CyclePlanner.class);

  private final KafkaSettings settings;
  private final TenableClient client;
  private final OffsetStorageReader offsets;
  private final CyclePlan recovered;
  private final Consumer<CyclePlan> publish;
  private final Consumer<Throwable> fail;
  private final Clock clock;
  private final String connector;
  private volatile boolean stopped;
  private int restarts;

  /** A lane found an export of the cycle gone from Tenable. */
  private static final class ExportGone extends Exception {
    private static final long serialVersionUID = 1L;

    ExportGone() {
      super(null, null, false, false);
    }
  }

  CyclePlanner(
      String connector,
      KafkaSettings settings,
      TenableClient client,
      OffsetStorageReader offsets,
      CyclePlan recovered,
      Consumer<CyclePlan> publish,
      Consumer<Throwable> fail,
      Clock clock) {
    this.settings = settings;
    this.client = client;
    this.offsets = offsets;
    this.recovered = recovered;
    this.publish = publish;
    this.fail = fail;
    this.clock = clock;
    this.connector = connector;
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    String claimed = null;
    try {
      String account = AccountClaims.account(settings.tenableUrl(), client.session());
      Optional<String> holder = AccountClaims.claim(account, connector);
      if (holder.isPresent()) {
        fail.accept(new ConnectException(AccountClaims.refusal(account, holder.get())));
        return;
      }
      claimed = account;
      CyclePlan plan = recovered;
      while (!stopped) {
        if (plan == null || plan.finished()) {
          if (plan != null) {
            waitUntil(Instant.parse(plan.summary().finishedAt()).plus(settings.cycleInterval()));
          }
          if (stopped) {
            return;
          }
          plan = next(plan, listedSince(plan, clock.instant()));
          publish.accept(plan);
        }
        try {
          plan = awaitLanes(plan);
        } catch (ExportGone gone) {
          plan = again(plan, ++restarts);
          publish.accept(plan);
          continue;
        }
        if (plan != null && plan.finished()) {
          restarts = 0;
          publish.accept(plan);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TenableApiException e) {
      if (stopped) {
        return; // a request the stop interrupted: the export stays for the next instance to adopt
      }
      ErrorCode code = ErrorCode.of(e.error());
      fail.accept(
          new ConnectException(
              code.name() + ": " + client.redact(e.getMessage()) + " " + code.remedy()));
    } catch (RuntimeException e) {
      if (!stopped) {
        fail.accept(new ConnectException(client.redact(String.valueOf(e.getMessage())), e));
      }
    } finally {
      AccountClaims.release(claimed, connector);
    }
  }

  /**
   * The cycle the offsets say is under way (task 0 records each plan it starts in the summary
   * partition), or the last finished one, or null before the first cycle.
   */
  static CyclePlan recovered(OffsetStorageReader offsets) {
    Map<String, Object> last = offsets.offset(LaneOffset.SUMMARY_PARTITION);
    if (last == null || !(last.get("plan") instanceof String json)) {
      return null;
    }
    CyclePlan plan = CyclePlan.parse(json);
    log.info(
        "connector resumes at cycle {} ({})",
        plan.cycle(),
        plan.finished() ? "finished" : "running");
    return plan;
  }

  /**
   * The cycle after one whose export Tenable dropped while the tasks were downloading it: the same
   * mode from the same watermark, with new exports (never one from the job list), up to the
   * configured export attempts.
   */
  private CyclePlan again(CyclePlan abandoned, int restart) throws InterruptedException {
    int attempts = settings.sync().exportAttempts();
    if (restart >= attempts) {
      throw new ConnectException(
          "cycle "
              + abandoned.cycle()
              + ": Tenable dropped an export before the tasks had all its chunks, "
              + attempts
              + " times; raise export.attempts, or download faster with more tasks");
    }
    log.warn(
        "cycle {}: an export expired while the tasks downloaded it; cycle {} starts again from"
            + " the same watermark (attempt {} of {})",
        abandoned.cycle(),
        abandoned.cycle() + 1,
        restart + 1,
        attempts);
    CyclePlan asIfBefore =
        new CyclePlan(
            abandoned.cycle(),
            abandoned.mode(),
            null,
            abandoned.watermarkBefore(),
            abandoned.lanes(),
            abandoned.exports(),
            null);
    return next(asIfBefore, clock.instant());
  }

  /** Plans the cycle after {@code last} and starts its exports; they are finished on return. */
  private CyclePlan next(CyclePlan last, Instant listedSince) throws InterruptedException {
    long cycle = last == null ? 1 : last.cycle() + 1;
    Instant watermark =
        last == null || last.watermarkAfter() == null ? null : Instant.parse(last.watermarkAfter());
    boolean delta = watermark != null;
    Instant now = clock.instant();
    SyncSettings sync = settings.sync().syncSettings("kafka", settings.tenableUrl(), !delta);
    List<CyclePlan.PlannedExport> exports = new ArrayList<>();
    Instant watermarkAfter = null;
    for (SyncPlan.PlannedExport planned : SyncPlan.of(sync, delta, watermark, now)) {
      CyclePlan.PlannedExport export = finished(planned, listedSince);
      exports.add(export);
      Instant asOf = Instant.parse(export.dataAsOf());
      watermarkAfter =
          watermarkAfter == null || asOf.isBefore(watermarkAfter) ? asOf : watermarkAfter;
    }
    log.info("cycle {} ({}) planned: {} exports", cycle, delta ? "DELTA" : "FULL", exports.size());
    return new CyclePlan(
        cycle,
        delta ? "DELTA" : "FULL",
        watermark == null ? null : watermark.toString(),
        watermarkAfter == null ? null : watermarkAfter.toString(),
        settings.lanes(),
        exports,
        null);
  }

  /**
   * Starts (or adopts) one export and waits until Tenable has finished it, starting it again when
   * it ends in ERROR or CANCELLED or with failed chunks, up to the configured attempts.
   */
  private CyclePlan.PlannedExport finished(SyncPlan.PlannedExport planned, Instant listedSince)
      throws InterruptedException {
    int attempts = settings.sync().exportAttempts();
    String last = "";
    for (int attempt = 1; attempt <= attempts && !stopped; attempt++) {
      // An instance stopped after its POST (a worker that went away, a rebalance) left the job
      // running: the next instance takes it from the job list instead of asking again.
      ExportApi.StartedExport started =
          (attempt == 1
                  ? client.exports().findSame(planned.request(), listedSince)
                  : Optional.<ExportApi.StartedExport>empty())
              .orElseGet(() -> client.exports().start(planned.request()));
      while (!stopped) {
        ExportStatus status;
        try {
          status = client.exportStatus(planned.request().kind(), started.uuid());
        } catch (TenableApiException e) {
          if (e.error() != TenableError.NOT_FOUND) {
            throw e;
          }
          last = "the export expired before it finished";
          break;
        }
        if (status.state() == ExportState.FINISHED && status.chunksFailed().isEmpty()) {
          List<Integer> chunks = new ArrayList<>(status.chunksAvailable());
          chunks.sort(null);
          return new CyclePlan.PlannedExport(
              planned.phase(),
              planned.request().kind().name(),
              started.uuid(),
              started.dataAsOf().toString(),
              List.copyOf(chunks));
        }
        if (status.state().terminal()) {
          last =
              status.state()
                  + (status.chunksFailed().isEmpty()
                      ? ""
                      : " with failed chunks " + status.chunksFailed())
                  + (status.reason() == null ? "" : " (" + status.reason() + ")");
          break;
        }
        Thread.sleep(settings.pollInterval().toMillis());
      }
      log.warn(
          "{} export {} ended {}; attempt {} of {}",
          planned.phase(),
          started.uuid(),
          last,
          attempt,
          attempts);
    }
    throw new ConnectException(
        "the "
            + planned.phase()
            + " export did not finish after "
            + attempts
            + " attempts: "
            + last);
  }

  /**
   * How far back a listed job with exactly a planned export's filters counts as this cycle's: since
   * the last cycle ended, or a day before the first. Filters tell cycles apart (a delta's {@code
   * since} moves with each watermark), the bound keeps a stale full export out of the first cycle.
   */
  private static Instant listedSince(CyclePlan last, Instant now) {
    return last == null || last.summary() == null
        ? now.minus(Duration.ofDays(1))
        : Instant.parse(last.summary().finishedAt());
  }

  /**
   * Waits until every lane is done with the plan; returns the plan with its summary, or throws when
   * a lane found one of its exports gone.
   */
  private CyclePlan awaitLanes(CyclePlan plan) throws InterruptedException, ExportGone {
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (int lane = 0; lane < plan.lanes(); lane++) {
      partitions.add(LaneOffset.partition(lane));
    }
    while (!stopped) {
      Map<Map<String, Object>, Map<String, Object>> read = offsets.offsets(partitions);
      for (Map<String, Object> partition : partitions) {
        LaneOffset o = LaneOffset.from(read.get(partition));
        if (o != null
            && o.expired()
            && o.cycle() == plan.cycle()
            && plan.exportIds().equals(o.exports())) {
          throw new ExportGone();
        }
      }
      long assets = 0;
      long findings = 0;
      long rejected = 0;
      boolean all = true;
      for (Map<String, Object> partition : partitions) {
        LaneOffset o = LaneOffset.from(read.get(partition));
        if (o == null
            || o.cycle() != plan.cycle()
            || !o.laneDone()
            || !plan.exportIds().equals(o.exports())) {
          all = false;
          break;
        }
        assets += o.assets();
        findings += o.findings();
        rejected += o.rejected();
      }
      if (all) {
        log.info("cycle {} done: {} assets, {} findings", plan.cycle(), assets, findings);
        return new CyclePlan(
            plan.cycle(),
            plan.mode(),
            plan.watermarkBefore(),
            plan.watermarkAfter(),
            plan.lanes(),
            plan.exports(),
            new CyclePlan.Summary(assets, findings, rejected, clock.instant().toString()));
      }
      Thread.sleep(Math.min(1000, settings.pollInterval().toMillis()));
    }
    return null;
  }

  private void waitUntil(Instant at) throws InterruptedException {
    while (!stopped) {
      long millis = Duration.between(clock.instant(), at).toMillis();
      if (millis <= 0) {
        return;
      }
      Thread.sleep(Math.min(millis, 500));
    }
  }
}

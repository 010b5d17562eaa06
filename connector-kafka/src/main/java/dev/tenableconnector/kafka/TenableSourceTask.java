package dev.tenableconnector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.export.BrokenChunkException;
import dev.tenableconnector.client.export.ExportApi;
import dev.tenableconnector.client.export.ExportKind;
import dev.tenableconnector.client.export.ExportOptions;
import dev.tenableconnector.client.export.RecordConsumer;
import dev.tenableconnector.client.export.RecordIssue;
import dev.tenableconnector.client.model.TenableAsset;
import dev.tenableconnector.client.model.TenableFinding;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.NormalizedRecord;
import dev.tenableconnector.core.sync.Preset;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.core.transform.Transformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the chunks of its lanes of the current cycle's exports, streams their records through the
 * transform map and severity mapping the CLI uses, and emits them with offsets that say exactly
 * where they are. A restarted task resumes after the last record its lane's offset names. With
 * exactly-once on, each chunk (and each progress record) is one transaction.
 */
public final class TenableSourceTask extends SourceTask {
  static final String TASK_LANES = "task.lanes";
  static final String TASK_INDEX = "task.index";
  static final String CYCLE_PLAN = "cycle.plan";

  private static final Logger log = LoggerFactory.getLogger(TenableSourceTask.class);
  private static final int EXCERPT = 500;

  /** Downloads of one chunk before a broken body fails the task: the CLI's number. */
  private static final int BROKEN_CHUNK_ATTEMPTS = ExportOptions.defaults().chunkAttempts();

  /** A record to hand to Connect, and whether its transaction ends with it. */
  private record Item(SourceRecord record, boolean commitAfter) {}

  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(1000);
  private volatile Throwable failure;
  private volatile boolean stopping;
  private Thread worker;
  private KafkaSettings settings;
  private TenableClient client;
  private CyclePlan plan;
  private TopicRecords records;
  private List<Integer> lanes;
  private int index;

  @Override
  public String version() {
    return Versions.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    settings = KafkaSettings.of(props);
    String planJson = props.get(CYCLE_PLAN);
    plan = planJson == null || planJson.isBlank() ? null : CyclePlan.parse(planJson);
    lanes = new ArrayList<>();
    for (String lane : props.getOrDefault(TASK_LANES, "").split(",")) {
      if (!lane.isBlank()) {
        lanes.add(Integer.parseInt(lane.strip()));
      }
    }
    index = Integer.parseInt(props.getOrDefault(TASK_INDEX, "0"));
    records = plan == null ? null : new TopicRecords(settings, plan);
    if (plan == null) {
      return; // the connector has not planned a cycle yet: nothing to read
    }
    client = new TenableClient(TenableClients.config(settings).build());
    worker = new Thread(this::work, "tenable-task-" + index);
    worker.setDaemon(true);
    worker.start();
  }

  private void work() {
    try {
      if (index == 0) {
        recordPlan();
      }
      if (plan.finished()) {
        return;
      }
      Transformer transformer =
          new Transformer(TransformMap.defaults(), SeverityMapping.defaults());
      for (int lane : lanes) {
        lane(lane, transformer);
      }
    } catch (InterruptedException e) {
      if (!stopping) {
        failure = e; // nothing of ours interrupts a running task: say so rather than go idle
      }
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      failure = e;
    }
  }

  /**
   * Records the plan in the summary partition, once per cycle and state: the connector reads it
   * back after a restart to resume the cycle under way. A finished plan is written with the cycle's
   * summary, which is the sync topic's one SUMMARY record of the cycle.
   */
  private void recordPlan() throws InterruptedException {
    Map<String, Object> last = context.offsetStorageReader().offset(LaneOffset.SUMMARY_PARTITION);
    String state = plan.finished() ? "FINISHED" : "STARTED";
    if (last != null
        && last.get("cycle") instanceof Number n
        && (n.longValue() > plan.cycle()
            || n.longValue() == plan.cycle()
                && ("FINISHED".equals(last.get("state")) || state.equals(last.get("state"))))) {
      return;
    }
    put(records.plan(state), true);
  }

  private void lane(int lane, Transformer transformer) throws Exception {
    LaneOffset done =
        LaneOffset.from(context.offsetStorageReader().offset(LaneOffset.partition(lane)));
    if (done != null
        && (done.cycle() != plan.cycle() || !done.exports().equals(plan.exportIds()))) {
      done = null; // an older cycle's (or an abandoned plan's) offset: start the lane afresh
    }
    log.info(
        "task {} lane {} of cycle {}: {}",
        index,
        lane,
        plan.cycle(),
        done == null ? "from the start" : done.laneDone() ? "done" : "resumes after " + done);
    if (done != null && (done.laneDone() || done.expired())) {
      return; // finished, or waiting for the plan that replaces an expired export
    }
    Counts counts =
        done == null ? new Counts() : new Counts(done.assets(), done.findings(), done.rejected());
    for (int e = 0; e < plan.exports().size(); e++) {
      CyclePlan.PlannedExport export = plan.exports().get(e);
      for (int chunk : export.chunks()) {
        if (stopping) {
          return;
        }
        if (Math.floorMod(chunk, plan.lanes()) != lane
            || done != null && done.covers(e, chunk, Integer.MAX_VALUE)) {
          continue;
        }
        int skipThrough =
            done != null && done.export() == e && done.chunk() == chunk ? done.position() : -1;
        if (!chunk(lane, e, export, chunk, skipThrough, counts, transformer)) {
          return;
        }
      }
    }
    LaneOffset finished = offset(lane, plan.exports().size(), 0, 0, true, true, counts);
    put(records.progress("LANE_DONE", null, null, finished), true);
  }

  /** Emits one chunk's records after {@code skipThrough}; false when stopped before its end. */
  private boolean chunk(
      int lane,
      int e,
      CyclePlan.PlannedExport export,
      int chunk,
      int skipThrough,
      Counts counts,
      Transformer transformer)
      throws Exception {
    @SuppressWarnings("unchecked")
    ExportKind<Object> kind = (ExportKind<Object>) ExportKind.named(export.kind());
    Entity entity = ExportKind.VULNS.name().equals(export.kind()) ? Entity.FINDING : Entity.ASSET;
    boolean cveOnly =
        entity == Entity.FINDING && settings.sync().preset() == Preset.EXPOSURE_MANAGEMENT;
    int[] emittedThrough = {skipThrough};
    for (int attempt = 1; ; attempt++) {
      try (ExportApi.ChunkDownload<Object> download =
          client.exports().chunk(kind, export.uuid(), chunk, attempt)) {
        download
            .chunk()
            .read(
                new RecordConsumer<Object>() {
                  int position;

                  @Override
                  public void record(Object record) throws Exception {
                    int p = position++;
                    if (p <= emittedThrough[0]) {
                      return;
                    }
                    emit(lane, e, chunk, p, entity, record, cveOnly, counts, transformer);
                    emittedThrough[0] = p;
                  }

                  @Override
                  public void rejected(RecordIssue issue) throws Exception {
                    int p = issue.position();
                    position = p + 1;
                    if (p <= emittedThrough[0]) {
                      return;
                    }
                    counts.rejected++;
                    put(
                        records.rejected(
                            entity,
                            export.uuid(),
                            chunk,
                            p,
                            issue.reason(),
                            issue.excerpt(),
                            offset(lane, e, chunk, p, false, false, counts)));
                    emittedThrough[0] = p;
                  }
                });
        break;
      } catch (TenableApiException gone) {
        if (gone.error() != TenableError.NOT_FOUND) {
          throw gone;
        }
        // Tenable dropped the export (expired) before this lane had it all: the lane says so and
        // waits; the connector starts the cycle again with new exports.
        log.warn(
            "chunk {} of export {} is gone ({}); the cycle will start again",
            chunk,
            export.uuid(),
            gone.getMessage());
        LaneOffset expired = offset(lane, e, chunk, emittedThrough[0], false, false, counts);
        put(records.progress("EXPORT_EXPIRED", export.uuid(), chunk, expired.asExpired()), true);
        return false;
      } catch (BrokenChunkException broken) {
        if (stopping) {
          return false; // the download was cut by stop(): the next task resumes from the offsets
        }
        if (attempt >= BROKEN_CHUNK_ATTEMPTS) {
          throw broken;
        }
        // Records before the break were emitted; the next download skips them by position.
        log.warn(
            "chunk {} of export {} broke off ({}); downloading it again",
            chunk,
            export.uuid(),
            broken.getMessage());
      }
    }
    if (stopping) {
      return false;
    }
    LaneOffset end = offset(lane, e, chunk, emittedThrough[0], true, false, counts);
    put(records.progress("CHUNK_DONE", export.uuid(), chunk, end), true);
    return true;
  }

  private void emit(
      int lane,
      int e,
      int chunk,
      int p,
      Entity entity,
      Object record,
      boolean cveOnly,
      Counts counts,
      Transformer transformer)
      throws InterruptedException {
    ObjectNode raw =
        record instanceof TenableAsset a
            ? TenableAsset.isV2(a.raw()) ? TenableAsset.flattenV2(a.raw()) : a.raw()
            : ((TenableFinding) record).raw();
    Transformer.Outcome outcome = transformer.transform(entity, raw, (JsonNode) null);
    if (outcome.isRejected()) {
      counts.rejected++;
      String text = raw.toString();
      put(
          records.rejected(
              entity,
              plan.exports().get(e).uuid(),
              chunk,
              p,
              outcome.rejection(),
              text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…" : text,
              offset(lane, e, chunk, p, false, false, counts)));
      return;
    }
    NormalizedRecord normalized = outcome.record();
    if (cveOnly && normalized.strings("cveId").isEmpty()) {
      return;
    }
    if (entity == Entity.ASSET) {
      counts.assets++;
    } else {
      counts.findings++;
    }
    LaneOffset offset = offset(lane, e, chunk, p, false, false, counts);
    put(records.data(normalized, offset));
    String status = entity == Entity.ASSET ? normalized.text("assetStatus") : null;
    if (settings.tombstones() && ("DELETED".equals(status) || "TERMINATED".equals(status))) {
      put(records.tombstone(normalized, offset));
    }
  }

  private LaneOffset offset(
      int lane, int e, int chunk, int position, boolean chunkDone, boolean laneDone, Counts c) {
    return new LaneOffset(
        plan.cycle(),
        plan.exportIds(),
        e,
        chunk,
        position,
        chunkDone,
        laneDone,
        c.assets,
        c.findings,
        c.rejected,
        plan.watermarkAfter(),
        lane,
        false);
  }

  private void put(SourceRecord record) throws InterruptedException {
    put(record, false);
  }

  private void put(SourceRecord record, boolean commitAfter) throws InterruptedException {
    while (!queue.offer(new Item(record, commitAfter), 200, TimeUnit.MILLISECONDS)) {
      if (stopping) {
        throw new InterruptedException("the task is stopping");
      }
    }
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (failure != null) {
      Throwable f = failure;
      throw new ConnectException(
          client == null ? f.toString() : client.redact(String.valueOf(f.getMessage())), f);
    }
    Item first = queue.poll(500, TimeUnit.MILLISECONDS);
    if (first == null) {
      return null;
    }
    List<Item> items = new ArrayList<>();
    items.add(first);
    queue.drainTo(items, 999);
    TransactionContext tx = context.transactionContext();
    List<SourceRecord> out = new ArrayList<>(items.size());
    for (Item item : items) {
      out.add(item.record());
      if (item.commitAfter() && tx != null) {
        tx.commitTransaction(item.record());
      }
    }
    return out;
  }

  /**
   * Stops at once: Connect waits only {@code task.shutdown.graceful.timeout.ms} for a task before
   * it starts the next one, and the final commit of what was polled must land before that. Closing
   * the client ends a download in progress; the worker thread then finds {@link #stopping} set.
   */
  @Override
  public void stop() {
    stopping = true;
    if (worker != null) {
      worker.interrupt();
    }
    if (client != null) {
      client.close();
    }
  }

  /** A lane's running counts, carried in its offsets so that they survive a restart. */
  private static final class Counts {
    long assets;
    long findings;
    long rejected;

    Counts() {}

    Counts(long assets, long findings, long rejected) {
      this.assets = assets;
      this.findings = findings;
      this.rejected = rejected;
    }
  }
}

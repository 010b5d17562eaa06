package dev.tenableconnector.service.schedule;

import dev.tenableconnector.client.export.ExportState;
import dev.tenableconnector.client.export.ExportStatus;
import dev.tenableconnector.client.http.TenableTransport;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.RunMode;
import dev.tenableconnector.core.sync.SyncProgress;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The progress of the runs in flight, by connector id: what the API shows while Processing. */
public final class LiveRuns {
  /** One run's progress so far. */
  public static final class Progress implements SyncProgress {
    private final Clock clock;
    private final Instant startedAt;
    private volatile long runId;
    private volatile String mode = "";
    private volatile String phase = "";
    private volatile int chunksDone;
    private volatile Integer chunksTotal;
    private volatile long assets;
    private volatile long findings;
    private volatile java.util.function.Supplier<TenableTransport.TransportStats> transport =
        () -> null;

    Progress(Clock clock) {
      this.clock = clock;
      this.startedAt = clock.instant();
    }

    @Override
    public void runStarted(long id, RunMode runMode, boolean resumed) {
      runId = id;
      mode = runMode + (resumed ? " (resumed)" : "");
    }

    @Override
    public void exportStarted(String exportPhase, String exportUuid, boolean adopted) {
      phase = exportPhase;
      chunksDone = 0;
      chunksTotal = null;
    }

    @Override
    public void exportStatus(String exportPhase, ExportStatus status) {
      if (status.totalChunks() != null && status.totalChunks() > 0) {
        chunksTotal = status.totalChunks();
      } else if (status.state() == ExportState.FINISHED && !status.chunksAvailable().isEmpty()) {
        // asset exports report no total: once finished, every chunk there will be is available
        chunksTotal = status.chunksAvailable().size();
      }
    }

    @Override
    public synchronized void chunkStored(String exportPhase, Entity entity, ChunkCounts counts) {
      chunksDone++;
      if (entity == Entity.ASSET) {
        assets += counts.seen;
      } else {
        findings += counts.seen;
      }
    }

    /** Where the run's retries are seen: the client's transport. */
    void watch(java.util.function.Supplier<TenableTransport.TransportStats> stats) {
      transport = stats;
    }

    /** The request being retried now (what failed, attempt, since when), or null. */
    public TenableTransport.Retrying retrying() {
      TenableTransport.TransportStats stats = transport.get();
      return stats == null ? null : stats.retrying();
    }

    /** Retries the run's client has made so far. */
    public long retries() {
      TenableTransport.TransportStats stats = transport.get();
      return stats == null ? 0 : stats.retries();
    }

    public long runId() {
      return runId;
    }

    public String mode() {
      return mode;
    }

    public String phase() {
      return phase;
    }

    public int chunksDone() {
      return chunksDone;
    }

    public Integer chunksTotal() {
      return chunksTotal;
    }

    public long assets() {
      return assets;
    }

    public long findings() {
      return findings;
    }

    public Instant startedAt() {
      return startedAt;
    }

    /** Records per second since the run started. */
    public double rate() {
      double seconds = Math.max(0.001, (clock.millis() - startedAt.toEpochMilli()) / 1000.0);
      return (assets + findings) / seconds;
    }
  }

  private final Map<String, Progress> runs = new ConcurrentHashMap<>();
  private final Clock clock;

  public LiveRuns(Clock clock) {
    this.clock = clock;
  }

  Progress start(String connectorId) {
    Progress p = new Progress(clock);
    runs.put(connectorId, p);
    return p;
  }

  void end(String connectorId) {
    runs.remove(connectorId);
  }

  public Optional<Progress> of(String connectorId) {
    return Optional.ofNullable(runs.get(connectorId));
  }
}

package dev.tenableconnector.core.store;

import dev.tenableconnector.core.model.Entity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One sync run as the history shows it. Counts are summed from the chunks it stored. */
public record RunRecord(
    long runId,
    String connector,
    RunMode mode,
    RunStatus status,
    String scope,
    String preset,
    String settings,
    String mapName,
    Instant startedAt,
    Instant finishedAt,
    Instant watermarkBefore,
    Instant watermarkAfter,
    int resumedCount,
    String errorCode,
    Integer tenableStatus,
    String errorMessage,
    String remedy,
    Map<Entity, ChunkCounts> counts,
    List<RunExport> exports) {

  public ChunkCounts counts(Entity entity) {
    return counts.getOrDefault(entity, new ChunkCounts());
  }

  public Duration elapsed() {
    return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
  }

  /** Findings (or, for an assets-only run, assets) stored per second of the whole run. */
  public double recordsPerSecond() {
    Duration elapsed = elapsed();
    if (elapsed == null || elapsed.isZero()) {
      return 0;
    }
    long records = counts(Entity.FINDING).seen + counts(Entity.ASSET).seen;
    return records / (elapsed.toNanos() / 1e9);
  }
}

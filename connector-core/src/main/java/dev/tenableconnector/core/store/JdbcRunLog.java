package dev.tenableconnector.core.store;

import static dev.tenableconnector.core.store.Jdbc.inTransaction;
import static dev.tenableconnector.core.store.Jdbc.querySingle;
import static dev.tenableconnector.core.store.Jdbc.setInstant;

import dev.tenableconnector.core.model.Entity;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The run log on every engine, in the same SQL: the watermark, runs and their exports, chunks done,
 * and rejected records.
 */
public abstract class JdbcRunLog extends JdbcStore {
  @Override
  public Optional<Instant> watermark(String connector) {
    return write(
        c ->
            querySingle(
                c,
                "SELECT watermark FROM sync_state WHERE connector = ?",
                rs -> rs.getString(1) == null ? null : Instant.parse(rs.getString(1)),
                connector));
  }

  @Override
  public void resetWatermark(String connector) {
    update(
        "UPDATE sync_state SET watermark = NULL, updated_at = ? WHERE connector = ?",
        Instant.now().toString(),
        connector);
  }

  @Override
  public long startRun(
      String connector,
      RunMode mode,
      String scope,
      String preset,
      String settingsJson,
      String mapName,
      Instant watermarkBefore,
      Instant startedAt) {
    return insertReturningId(
        "INSERT INTO sync_runs (connector, mode, status, scope, preset, settings,"
            + " map_name, started_at, watermark_before) VALUES (?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?)",
        connector,
        mode.name(),
        scope,
        preset,
        settingsJson,
        mapName,
        startedAt,
        watermarkBefore);
  }

  @Override
  public Optional<RunRecord> unfinishedRun(String connector) {
    Optional<Long> id =
        write(
            c ->
                querySingle(
                    c,
                    "SELECT run_id FROM sync_runs WHERE connector = ? AND status = 'RUNNING' ORDER BY run_id DESC LIMIT 1",
                    rs -> rs.getLong(1),
                    connector));
    return id.flatMap(this::run);
  }

  @Override
  public void markResumed(long runId) {
    update("UPDATE sync_runs SET resumed_count = resumed_count + 1 WHERE run_id = ?", runId);
  }

  @Override
  public void abandonRun(long runId, Instant at, String message) {
    update(
        "UPDATE sync_runs SET status = 'ABANDONED', finished_at = ?, error_message = ?"
            + " WHERE run_id = ?",
        at.toString(),
        message,
        runId);
  }

  @Override
  public RunExport addExport(
      long runId,
      String phase,
      String kind,
      String exportUuid,
      String request,
      int attempt,
      Instant requestedAt,
      Instant dataAsOf) {
    long id =
        insertReturningId(
            "INSERT INTO run_exports (run_id, phase, kind, export_uuid, request,"
                + " attempt, requested_at, data_as_of, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING')",
            runId,
            phase,
            kind,
            exportUuid,
            request,
            attempt,
            requestedAt,
            dataAsOf);
    return new RunExport(
        id,
        runId,
        phase,
        kind,
        exportUuid,
        request,
        attempt,
        requestedAt,
        dataAsOf,
        RunExport.Status.RUNNING,
        null,
        null);
  }

  @Override
  public void finishExport(
      long exportId, RunExport.Status status, String outcome, String message, Instant at) {
    update(
        "UPDATE run_exports SET status = ?, outcome = ?, message = ?, finished_at = ?"
            + " WHERE id = ?",
        status.name(),
        outcome,
        message,
        at.toString(),
        exportId);
  }

  @Override
  public Set<Integer> chunksDone(String exportUuid) {
    return write(
        c -> {
          Set<Integer> done = new HashSet<>();
          try (PreparedStatement select =
              c.prepareStatement("SELECT chunk_id FROM run_chunks WHERE export_uuid = ?")) {
            select.setString(1, exportUuid);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                done.add(rs.getInt(1));
              }
            }
          }
          return done;
        });
  }

  @Override
  public void completeRun(long runId, Instant finishedAt, Instant watermarkAfter) {
    write(
        c ->
            inTransaction(
                c,
                () -> {
                  String connector;
                  try (PreparedStatement update =
                      c.prepareStatement(
                          "UPDATE sync_runs SET status = 'COMPLETED', finished_at = ?, watermark_after = ?,"
                              + " error_code = NULL, tenable_status = NULL, error_message = NULL, remedy = NULL"
                              + " WHERE run_id = ? RETURNING connector")) {
                    update.setString(1, finishedAt.toString());
                    setInstant(update, 2, watermarkAfter);
                    update.setLong(3, runId);
                    try (ResultSet rs = update.executeQuery()) {
                      if (!rs.next()) {
                        throw new StoreException("run " + runId + " does not exist", null);
                      }
                      connector = rs.getString(1);
                    }
                  }
                  try (PreparedStatement state =
                      c.prepareStatement(
                          "INSERT INTO sync_state (connector, watermark, last_run_id, updated_at) VALUES (?, ?, ?, ?)"
                              + " ON CONFLICT (connector) DO UPDATE SET watermark = excluded.watermark,"
                              + " last_run_id = excluded.last_run_id, updated_at = excluded.updated_at")) {
                    state.setString(1, connector);
                    setInstant(state, 2, watermarkAfter);
                    state.setLong(3, runId);
                    state.setString(4, finishedAt.toString());
                    state.executeUpdate();
                  }
                  return null;
                }));
  }

  /**
   * Records a failed run. Its failure is often the database server going away, and after that the
   * pool may still hand out connections that died with it: this update, which can be repeated
   * safely, is tried again a second later, up to three times, before the failure is given up (the
   * run then stays RUNNING, as after a crash, and the next run resumes it).
   */
  @Override
  public void failRun(long runId, Instant finishedAt, RunFailure failure) {
    for (int attempt = 1; ; attempt++) {
      try {
        updateFailed(runId, finishedAt, failure);
        return;
      } catch (StoreException e) {
        if (!e.connectionLost() || attempt == 3) {
          throw e;
        }
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void updateFailed(long runId, Instant finishedAt, RunFailure failure) {
    write(
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE sync_runs SET status = 'FAILED', finished_at = ?, error_code = ?, tenable_status = ?,"
                      + " error_message = ?, remedy = ? WHERE run_id = ?")) {
            update.setString(1, finishedAt.toString());
            update.setString(2, failure.errorCode());
            if (failure.tenableStatus() == null) {
              update.setNull(3, Types.INTEGER);
            } else {
              update.setInt(3, failure.tenableStatus());
            }
            update.setString(4, failure.message());
            update.setString(5, failure.remedy());
            update.setLong(6, runId);
            update.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<RunRecord> run(long runId) {
    List<RunRecord> runs = readRuns("WHERE run_id = ?", 1, runId);
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
  }

  @Override
  public List<RunRecord> runs(String connector, int limit) {
    return connector == null
        ? readRuns("", limit)
        : readRuns("WHERE connector = ?", limit, connector);
  }

  private List<RunRecord> readRuns(String where, int limit, Object... args) {
    return read(c -> RunRows.select(c, where, limit, args));
  }

  @Override
  public List<RejectedRecord> rejected(long runId, int limit) {
    return read(
        c -> {
          List<RejectedRecord> out = new ArrayList<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT * FROM rejected_records WHERE run_id = ?"
                      + " ORDER BY id LIMIT "
                      + Math.max(1, limit))) {
            select.setLong(1, runId);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new RejectedRecord(
                        Entity.valueOf(rs.getString("entity")),
                        rs.getString("export_uuid"),
                        rs.getInt("chunk_id"),
                        rs.getInt("position"),
                        rs.getString("reason"),
                        rs.getString("excerpt")));
              }
            }
          }
          return out;
        });
  }
}

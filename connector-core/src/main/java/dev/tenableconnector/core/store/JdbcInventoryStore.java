package dev.tenableconnector.core.store;

import static dev.tenableconnector.core.store.Jdbc.bind;
import static dev.tenableconnector.core.store.Jdbc.querySingle;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.RecordJson;
import dev.tenableconnector.core.query.CompiledQuery;
import dev.tenableconnector.core.query.InventoryQuery;
import dev.tenableconnector.core.query.QueryCompiler;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The part of the store contract that is the same SQL on every engine: the run log ({@link
 * JdbcRunLog}) and the inventory reads. An engine says how it hands out connections ({@link
 * #write}, {@link #read}) and supplies the run lock and chunk writes.
 */
public abstract class JdbcInventoryStore extends JdbcRunLog {
  /** The shared parts of findings that reads have needed lately. */
  private final PartCache parts = new PartCache();

  @Override
  public Optional<String> assetRaw(String externalAssetId) {
    return read(
        c ->
            querySingle(
                c,
                "SELECT raw FROM assets WHERE external_asset_id = ?",
                rs -> RawCodec.forThisThread().decode(rs.getBytes(1)),
                externalAssetId));
  }

  @Override
  public Optional<String> rawRecord(Entity entity, String key) {
    if (entity == Entity.ASSET) {
      return assetRaw(key);
    }
    return read(
        c ->
            querySingle(
                c,
                "SELECT "
                    + FindingAssembly.COLUMNS
                    + " FROM findings WHERE external_finding_id = ?",
                rs -> new FindingAssembly(parts, c).read(rs, RecordForm.STORED_WITH_RAW).raw(),
                key));
  }

  @Override
  public Optional<FindingHistory> history(String findingId) {
    return read(
        c -> {
          if (querySingle(
                  c, "SELECT 1 FROM findings WHERE external_finding_id = ?", rs -> true, findingId)
              .isEmpty()) {
            return Optional.empty();
          }
          List<FindingHistory.Transition> transitions = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT at, from_state, to_state, run_id, severity, modification, flag"
                      + " FROM finding_transitions WHERE external_finding_id = ? ORDER BY id")) {
            s.setString(1, findingId);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                transitions.add(
                    new FindingHistory.Transition(
                        Instant.parse(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        nullableLong(rs, 5),
                        rs.getString(6),
                        rs.getString(7)));
              }
            }
          }
          List<FindingHistory.Episode> episodes = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT episode, opened_ms, closed_ms, close_reason, severity"
                      + " FROM finding_episodes WHERE external_finding_id = ? ORDER BY episode")) {
            s.setString(1, findingId);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                Long closed = nullableLong(rs, 3);
                episodes.add(
                    new FindingHistory.Episode(
                        rs.getInt(1),
                        Instant.ofEpochMilli(rs.getLong(2)),
                        closed == null ? null : Instant.ofEpochMilli(closed),
                        rs.getString(4),
                        nullableLong(rs, 5)));
              }
            }
          }
          return Optional.of(new FindingHistory(findingId, transitions, episodes));
        });
  }

  private static Long nullableLong(ResultSet rs, int column) throws java.sql.SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  @Override
  public long count(Entity entity) {
    return read(
        c ->
            querySingle(c, "SELECT COUNT(*) FROM " + entity.plural(), rs -> rs.getLong(1))
                .orElse(0L));
  }

  @Override
  public void forEach(
      Entity entity,
      String connector,
      InventoryQuery query,
      QueryBudget budget,
      RecordForm form,
      Consumer<StoredRecord> consumer) {
    List<String> conditions = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (connector != null) {
      conditions.add("connector = ?");
      args.add(connector);
    }
    if (query != null) {
      CompiledQuery compiled =
          QueryCompiler.compile(query, entity, entity.plural(), dialect(), Instant.now());
      conditions.add("(" + compiled.sql() + ")");
      args.addAll(compiled.params());
    }
    stream(entity, conditions, args, "", budget, form, consumer);
  }

  @Override
  public List<StoredRecord> findingsChangedAfter(long runId, String afterKey, int limit) {
    List<String> conditions = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    conditions.add("external_finding_id > ?");
    args.add(afterKey);
    if (runId > 0) {
      // A union of index searches (findings_last_run, finding_episodes_closed_run, findings_asset)
      // rather than an OR: the OR read every finding, a delta's cost grew with the inventory.
      conditions.add(
          "external_finding_id IN (SELECT w.external_finding_id FROM findings w WHERE"
              + " w.last_run_id > ? UNION SELECT e.external_finding_id FROM finding_episodes e"
              + " WHERE e.closed_run_id > ? UNION SELECT f.external_finding_id FROM findings f"
              + " WHERE f.external_asset_id IN (SELECT a.external_asset_id FROM assets a WHERE"
              + " a.last_run_id > ?))");
      args.addAll(List.of(runId, runId, runId));
    }
    List<StoredRecord> page = new ArrayList<>(limit);
    stream(
        Entity.FINDING,
        conditions,
        args,
        " LIMIT " + Math.max(1, limit),
        QueryBudget.unlimited(),
        RecordForm.STORED,
        page::add);
    return page;
  }

  /** Streams the records that meet every condition, in key order. */
  private void stream(
      Entity entity,
      List<String> conditions,
      List<Object> args,
      String limit,
      QueryBudget budget,
      RecordForm form,
      Consumer<StoredRecord> consumer) {
    String key = entity == Entity.ASSET ? "external_asset_id" : "external_finding_id";
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    read(
        budget,
        c -> {
          boolean transaction = cursorsNeedTransaction();
          if (transaction) {
            c.setAutoCommit(false);
          }
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT "
                      + columns(entity)
                      + " FROM "
                      + entity.plural()
                      + where
                      + " ORDER BY "
                      + key
                      + limit)) {
            select.setFetchSize(500);
            bind(select, args.toArray());
            RowReader reader = reader(entity, c);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                consumer.accept(reader.read(rs, form));
                budget.rowDelivered();
                budget.check(); // between fetches no statement runs for the engine to interrupt
              }
            }
          } finally {
            if (transaction) {
              c.rollback();
              c.setAutoCommit(true);
            }
          }
          return null;
        });
  }

  /** What a read selects: an asset's row as stored, a finding's columns to reassemble it from. */
  private static String columns(Entity entity) {
    return entity == Entity.ASSET ? "external_asset_id, data, raw" : FindingAssembly.COLUMNS;
  }

  private interface RowReader {
    StoredRecord read(ResultSet rs, RecordForm form) throws java.sql.SQLException;
  }

  private RowReader reader(Entity entity, java.sql.Connection c) {
    if (entity == Entity.FINDING) {
      return new FindingAssembly(parts, c)::read;
    }
    return (rs, form) ->
        new StoredRecord(
            rs.getString(1),
            form == RecordForm.EVERY_FIELD
                ? RecordJson.full(Entity.ASSET, rs.getString(2))
                : rs.getString(2),
            form == RecordForm.STORED_WITH_RAW
                ? RawCodec.forThisThread().decode(rs.getBytes(3))
                : null);
  }

  /**
   * Whether a streaming read must run in a transaction: PostgreSQL's driver fetches in batches only
   * then (otherwise it reads every row into memory first). SQLite streams anyway, and there a
   * transaction would take the write lock (the store opens immediate transactions).
   */
  protected boolean cursorsNeedTransaction() {
    return false;
  }

  @Override
  public RecordPage page(PageRequest request, QueryBudget budget) {
    List<String> problems = request.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    List<Object> args = new ArrayList<>();
    String where = request.where(args, dialect());
    String table = request.entity().plural();
    return read(
        budget,
        c -> {
          long total =
              querySingle(
                      c,
                      "SELECT COUNT(*) FROM " + table + where,
                      rs -> rs.getLong(1),
                      args.toArray())
                  .orElse(0L);
          List<StoredRecord> items = new ArrayList<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT "
                      + columns(request.entity())
                      + " FROM "
                      + table
                      + where
                      + request.orderBy()
                      + " LIMIT ? OFFSET ?")) {
            List<Object> all = new ArrayList<>(args);
            all.add(request.limit());
            all.add(request.offset());
            bind(select, all.toArray());
            RowReader reader = reader(request.entity(), c);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                items.add(reader.read(rs, RecordForm.STORED_WITH_RAW));
              }
            }
          }
          return new RecordPage(items, total);
        });
  }

  @Override
  public List<ValueCount> countBy(
      Entity entity, String field, InventoryQuery query, QueryBudget budget) {
    PageRequest.Field f = PageRequest.Field.of(entity, field);
    if (f == null) {
      throw new IllegalArgumentException(
          "'"
              + field
              + "' is not a countable field of "
              + entity.plural()
              + " (known: "
              + String.join(", ", PageRequest.Field.names(entity))
              + ")");
    }
    List<Object> args = new ArrayList<>();
    String where = "";
    if (query != null) {
      CompiledQuery compiled =
          QueryCompiler.compile(query, entity, entity.plural(), dialect(), Instant.now());
      where = " WHERE " + compiled.sql();
      args.addAll(compiled.params());
    }
    String sql =
        "SELECT "
            + f.column()
            + ", COUNT(*) FROM "
            + entity.plural()
            + where
            + " GROUP BY "
            + f.column()
            + " ORDER BY COUNT(*) DESC, "
            + f.column();
    return read(
        budget,
        c -> {
          List<ValueCount> out = new ArrayList<>();
          try (PreparedStatement select = c.prepareStatement(sql)) {
            bind(select, args.toArray());
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                out.add(new ValueCount(rs.getObject(1), rs.getLong(2)));
              }
            }
          }
          return out;
        });
  }
}

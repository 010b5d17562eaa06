package dev.tenableconnector.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.RejectedRecord;
import dev.tenableconnector.core.store.RunExport;
import dev.tenableconnector.core.store.RunMode;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.core.store.RunStatus;
import dev.tenableconnector.service.check.CheckResult;
import dev.tenableconnector.service.check.ConnectionTestResult;
import dev.tenableconnector.service.connector.Connector;
import dev.tenableconnector.service.connector.ConnectorConfig;
import dev.tenableconnector.service.schedule.LiveRuns;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON the API answers with. Keys are never part of any view. */
final class Views {
  private final ObjectMapper mapper;

  Views(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode connector(
      Connector c, Optional<RunRecord> lastRun, Optional<LiveRuns.Progress> progress) {
    var row = c.row();
    ConnectorConfig config = c.config();
    ObjectNode n = mapper.createObjectNode();
    n.put("id", c.id());
    n.put("name", row.name());
    n.put("description", row.description());
    n.put("tenableUrl", row.tenableUrl());
    n.setAll(config.sync().toJson()); // dataToSync, preset, filters and every other spec setting
    n.set("schedule", config.schedule().toJson());
    n.put("scheduleDescription", config.schedule().describe());
    n.put("retainDelta", row.retainDelta());
    n.put("enabled", row.enabled());
    n.put("state", row.state());
    time(n, "stateChangedAt", row.stateChangedAt());
    time(n, "nextRunAt", row.nextRunAt());
    n.set("lastRun", lastRun.map(r -> (JsonNode) mapper.valueToTree(run(r))).orElse(null));
    n.set("lastError", json(row.lastError()));
    // Progress belongs to a run under way: a run that has ended (its state written, its live
    // record not yet dropped) shows only its final record.
    boolean underWay = "PROCESSING".equals(row.state()) || "SCHEDULED".equals(row.state());
    n.set(
        "progress",
        underWay
            ? progress.map(p -> (JsonNode) mapper.valueToTree(progress(p))).orElse(null)
            : null);
    ObjectNode account = n.putObject("account");
    account.put("label", row.accountLabel());
    account.put("verified", row.accountUser() != null);
    n.put("keysSet", true);
    n.put("untested", row.testedAt() == null);
    time(n, "testedAt", row.testedAt());
    time(n, "keysUpdatedAt", row.keysUpdatedAt());
    n.set("transformMap", config.transformMap());
    n.set("severityMapping", config.severityMapping());
    time(n, "createdAt", row.createdAt());
    time(n, "updatedAt", row.updatedAt());
    lastRun
        .filter(
            r ->
                RunStatus.COMPLETED.equals(r.status())
                    && r.mode() == RunMode.FULL
                    && r.counts(Entity.ASSET).seen == 0)
        .ifPresent(
            r ->
                n.put(
                    "warning",
                    "The last full run imported no assets: the Tenable account has none"
                        + " this user can view. Check the user's Can View access and that Tenable has data to export."));
    return n;
  }

  /**
   * The connector's sync settings as {@link dev.tenableconnector.core.spec.ConnectorSpec} declares
   * them, for the wizard.
   */
  SpecView spec() {
    java.util.Map<String, String> states = new java.util.LinkedHashMap<>();
    for (dev.tenableconnector.service.connector.ConnectorState state :
        dev.tenableconnector.service.connector.ConnectorState.values()) {
      states.put(state.name(), state.label());
    }
    java.util.Map<String, JsonNode> defaults =
        dev.tenableconnector.core.spec.ConnectorSpec.defaults().asInput();
    List<SettingView> settings = new java.util.ArrayList<>();
    for (dev.tenableconnector.core.spec.Setting s :
        dev.tenableconnector.core.spec.ConnectorSpec.all()) {
      settings.add(
          new SettingView(
              s.key(),
              s.cliFlag(),
              s.type().name(),
              s.type().jsonType(),
              s.defaultValue() == null ? null : defaults.get(s.key()),
              s.min(),
              s.max(),
              s.softMin(),
              s.softMax(),
              s.choices(),
              new java.util.TreeMap<>(s.choiceLabels()),
              s.paramLabel(),
              s.doc(),
              s.group().name(),
              s.group().title(),
              s.secret()));
    }
    java.util.Map<String, String> severities = new java.util.LinkedHashMap<>();
    for (dev.tenableconnector.core.model.FindingSeverity severity :
        dev.tenableconnector.core.model.FindingSeverity.values()) {
      severities.put(Integer.toString(severity.level()), severity.label());
    }
    return new SpecView(
        new ConnectorLimits(
            dev.tenableconnector.service.connector.ConnectorRequest.MAX_NAME,
            dev.tenableconnector.service.connector.ConnectorRequest.MAX_DESCRIPTION),
        states,
        severities,
        dev.tenableconnector.service.check.ConnectionTester.CHECKS,
        settings);
  }

  /** GET /api/spec: what a form needs to build a connector's fields, from ConnectorSpec. */
  record SpecView(
      ConnectorLimits connector,
      java.util.Map<String, String> connectorStates,
      java.util.Map<String, String> findingSeverities,
      List<String> checks,
      List<SettingView> settings) {}

  record ConnectorLimits(int nameMaxLength, int descriptionMaxLength) {}

  /** One setting as the spec declares it. */
  record SettingView(
      String key,
      String cliFlag,
      String type,
      String jsonType,
      @com.fasterxml.jackson.annotation.JsonProperty("default") JsonNode defaultValue,
      Long min,
      Long max,
      Long softMin,
      Long softMax,
      List<String> choices,
      java.util.Map<String, String> choiceLabels,
      String label,
      String doc,
      String group,
      String groupTitle,
      boolean secret) {}

  ProgressView progress(LiveRuns.Progress p) {
    var retrying = p.retrying();
    return new ProgressView(
        p.runId() > 0 ? p.runId() : null, // queued: the run record is made when a worker starts it
        p.mode(),
        p.phase(),
        p.chunksDone(),
        p.chunksTotal(),
        p.assets(),
        p.findings(),
        Math.round(p.rate()),
        text(p.startedAt()),
        p.retries(),
        retrying == null
            ? null
            : new RetryingView(retrying.what(), retrying.attempt(), text(retrying.since())));
  }

  /** A run under way: where it is, how fast it goes, and what it is retrying now. */
  record ProgressView(
      Long runId,
      String mode,
      String phase,
      int chunksDone,
      Integer chunksTotal,
      long assets,
      long findings,
      long recordsPerSecond,
      String startedAt,
      long retries,
      RetryingView retrying) {}

  record RetryingView(String request, int attempt, String since) {}

  RunView run(RunRecord r) {
    java.util.Map<String, CountsView> counts = new java.util.LinkedHashMap<>();
    for (Entity e : Entity.values()) {
      counts.put(e.plural(), CountsView.of(r.counts(e)));
    }
    List<ExportView> exports = new java.util.ArrayList<>();
    for (RunExport x : r.exports()) {
      exports.add(
          new ExportView(
              x.phase(),
              x.kind(),
              x.exportUuid(),
              x.attempt(),
              x.status().name(),
              x.outcome(),
              x.message(),
              text(x.requestedAt()),
              text(x.dataAsOf()),
              json(x.request())));
    }
    return new RunView(
        r.runId(),
        r.mode().name(),
        r.status().name(),
        r.scope(),
        r.preset(),
        r.mapName(),
        text(r.startedAt()),
        text(r.finishedAt()),
        r.elapsed() == null ? null : r.elapsed().toMillis(),
        text(r.watermarkBefore()),
        text(r.watermarkAfter()),
        r.resumedCount(),
        counts,
        Math.round(r.recordsPerSecond()),
        r.errorCode(),
        r.tenableStatus(),
        r.errorMessage(),
        r.remedy(),
        exports);
  }

  /** One sync run: what it did, its counts by entity, its exports, how it ended. */
  record RunView(
      long runId,
      String mode,
      String status,
      String scope,
      String preset,
      String transformMap,
      String startedAt,
      String finishedAt,
      Long durationMs,
      String watermarkBefore,
      String watermarkAfter,
      int resumedCount,
      java.util.Map<String, CountsView> counts,
      long recordsPerSecond,
      String errorCode,
      Integer tenableStatus,
      String message,
      String remedy,
      List<ExportView> exports) {}

  record ExportView(
      String phase,
      String kind,
      String exportUuid,
      int attempt,
      String status,
      String outcome,
      String message,
      String requestedAt,
      String dataAsOf,
      JsonNode request) {}

  record CountsView(
      long seen,
      long inserted,
      long updated,
      long unchanged,
      long rejected,
      long filtered,
      long deleted,
      long terminated,
      long fixed) {
    static CountsView of(ChunkCounts c) {
      return new CountsView(
          c.seen,
          c.inserted,
          c.updated,
          c.unchanged,
          c.rejected,
          c.filtered,
          c.deleted,
          c.terminated,
          c.fixed);
    }
  }

  List<RejectedView> rejected(List<RejectedRecord> records) {
    return records.stream()
        .map(
            r ->
                new RejectedView(
                    r.entity().plural(),
                    r.exportUuid(),
                    r.chunkId(),
                    r.position(),
                    r.reason(),
                    r.excerpt()))
        .toList();
  }

  /** A record a run set aside, with why. */
  record RejectedView(
      String entity, String exportUuid, int chunkId, int position, String reason, String excerpt) {}

  TestResultView checks(ConnectionTestResult result) {
    return new TestResultView(result.passed(), result.checks().stream().map(this::check).toList());
  }

  record TestResultView(boolean passed, List<CheckView> checks) {}

  CheckView check(CheckResult c) {
    return new CheckView(c.name(), c.status().name(), c.message(), c.remedy(), c.durationMs());
  }

  /** One Test Connection check's result. */
  record CheckView(String name, String status, String message, String remedy, long durationMs) {}

  JsonNode json(String text) {
    if (text == null) {
      return null;
    }
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      return mapper.getNodeFactory().textNode(text);
    }
  }

  private static void time(ObjectNode n, String field, Instant at) {
    n.put(field, text(at));
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}

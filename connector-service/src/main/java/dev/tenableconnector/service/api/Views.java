package dev.tenableconnector.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.RejectedRecord;
import dev.tenableconnector.core.store.RunExport;
import dev.tenableconnector.core.store.RunRecord;
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
    n.set("lastRun", lastRun.map(this::run).orElse(null));
    n.set("lastError", json(row.lastError()));
    // Progress belongs to a run under way: a run that has ended (its state written, its live
    // record not yet dropped) shows only its final record.
    boolean underWay = "PROCESSING".equals(row.state()) || "SCHEDULED".equals(row.state());
    n.set("progress", underWay ? progress.map(this::progress).orElse(null) : null);
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
                RunRecord.COMPLETED.equals(r.status())
                    && "FULL".equals(r.mode())
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
  ObjectNode spec() {
    ObjectNode n = mapper.createObjectNode();
    ObjectNode connector = n.putObject("connector");
    connector.put(
        "nameMaxLength", dev.tenableconnector.service.connector.ConnectorRequest.MAX_NAME);
    connector.put(
        "descriptionMaxLength",
        dev.tenableconnector.service.connector.ConnectorRequest.MAX_DESCRIPTION);
    ObjectNode states = n.putObject("connectorStates");
    for (dev.tenableconnector.service.connector.ConnectorState state :
        dev.tenableconnector.service.connector.ConnectorState.values()) {
      states.put(state.name(), state.label());
    }
    ArrayNode checks = n.putArray("checks");
    dev.tenableconnector.service.check.ConnectionTester.CHECKS.forEach(checks::add);
    ArrayNode settings = n.putArray("settings");
    for (dev.tenableconnector.core.spec.Setting s :
        dev.tenableconnector.core.spec.ConnectorSpec.all()) {
      ObjectNode o = settings.addObject();
      o.put("key", s.key());
      o.put("cliFlag", s.cliFlag());
      o.put("type", s.type().name());
      o.put("jsonType", s.type().jsonType());
      o.set(
          "default",
          s.defaultValue() == null
              ? null
              : dev.tenableconnector.core.spec.ConnectorSpec.defaults().asInput().get(s.key()));
      putNumber(o, "min", s.min());
      putNumber(o, "max", s.max());
      putNumber(o, "softMin", s.softMin());
      putNumber(o, "softMax", s.softMax());
      ArrayNode choices = o.putArray("choices");
      s.choices().forEach(choices::add);
      ObjectNode labels = o.putObject("choiceLabels");
      s.choiceLabels().forEach(labels::put);
      o.put("label", s.paramLabel());
      o.put("doc", s.doc());
      o.put("group", s.group().name());
      o.put("groupTitle", s.group().title());
      o.put("secret", s.secret());
    }
    return n;
  }

  private static void putNumber(ObjectNode o, String field, Long value) {
    if (value == null) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }

  ObjectNode progress(LiveRuns.Progress p) {
    ObjectNode n = mapper.createObjectNode();
    if (p.runId() > 0) {
      n.put("runId", p.runId());
    } else {
      n.putNull("runId"); // queued: the run record is made when a worker starts it
    }
    n.put("mode", p.mode());
    n.put("phase", p.phase());
    n.put("chunksDone", p.chunksDone());
    if (p.chunksTotal() == null) {
      n.putNull("chunksTotal");
    } else {
      n.put("chunksTotal", p.chunksTotal());
    }
    n.put("assets", p.assets());
    n.put("findings", p.findings());
    n.put("recordsPerSecond", Math.round(p.rate()));
    time(n, "startedAt", p.startedAt());
    n.put("retries", p.retries());
    var retrying = p.retrying();
    if (retrying == null) {
      n.putNull("retrying");
    } else {
      ObjectNode r = n.putObject("retrying");
      r.put("request", retrying.what());
      r.put("attempt", retrying.attempt());
      time(r, "since", retrying.since());
    }
    return n;
  }

  ObjectNode run(RunRecord r) {
    ObjectNode n = mapper.createObjectNode();
    n.put("runId", r.runId());
    n.put("mode", r.mode());
    n.put("status", r.status());
    n.put("scope", r.scope());
    n.put("preset", r.preset());
    n.put("transformMap", r.mapName());
    time(n, "startedAt", r.startedAt());
    time(n, "finishedAt", r.finishedAt());
    if (r.elapsed() == null) {
      n.putNull("durationMs");
    } else {
      n.put("durationMs", r.elapsed().toMillis());
    }
    time(n, "watermarkBefore", r.watermarkBefore());
    time(n, "watermarkAfter", r.watermarkAfter());
    n.put("resumedCount", r.resumedCount());
    ObjectNode counts = n.putObject("counts");
    for (Entity e : Entity.values()) {
      counts.set(e.plural(), counts(r.counts(e)));
    }
    n.put("recordsPerSecond", Math.round(r.recordsPerSecond()));
    n.put("errorCode", r.errorCode());
    if (r.tenableStatus() == null) {
      n.putNull("tenableStatus");
    } else {
      n.put("tenableStatus", r.tenableStatus());
    }
    n.put("message", r.errorMessage());
    n.put("remedy", r.remedy());
    ArrayNode exports = n.putArray("exports");
    for (RunExport x : r.exports()) {
      ObjectNode e = exports.addObject();
      e.put("phase", x.phase());
      e.put("kind", x.kind());
      e.put("exportUuid", x.exportUuid());
      e.put("attempt", x.attempt());
      e.put("status", x.status());
      e.put("outcome", x.outcome());
      e.put("message", x.message());
      time(e, "requestedAt", x.requestedAt());
      time(e, "dataAsOf", x.dataAsOf());
      e.set("request", json(x.request()));
    }
    return n;
  }

  ArrayNode rejected(List<RejectedRecord> records) {
    ArrayNode a = mapper.createArrayNode();
    for (RejectedRecord r : records) {
      ObjectNode n = a.addObject();
      n.put("entity", r.entity().plural());
      n.put("exportUuid", r.exportUuid());
      n.put("chunkId", r.chunkId());
      n.put("position", r.position());
      n.put("reason", r.reason());
      n.put("excerpt", r.excerpt());
    }
    return a;
  }

  private ObjectNode counts(ChunkCounts c) {
    ObjectNode n = mapper.createObjectNode();
    n.put("seen", c.seen);
    n.put("inserted", c.inserted);
    n.put("updated", c.updated);
    n.put("unchanged", c.unchanged);
    n.put("rejected", c.rejected);
    n.put("filtered", c.filtered);
    n.put("deleted", c.deleted);
    n.put("terminated", c.terminated);
    n.put("fixed", c.fixed);
    return n;
  }

  ObjectNode checks(ConnectionTestResult result) {
    ObjectNode n = mapper.createObjectNode();
    n.put("passed", result.passed());
    ArrayNode checks = n.putArray("checks");
    for (CheckResult c : result.checks()) {
      checks.add(check(c));
    }
    return n;
  }

  ObjectNode check(CheckResult c) {
    ObjectNode o = mapper.createObjectNode();
    o.put("name", c.name());
    o.put("status", c.status().name());
    o.put("message", c.message());
    o.put("remedy", c.remedy());
    o.put("durationMs", c.durationMs());
    return o;
  }

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
    if (at == null) {
      n.putNull(field);
    } else {
      n.put(field, at.toString());
    }
  }
}

package dev.tenableconnector.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.decision.DerivedFields;
import dev.tenableconnector.core.decision.FindingInsight;
import dev.tenableconnector.core.decision.PolicyException;
import dev.tenableconnector.core.decision.RemediationPolicy;
import dev.tenableconnector.core.insight.DecisionTables;
import dev.tenableconnector.core.insight.InsightFields;
import dev.tenableconnector.core.insight.InsightRefresh;
import dev.tenableconnector.core.insight.RemediationReport;
import dev.tenableconnector.core.model.FindingSeverity;
import dev.tenableconnector.core.store.FindingHistory;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.service.connector.ServiceException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the inventory decides, over HTTP: a finding's history, the remediation report, the
 * remediation policy (read, set, reset) and the imported feeds; and the derived fields each finding
 * answer carries ({@link #derived}).
 */
final class DecisionRoutes {
  private final Supplier<InventoryStore> store;
  private final ObjectMapper mapper;
  private final dev.tenableconnector.service.connector.Connectors connectors;

  DecisionRoutes(
      Supplier<InventoryStore> store,
      ObjectMapper mapper,
      dev.tenableconnector.service.connector.Connectors connectors) {
    this.store = store;
    this.mapper = mapper;
    this.connectors = connectors;
  }

  void register(RouteTable routes) {
    routes.add(
        HandlerType.GET,
        "/api/findings/{id}/history",
        ctx -> ctx.json(history(ctx.pathParam("id"))));
    routes.add(HandlerType.GET, "/api/reports/remediation", ctx -> ctx.json(report(ctx)));
    routes.add(HandlerType.GET, "/api/reports/posture", ctx -> ctx.json(posture(ctx)));
    routes.add(HandlerType.GET, "/api/reports/riskiest-assets", ctx -> ctx.json(riskiest(ctx)));
    routes.add(HandlerType.GET, "/api/policy", ctx -> ctx.json(policy()));
    routes.add(HandlerType.PUT, "/api/policy", ctx -> ctx.json(setPolicy(ctx)));
    routes.add(HandlerType.DELETE, "/api/policy", ctx -> ctx.json(resetPolicy()));
    routes.add(HandlerType.GET, "/api/feeds", ctx -> ctx.json(feeds()));
    routes.add(
        HandlerType.POST,
        "/api/connectors/{id}/reconcile",
        ctx -> ctx.json(reconcile(ctx, ctx.pathParam("id"))));
    routes.add(HandlerType.POST, "/api/connectors/preview", ctx -> ctx.json(previewUnsaved(ctx)));
    routes.add(
        HandlerType.POST,
        "/api/connectors/{id}/preview",
        ctx -> {
          var c = connectors.get(ctx.pathParam("id"));
          ctx.json(preview(c.row().tenableUrl(), connectors.keys(c), c.config().sync()));
        });
  }

  /** Adds each finding's derived fields (SLA, KEV, EPSS, priority) to its JSON, by key. */
  void derived(Collection<ObjectNode> findings) {
    if (findings.isEmpty()) {
      return;
    }
    Map<String, FindingInsight> insights =
        InsightFields.lookup(
            store.get().sql(),
            findings.stream().map(f -> f.path("externalFindingId").asText()).toList());
    Instant now = Instant.now();
    for (ObjectNode f : findings) {
      List<Object> values =
          DerivedFields.values(insights.get(f.path("externalFindingId").asText()), now);
      for (int i = 0; i < values.size(); i++) {
        f.set(DerivedFields.FIELDS.get(i).name(), mapper.valueToTree(text(values.get(i))));
      }
    }
  }

  private static Object text(Object value) {
    return value instanceof Instant i ? i.toString() : value;
  }

  private ObjectNode history(String id) {
    FindingHistory h =
        store.get().history(id).orElseThrow(() -> ServiceException.notFound("finding " + id));
    ObjectNode n = mapper.createObjectNode();
    n.put("findingId", h.findingId());
    ArrayNode transitions = n.putArray("transitions");
    for (FindingHistory.Transition t : h.transitions()) {
      ObjectNode o = transitions.addObject();
      o.put("at", t.at().toString());
      o.put("from", t.from());
      o.put("to", t.to());
      o.put("runId", t.runId());
      o.set("severity", mapper.valueToTree(t.severity()));
      FindingSeverity s = FindingSeverity.ofLevel(t.severity());
      o.put("severityName", s == null ? null : s.key());
      o.put("modification", t.modification());
      o.put("flag", t.flag());
    }
    ArrayNode episodes = n.putArray("episodes");
    for (FindingHistory.Episode e : h.episodes()) {
      ObjectNode o = episodes.addObject();
      o.put("number", e.number());
      o.put("opened", e.opened().toString());
      o.put("closed", e.closed() == null ? null : e.closed().toString());
      o.put("closeReason", e.closeReason());
      o.set("severity", mapper.valueToTree(e.severity()));
    }
    return n;
  }

  private ObjectNode report(Context ctx) {
    RequestReader params = new RequestReader(ctx).onlyThese(Set.of("since"));
    Duration since = null;
    String text = ctx.queryParam("since");
    if (text != null) {
      since = dev.tenableconnector.core.spec.SettingParsers.duration(text);
      if (since == null || since.isNegative() || since.isZero()) {
        params.problem(
            "since: must be a positive duration such as 90d or 2160h, not '" + text + "'");
      }
    }
    params.check();
    InventoryStore inventory = store.get();
    InsightRefresh.refresh(inventory);
    Instant now = Instant.now();
    return RemediationReport.of(inventory.sql(), now, since == null ? null : now.minus(since), now)
        .toJson(mapper);
  }

  private ObjectNode posture(Context ctx) {
    RequestReader params = new RequestReader(ctx).onlyThese(Set.of("days"));
    int days = params.integer("days", 30, 1, dev.tenableconnector.core.insight.Posture.DAYS_KEPT);
    params.check();
    InventoryStore inventory = store.get();
    InsightRefresh.refresh(inventory);
    ObjectNode n = mapper.createObjectNode();
    n.set(
        "days",
        mapper.valueToTree(
            dev.tenableconnector.core.insight.Posture.byDay(
                dev.tenableconnector.core.insight.Posture.days(
                    inventory.sql(), LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L)))));
    return n;
  }

  private ObjectNode riskiest(Context ctx) {
    RequestReader params = new RequestReader(ctx).onlyThese(Set.of("limit"));
    int limit = params.integer("limit", 10, 1, 100);
    params.check();
    InventoryStore inventory = store.get();
    InsightRefresh.refresh(inventory);
    ObjectNode n = mapper.createObjectNode();
    n.set(
        "assets",
        mapper.valueToTree(
            dev.tenableconnector.core.insight.RiskiestAssets.top(
                inventory.sql(), limit, Instant.now().toEpochMilli())));
    return n;
  }

  /**
   * Asks Tenable (with the connector's keys) for its workbench count and explains the distance to
   * the inventory's; a failure to ask Tenable is the connector's error code, as a run's would be.
   */
  private ObjectNode reconcile(Context ctx, String id) {
    RequestReader params = new RequestReader(ctx).onlyThese(Set.of("days"));
    int days = params.integer("days", 30, 1, 450);
    params.check();
    var c = connectors.get(id);
    dev.tenableconnector.client.model.WorkbenchCounts counts;
    try (var client =
        new dev.tenableconnector.client.TenableClient(
            c.config().sync().client(c.row().tenableUrl(), connectors.keys(c)).build())) {
      counts = client.workbenchVulnerabilities(days);
    } catch (dev.tenableconnector.client.TenableApiException e) {
      var code = dev.tenableconnector.core.errors.ErrorCode.of(e.error());
      throw new ServiceException(
          dev.tenableconnector.service.connector.ApiError.TENABLE_FAILED,
          "Tenable's workbench could not be read: " + e.getMessage(),
          List.of(code.name() + ": " + code.remedy()),
          null);
    }
    return dev.tenableconnector.core.insight.Reconciliation.of(
            store.get(), id, counts, Instant.now())
        .toJson();
  }

  /** The preview of settings not saved yet (the wizard's): keys and settings in the body. */
  private ObjectNode previewUnsaved(Context ctx) {
    var request =
        dev.tenableconnector.service.connector.ConnectorRequest.parse(
            RequestReader.jsonBody(ctx, mapper), false);
    if (!request.hasKeys()) {
      throw ServiceException.invalid(List.of("accessKey: required", "secretKey: required"));
    }
    String url =
        request.tenableUrl() != null
            ? request.tenableUrl()
            : dev.tenableconnector.service.connector.ConnectorRequest.DEFAULT_URL;
    return preview(
        url,
        new dev.tenableconnector.client.ApiKeys(request.accessKey(), request.secretKey()),
        request.sync());
  }

  /** Estimates a first sync from a throwaway export it cancels; Tenable failures are 502. */
  private ObjectNode preview(
      String url,
      dev.tenableconnector.client.ApiKeys keys,
      dev.tenableconnector.core.spec.SpecValues sync) {
    var settings = sync.syncSettings("preview", url, true);
    if (settings.scope() == dev.tenableconnector.core.sync.Scope.ASSETS) {
      throw ServiceException.invalid(
          List.of(dev.tenableconnector.core.sync.ExportPreview.ASSETS_ONLY));
    }
    try (var client =
        new dev.tenableconnector.client.TenableClient(sync.client(url, keys).build())) {
      return dev.tenableconnector.core.sync.ExportPreview.estimate(
              client, settings, PREVIEW_WAIT, java.time.Clock.systemUTC())
          .toJson(mapper);
    } catch (dev.tenableconnector.client.TenableApiException e) {
      var code = dev.tenableconnector.core.errors.ErrorCode.of(e.error());
      throw new ServiceException(
          dev.tenableconnector.service.connector.ApiError.TENABLE_FAILED,
          "the preview export failed: " + e.getMessage(),
          List.of(code.name() + ": " + code.remedy()),
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceException(
          dev.tenableconnector.service.connector.ApiError.STOPPING, "the service is stopping");
    }
  }

  private static final Duration PREVIEW_WAIT = Duration.ofMinutes(2);

  private ObjectNode policy() {
    RemediationPolicy policy = DecisionTables.policy(store.get().sql());
    ObjectNode n = mapper.createObjectNode();
    n.set("policy", read(policy.json()));
    n.put("default", policy.json().equals(RemediationPolicy.defaults().json()));
    return n;
  }

  private ObjectNode setPolicy(Context ctx) {
    JsonNode body = RequestReader.jsonBody(ctx, mapper);
    RemediationPolicy policy;
    try {
      policy = RemediationPolicy.parse(body.toString(), "the policy");
    } catch (PolicyException e) {
      throw ServiceException.invalid(e.problems());
    }
    return apply(policy);
  }

  private ObjectNode resetPolicy() {
    return apply(null);
  }

  private ObjectNode apply(RemediationPolicy policy) {
    InventoryStore inventory = store.get();
    DecisionTables.setPolicy(inventory.sql(), policy, Instant.now());
    InsightRefresh.Result r = InsightRefresh.refresh(inventory);
    ObjectNode n = policy();
    n.put("refreshed", r.findings());
    return n;
  }

  private ObjectNode feeds() {
    ObjectNode n = mapper.createObjectNode();
    ArrayNode list = n.putArray("feeds");
    for (DecisionTables.Snapshot s : DecisionTables.latestSnapshots(store.get().sql())) {
      ObjectNode o = list.addObject();
      o.put("feed", s.feed());
      o.put("version", s.version());
      o.put("published", s.published());
      if (s.published() != null) {
        o.put(
            "ageDays",
            ChronoUnit.DAYS.between(LocalDate.parse(s.published()), LocalDate.now(ZoneOffset.UTC)));
      } else {
        o.putNull("ageDays");
      }
      o.put("sha256", s.sha256());
      o.put("bytes", s.bytes());
      o.put("records", s.records());
      o.put("rejected", s.rejected());
      o.put("source", s.source());
      o.put("importedAt", s.importedAt().toString());
    }
    return n;
  }

  private JsonNode read(String json) {
    try {
      return mapper.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package dev.tenableconnector.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.export.ExportFormat;
import dev.tenableconnector.core.export.InventoryExporter;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.InventoryQuery;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.PageRequest;
import dev.tenableconnector.core.store.QueryBudget;
import dev.tenableconnector.core.store.RecordPage;
import dev.tenableconnector.core.store.StoredRecord;
import dev.tenableconnector.service.connector.ServiceException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory's routes: pages of assets and findings (field filters, {@code q=}, sorting), counts
 * by a field, streamed downloads, and one record with its raw Tenable record. Every query runs
 * within the service's query budget.
 */
final class InventoryRoutes {
  private static final Logger log = LoggerFactory.getLogger(InventoryRoutes.class);
  private static final Set<String> PAGE_PARAMS = Set.of("limit", "offset", "sort", "order", "q");
  private static final Set<String> EXPORT_PARAMS = Set.of("format", "q", "keepFormulas");
  private static final Set<String> COUNT_PARAMS = Set.of("by", "q");

  private final Supplier<InventoryStore> store;
  private final ObjectMapper mapper;
  private final Views views;
  private final Duration queryTimeout;

  private final DecisionRoutes decisions;

  InventoryRoutes(
      Supplier<InventoryStore> store,
      ObjectMapper mapper,
      Views views,
      Duration queryTimeout,
      DecisionRoutes decisions) {
    this.store = store;
    this.mapper = mapper;
    this.views = views;
    this.queryTimeout = queryTimeout;
    this.decisions = decisions;
  }

  void register(RouteTable routes) {
    routes.add(HandlerType.GET, "/api/assets", ctx -> ctx.json(page(ctx, Entity.ASSET)));
    routes.add(HandlerType.GET, "/api/findings", ctx -> ctx.json(page(ctx, Entity.FINDING)));
    routes.add(
        HandlerType.GET,
        "/api/assets/counts",
        ctx -> ctx.json(counts(ctx, Entity.ASSET, "assetStatus")));
    routes.add(
        HandlerType.GET,
        "/api/findings/counts",
        ctx -> ctx.json(counts(ctx, Entity.FINDING, "findingSeverity")));
    routes.add(HandlerType.GET, "/api/assets/export", ctx -> export(ctx, Entity.ASSET));
    routes.add(HandlerType.GET, "/api/findings/export", ctx -> export(ctx, Entity.FINDING));
    routes.add(
        HandlerType.GET,
        "/api/assets/{id}",
        ctx -> ctx.json(record(Entity.ASSET, ctx.pathParam("id"))));
    routes.add(
        HandlerType.GET,
        "/api/findings/{id}",
        ctx -> ctx.json(record(Entity.FINDING, ctx.pathParam("id"))));
  }

  private ObjectNode page(Context ctx, Entity entity) {
    RequestReader params = new RequestReader(ctx);
    Map<String, List<String>> filters = new LinkedHashMap<>();
    ctx.queryParamMap()
        .forEach(
            (name, values) -> {
              if (!PAGE_PARAMS.contains(name)) {
                List<String> split = new ArrayList<>();
                values.forEach(v -> split.addAll(List.of(v.split(","))));
                filters.put(name, split);
              }
            });
    int limit = params.integer("limit", 50, 1, PageRequest.MAX_LIMIT);
    int offset = params.integer("offset", 0, 0, Integer.MAX_VALUE);
    String order = ctx.queryParam("order");
    if (order != null && !order.equalsIgnoreCase("asc") && !order.equalsIgnoreCase("desc")) {
      params.problem("order: must be asc or desc, not '" + order + "'");
    }
    InventoryQuery query = params.query(entity);
    PageRequest request =
        new PageRequest(
            entity,
            filters,
            ctx.queryParam("sort"),
            "desc".equalsIgnoreCase(order),
            offset,
            limit,
            query);
    params.problems(request.validate());
    params.check();
    RecordPage page = store.get().page(request, QueryBudget.of(queryTimeout));
    ObjectNode n = mapper.createObjectNode();
    ArrayNode items = n.putArray("items");
    List<ObjectNode> findings = new ArrayList<>();
    for (StoredRecord r : page.items()) {
      JsonNode item = views.json(r.data());
      items.add(item);
      if (entity == Entity.FINDING && item instanceof ObjectNode o) {
        findings.add(o);
      }
    }
    decisions.derived(findings);
    n.put("total", page.total());
    n.put("offset", offset);
    n.put("limit", limit);
    return n;
  }

  /**
   * Streams the records matching {@code q} as a download, in the CLI's export formats: jsonl, csv,
   * or (findings) ocsf. Memory stays flat; a client that goes away ends the stream.
   */
  private void export(Context ctx, Entity entity) throws IOException {
    RequestReader params = new RequestReader(ctx).onlyThese(EXPORT_PARAMS);
    String f = ctx.queryParam("format") == null ? "jsonl" : ctx.queryParam("format");
    ExportFormat format = null;
    try {
      format = ExportFormat.parse(f);
      if (format == ExportFormat.OCSF && entity != Entity.FINDING) {
        params.problem(
            "format: ocsf exports findings (OCSF Vulnerability Finding events); export assets as jsonl or csv");
      }
    } catch (IllegalArgumentException e) {
      params.problem("format: " + e.getMessage());
    }
    InventoryQuery query = params.query(entity);
    boolean keep = params.bool("keepFormulas", false);
    params.check();
    InventoryExporter.CsvFormulas formulas =
        keep ? InventoryExporter.CsvFormulas.KEEP : InventoryExporter.CsvFormulas.NEUTRALISE;
    String extension =
        format == ExportFormat.CSV ? "csv" : format == ExportFormat.OCSF ? "ocsf.jsonl" : "jsonl";
    String file =
        entity.plural() + "-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "." + extension;
    ctx.status(200)
        .contentType(
            format == ExportFormat.CSV ? "text/csv; charset=utf-8" : "application/x-ndjson");
    ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
    ctx.header("Cache-Control", "no-store");
    // The exporters flush when they end, even on failure; a flush would commit the response, so
    // only a full buffer or the end of a good export sends bytes.
    var out =
        new java.io.BufferedOutputStream(ctx.res().getOutputStream(), 1 << 16) {
          @Override
          public void flush() {}

          @Override
          public void close() throws IOException {
            super.flush();
            super.close();
          }
        };
    try {
      InventoryExporter.export(
          store.get(), entity, format, query, out, formulas, QueryBudget.idle(queryTimeout));
      out.close();
    } catch (RuntimeException | IOException e) {
      if (!ctx.res().isCommitted()) {
        // Nothing has left yet (the first 64 KiB are buffered): answer with the error itself.
        ctx.res().reset();
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        if (e instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new UncheckedIOException((IOException) e);
      }
      // The 200 and part of the body are gone: end the response abnormally (no final chunk), so
      // the client sees a failed download instead of a short file that looks complete.
      log.error("export of {} failed mid-stream: {}", entity.plural(), e.toString());
      org.eclipse.jetty.server.Request base =
          org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
      if (base != null) {
        base.getHttpChannel().abort(e);
      }
    }
  }

  private ObjectNode counts(Context ctx, Entity entity, String defaultField) {
    RequestReader params = new RequestReader(ctx);
    String by = ctx.queryParam("by") == null ? defaultField : ctx.queryParam("by");
    if (PageRequest.Field.of(entity, by) == null) {
      params.problem(
          "by: '"
              + by
              + "' is not a countable field of "
              + entity.plural()
              + " (known: "
              + String.join(", ", PageRequest.Field.names(entity))
              + ")");
    }
    InventoryQuery query = params.query(entity);
    params.onlyThese(COUNT_PARAMS).check();
    ObjectNode n = mapper.createObjectNode();
    n.put("by", PageRequest.Field.of(entity, by).fieldName());
    ArrayNode counts = n.putArray("counts");
    long total = 0;
    for (InventoryStore.ValueCount vc :
        store.get().countBy(entity, by, query, QueryBudget.of(queryTimeout))) {
      ObjectNode c = counts.addObject();
      c.set("value", mapper.valueToTree(vc.value()));
      c.put("count", vc.count());
      total += vc.count();
    }
    n.put("total", total);
    return n;
  }

  private ObjectNode record(Entity entity, String key) {
    InventoryStore inventory = store.get();
    String keyField = entity == Entity.ASSET ? "externalAssetId" : "externalFindingId";
    RecordPage page =
        inventory.page(
            new PageRequest(entity, Map.of(keyField, List.of(key)), null, false, 0, 1),
            QueryBudget.of(queryTimeout));
    if (page.items().isEmpty()) {
      throw ServiceException.notFound((entity == Entity.ASSET ? "asset " : "finding ") + key);
    }
    ObjectNode n = mapper.createObjectNode();
    JsonNode item = views.json(page.items().get(0).data());
    if (entity == Entity.FINDING && item instanceof ObjectNode o) {
      decisions.derived(List.of(o));
    }
    n.set(entity == Entity.ASSET ? "asset" : "finding", item);
    n.set("raw", views.json(inventory.rawRecord(entity, key).orElse(null)));
    return n;
  }
}

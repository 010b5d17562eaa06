package dev.tenableconnector.service.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.store.RunRecord;
import dev.tenableconnector.service.check.ConnectionTestResult;
import dev.tenableconnector.service.connector.Connector;
import dev.tenableconnector.service.connector.ConnectorRequest;
import dev.tenableconnector.service.connector.Connectors;
import dev.tenableconnector.service.connector.ServiceException;
import dev.tenableconnector.service.schedule.ConnectorScheduler;
import dev.tenableconnector.service.schedule.LiveRuns;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The connectors' routes: list, create, edit, delete, Test Connection (saved or not, as JSON or
 * checks streamed one by one), Run now, Cancel, and the run history with each run's detail.
 */
final class ConnectorRoutes {
  /** How long Run now waits for a free worker to make the run record it names. */
  private static final Duration RUN_ID_WAIT = Duration.ofSeconds(3);

  private final Connectors connectors;
  private final ConnectorScheduler scheduler;
  private final LiveRuns live;
  private final ObjectMapper mapper;
  private final Views views;

  ConnectorRoutes(
      Connectors connectors,
      ConnectorScheduler scheduler,
      LiveRuns live,
      ObjectMapper mapper,
      Views views) {
    this.connectors = connectors;
    this.scheduler = scheduler;
    this.live = live;
    this.mapper = mapper;
    this.views = views;
  }

  void register(RouteTable routes) {
    routes.add(HandlerType.GET, "/api/connectors", this::list);
    routes.add(
        HandlerType.POST,
        "/api/connectors",
        ctx -> {
          ConnectorRequest request =
              ConnectorRequest.parse(RequestReader.jsonBody(ctx, mapper), true);
          Connector created = connectors.create(request, skipTest(ctx));
          ctx.status(201)
              .header("Location", "/api/connectors/" + created.id())
              .json(withSettingWarnings(view(created), request));
        });
    routes.add(
        HandlerType.POST,
        "/api/connectors/test",
        ctx -> {
          ConnectorRequest request =
              ConnectorRequest.parse(RequestReader.jsonBody(ctx, mapper), false);
          String accept = ctx.header("Accept");
          if (accept != null && accept.contains("application/x-ndjson")) {
            streamTest(ctx, request);
          } else {
            ctx.json(views.checks(connectors.test(request)));
          }
        });
    routes.add(
        HandlerType.GET,
        "/api/connectors/{id}",
        ctx -> ctx.json(view(connectors.get(ctx.pathParam("id")))));
    routes.add(
        HandlerType.PUT,
        "/api/connectors/{id}",
        ctx -> {
          String id = ctx.pathParam("id");
          ConnectorRequest request =
              ConnectorRequest.parse(
                  RequestReader.jsonBody(ctx, mapper), false, connectors.get(id).config().sync());
          ctx.json(
              withSettingWarnings(view(connectors.update(id, request, skipTest(ctx))), request));
        });
    routes.add(
        HandlerType.DELETE,
        "/api/connectors/{id}",
        ctx -> {
          connectors.delete(ctx.pathParam("id"));
          ctx.status(204);
        });
    routes.add(
        HandlerType.POST,
        "/api/connectors/{id}/test",
        ctx -> {
          ConnectionTestResult result = connectors.test(ctx.pathParam("id"));
          ctx.json(views.checks(result));
        });
    routes.add(HandlerType.POST, "/api/connectors/{id}/runs", this::runNow);
    routes.add(
        HandlerType.POST,
        "/api/connectors/{id}/cancel",
        ctx -> {
          String id = ctx.pathParam("id");
          scheduler.cancel(
              id, ctx.attribute(ApiServer.VIA_UI) != null ? "from the web UI" : "from the API");
          ctx.status(202).json(view(connectors.get(id)));
        });
    routes.add(
        HandlerType.GET,
        "/api/connectors/{id}/runs",
        ctx -> {
          Connector c = connectors.get(ctx.pathParam("id"));
          RequestReader params = new RequestReader(ctx);
          int limit = params.integer("limit", 20, 1, 500);
          params.check();
          ctx.json(
              java.util.Map.of(
                  "runs",
                  connectors.store().runs(c.id(), limit).stream().map(views::run).toList()));
        });
    routes.add(HandlerType.GET, "/api/connectors/{id}/runs/{runId}", this::run);
  }

  private void list(Context ctx) {
    RequestReader params = new RequestReader(ctx).onlyThese(Set.of("limit", "offset"));
    int limit = params.integer("limit", Connectors.MAX_CONNECTORS, 1, Connectors.MAX_CONNECTORS);
    int offset = params.integer("offset", 0, 0, Integer.MAX_VALUE);
    params.check();
    List<Connector> all = connectors.list();
    ArrayNode items = mapper.createArrayNode();
    int from = Math.min(offset, all.size());
    int to = (int) Math.min(all.size(), (long) offset + limit);
    for (Connector c : all.subList(from, to)) {
      items.add(view(c));
    }
    ObjectNode page = mapper.createObjectNode();
    page.set("connectors", items);
    page.put("total", all.size());
    page.put("offset", offset);
    page.put("limit", limit);
    ctx.json(page);
  }

  private void runNow(Context ctx) throws InterruptedException {
    String id = ctx.pathParam("id");
    scheduler.runNow(id);
    // A free worker makes the run record at once: wait a moment for it, so the answer names the
    // new run; when every worker is busy, runId stays null until one starts it.
    long deadline = System.nanoTime() + RUN_ID_WAIT.toNanos();
    long runId = 0;
    while (runId == 0 && scheduler.busy(id) && System.nanoTime() < deadline) {
      runId = live.of(id).map(LiveRuns.Progress::runId).orElse(0L);
      if (runId == 0) {
        Thread.sleep(20);
      }
    }
    ObjectNode answer = view(connectors.get(id));
    if (runId > 0) {
      answer.put("runId", runId); // the run may already have ended (its progress then gone)
    } else {
      answer.putNull("runId");
    }
    ctx.status(202).json(answer);
  }

  private void run(Context ctx) {
    Connector c = connectors.get(ctx.pathParam("id"));
    long runId;
    try {
      runId = Long.parseLong(ctx.pathParam("runId"));
    } catch (NumberFormatException e) {
      throw ServiceException.invalid(
          List.of("runId: must be a number, not '" + ctx.pathParam("runId") + "'"));
    }
    RequestReader params = new RequestReader(ctx);
    int rejectedLimit = params.integer("rejectedLimit", 100, 0, 1000);
    params.check();
    RunRecord run =
        connectors
            .store()
            .run(runId)
            .filter(r -> r.connector().equals(c.id()))
            .orElseThrow(
                () ->
                    ServiceException.notFound("run " + runId + " of connector '" + c.name() + "'"));
    ObjectNode n = mapper.valueToTree(views.run(run));
    n.set(
        "rejected",
        mapper.valueToTree(views.rejected(connectors.store().rejected(runId, rejectedLimit))));
    ctx.json(n);
  }

  ObjectNode view(Connector c) {
    var lastRun =
        c.row().lastRunId() == null
            ? java.util.Optional.<RunRecord>empty()
            : connectors.store().run(c.row().lastRunId());
    return views.connector(c, lastRun, live.of(c.id()));
  }

  /** Says which settings were lowered or raised to a sound value, when some were. */
  private static ObjectNode withSettingWarnings(ObjectNode view, ConnectorRequest request) {
    if (!request.settingWarnings().isEmpty()) {
      ArrayNode warnings = view.putArray("settingWarnings");
      request.settingWarnings().forEach(warnings::add);
    }
    return view;
  }

  /**
   * Test Connection as newline-delimited JSON: each check on its own line the moment it ends, then
   * the whole result, so the wizard can show the checks arriving one by one.
   */
  private void streamTest(Context ctx, ConnectorRequest request) throws IOException {
    ctx.status(200).contentType("application/x-ndjson");
    ctx.header("Cache-Control", "no-store");
    var out = ctx.res().getOutputStream();
    ConnectionTestResult result =
        connectors.test(
            request,
            check -> {
              try {
                out.write(
                    (mapper.writeValueAsString(java.util.Map.of("check", views.check(check)))
                            + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
              } catch (IOException e) {
                throw new UncheckedIOException(
                    e); // the browser went away; the test stops at this check
              }
            });
    out.write(
        (mapper.writeValueAsString(java.util.Map.of("result", views.checks(result))) + "\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static boolean skipTest(Context ctx) {
    String v = ctx.queryParam("skipTestConnection");
    return v != null && (v.isEmpty() || v.equalsIgnoreCase("true"));
  }
}

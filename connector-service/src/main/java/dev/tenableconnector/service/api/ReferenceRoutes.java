package dev.tenableconnector.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import dev.tenableconnector.core.transform.TransformMapException;
import dev.tenableconnector.service.connector.Connectors;
import dev.tenableconnector.service.metrics.ServiceMetrics;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What the service says about itself and what a client builds its forms from: health, metrics, the
 * OpenAPI description, the settings table, the built-in mappings and their validation, the time
 * zones a schedule takes.
 */
final class ReferenceRoutes {
  private final Connectors connectors;
  private final ServiceMetrics metrics;
  private final ObjectMapper mapper;
  private final Views views;

  ReferenceRoutes(Connectors connectors, ServiceMetrics metrics, ObjectMapper mapper, Views views) {
    this.connectors = connectors;
    this.metrics = metrics;
    this.mapper = mapper;
    this.views = views;
  }

  void register(RouteTable routes) {
    routes.add(HandlerType.GET, "/health", this::health);
    routes.add(
        HandlerType.GET,
        "/openapi.json",
        ctx -> ctx.contentType("application/json").result(resource("/openapi.json")));
    routes.add(
        HandlerType.GET,
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    routes.add(
        HandlerType.GET,
        "/api/defaults/transformMap",
        ctx -> ctx.contentType("application/json").result(resource(TransformMap.DEFAULT_RESOURCE)));
    routes.add(
        HandlerType.GET,
        "/api/defaults/severityMapping",
        ctx ->
            ctx.contentType("application/json").result(resource(SeverityMapping.DEFAULT_RESOURCE)));
    routes.add(
        HandlerType.POST,
        "/api/validate/transformMap",
        ctx ->
            ctx.json(validate(ctx, json -> TransformMap.parse(json, "the transform map").name())));
    routes.add(
        HandlerType.POST,
        "/api/validate/severityMapping",
        ctx ->
            ctx.json(
                validate(
                    ctx,
                    json -> {
                      SeverityMapping.parse(json, "the risk severity mapping");
                      return null;
                    })));
    routes.add(HandlerType.GET, "/api/spec", ctx -> ctx.json(views.spec()));
    routes.add(
        HandlerType.GET,
        "/api/timezones",
        ctx -> {
          ArrayNode zones = mapper.createArrayNode();
          java.time.ZoneId.getAvailableZoneIds().stream().sorted().forEach(zones::add);
          ctx.json(mapper.createObjectNode().set("timezones", zones));
        });
  }

  /** UP while the database answers and no read or write has met damage in it; else 503 with why. */
  private void health(Context ctx) {
    ObjectNode n = mapper.createObjectNode();
    String problem;
    try {
      connectors.registry().setting("master_key_check");
      problem = connectors.store().damage().orElse(null);
    } catch (RuntimeException e) {
      problem = "the inventory database does not answer: " + e.getMessage();
    }
    n.put("status", problem == null ? "UP" : "DOWN");
    if (problem != null) {
      n.put("reason", problem);
    }
    ctx.status(problem == null ? 200 : 503).json(n);
  }

  private interface Check {
    String run(String json);
  }

  /** Validates a transform map or severity mapping as a connector would; every problem listed. */
  private ObjectNode validate(Context ctx, Check check) {
    JsonNode body = RequestReader.jsonBody(ctx, mapper);
    ObjectNode n = mapper.createObjectNode();
    ArrayNode problems = mapper.createArrayNode();
    try {
      String name = check.run(body.toString());
      if (name != null) {
        n.put("name", name);
      }
    } catch (TransformMapException e) {
      e.problems().forEach(problems::add);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    n.put("valid", problems.isEmpty());
    n.set("problems", problems);
    return n;
  }

  private static String resource(String name) {
    try (InputStream in = ReferenceRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

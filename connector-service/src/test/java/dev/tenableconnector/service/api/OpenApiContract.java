package dev.tenableconnector.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's OpenAPI document as the contract of every answer the service tests receive: an
 * answer on a documented route must have a documented status, and a JSON body must validate against
 * that status's schema. OpenAPI 3.0 schemas are read as JSON Schema draft 7, with {@code nullable}
 * turned into a null type.
 */
public final class OpenApiContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode DOC = load();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  private OpenApiContract() {}

  /** Throws an AssertionError naming what the answer does that the document does not say. */
  public static void check(
      String method, String rawPath, int status, String contentType, JsonNode body) {
    String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
    String template = template(path);
    if (template == null) {
      return; // not an API route (pages, scripts)
    }
    JsonNode operation = DOC.path("paths").path(template).path(method.toLowerCase());
    if (operation.isMissingNode()) {
      return; // a method the route does not have: Javalin answers that itself
    }
    JsonNode response = resolve(operation.path("responses").path(Integer.toString(status)));
    String where = method + " " + template + " " + status;
    if (response.isMissingNode()) {
      throw new AssertionError(where + ": the status is not in openapi.json");
    }
    if (body == null || contentType == null || !contentType.startsWith("application/json")) {
      return;
    }
    JsonNode schema = response.path("content").path("application/json").path("schema");
    if (schema.isMissingNode()) {
      throw new AssertionError(where + ": a JSON body, but openapi.json gives it no schema");
    }
    Set<ValidationMessage> problems =
        SCHEMAS.computeIfAbsent(where, k -> compile(schema)).validate(body);
    if (!problems.isEmpty()) {
      throw new AssertionError(where + ": the body does not match openapi.json: " + problems);
    }
  }

  /** The documented route a path is on, preferring literal segments to parameters. */
  private static String template(String path) {
    String best = null;
    int bestParams = Integer.MAX_VALUE;
    for (Iterator<String> it = DOC.path("paths").fieldNames(); it.hasNext(); ) {
      String candidate = it.next();
      String regex = candidate.replaceAll("\\{[^/]+}", "[^/]+");
      if (path.matches(regex)) {
        int params = candidate.split("\\{", -1).length - 1;
        if (params < bestParams) {
          best = candidate;
          bestParams = params;
        }
      }
    }
    return best;
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    JsonNode target = DOC;
    for (String part : ref.asText().substring(2).split("/")) {
      target = target.path(part);
    }
    return resolve(target);
  }

  private static JsonSchema compile(JsonNode schema) {
    ObjectNode root = (ObjectNode) nullableAsType(schema.deepCopy());
    ObjectNode components = JSON.createObjectNode();
    components.set("schemas", nullableAsType(DOC.path("components").path("schemas").deepCopy()));
    root.set("components", components);
    return FACTORY.getSchema(root);
  }

  /** OpenAPI 3.0's {@code nullable: true} as JSON Schema says it: null among the types. */
  private static JsonNode nullableAsType(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.path("nullable").asBoolean(false)) {
        if (o.has("type")) {
          ArrayNode types = JSON.createArrayNode().add(o.get("type").asText()).add("null");
          o.set("type", types);
        } else {
          ObjectNode copy = o.deepCopy();
          copy.remove("nullable");
          o.removeAll();
          o.putArray("anyOf").add(copy).addObject().put("type", "null");
        }
        o.remove("nullable");
      }
      o.fields().forEachRemaining(e -> nullableAsType(e.getValue()));
    } else if (node instanceof ArrayNode a) {
      a.forEach(OpenApiContract::nullableAsType);
    }
    return node;
  }

  private static JsonNode load() {
    try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi.json")) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.tenableconnector.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tenable's own OpenAPI description of the export endpoints (a copy of {@code
 * shared/docs/tenable-openapi/vm-exports-openapi.json}), turned into strict JSON Schemas:
 * references resolved, and every object with documented properties closed to others, so a field
 * Tenable does not document fails. Where the description and the live API disagree, a {@link
 * Deviation} widens the schema at one named place; the deviations are listed in docs/emulator.md,
 * and Tenable's own examples must validate with them.
 */
final class TenableOpenApi {
  static final JsonNode DOC = load();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TenableOpenApi() {}

  /** A documented difference between the description and the live API, applied to a schema. */
  record Deviation(String where, String why, Consumer<ObjectNode> widen) {}

  /** Every deviation the conformance test allows, by the response it applies to. */
  static final Map<String, List<Deviation>> DEVIATIONS =
      Map.of(
          "GET /assets/export/{export_uuid}/chunks/{chunk_id} 200 v1",
              List.of(
                  new Deviation(
                      "every property",
                      "v1 records carry every key, empty ones as null"
                          + " (Tenable's own example and every recording)",
                      item -> {
                        List<String> names = new ArrayList<>();
                        properties(item).fieldNames().forEachRemaining(names::add);
                        names.forEach(
                            n -> properties(item).set(n, orNull(properties(item).get(n))));
                      }),
                  new Deviation(
                      "acr_score, exposure_score",
                      "numbers as well as strings in live data",
                      item -> {
                        properties(item)
                            .set(
                                "acr_score",
                                anyOf(typed("string"), typed("number"), typed("null")));
                        properties(item)
                            .set(
                                "exposure_score",
                                anyOf(typed("string"), typed("number"), typed("null")));
                      }),
                  new Deviation(
                      "system_types[]",
                      "values beyond the four the description says it"
                          + " \"includes\" (aws-ec2-instance, hypervisor) in live data",
                      item ->
                          properties(item)
                              .set("system_types", anyOf(array(typed("string")), typed("null")))),
                  new Deviation(
                      "network_interfaces[].virtual, .aliased",
                      "in recorded v1 data (and documented for v2 interfaces)",
                      item -> {
                        ObjectNode iface =
                            (ObjectNode)
                                unwrapNull(properties(item).get("network_interfaces")).get("items");
                        properties(iface).set("virtual", anyOf(typed("boolean"), typed("null")));
                        properties(iface).set("aliased", anyOf(typed("boolean"), typed("null")));
                      })),
          "GET /assets/export/{export_uuid}/chunks/{chunk_id} 200 v2",
              List.of(
                  new Deviation(
                      "serial_number",
                      "in Tenable's v2 example, not in its v2 schema",
                      item -> properties(item).set("serial_number", typed("string"))),
                  new Deviation(
                      "system_types[]",
                      "as for v1",
                      item -> properties(item).set("system_types", array(typed("string"))))),
          "POST /assets/export 401",
              List.of(
                  new Deviation(
                      "error",
                      "the description says an integer; its example (and every"
                          + " response) has the HTTP reason text",
                      body -> properties(body).set("error", typed("string")))),
          "GET /vulns/export/{export_uuid}/chunks/{chunk_id} 200",
              List.of(
                  new Deviation(
                      "plugin.cvss4_vector.privileges_required",
                      "the description's enum" + " spells \"High,\"; its example has \"High\"",
                      item ->
                          properties(
                                  (ObjectNode)
                                      properties((ObjectNode) properties(item).get("plugin"))
                                          .get("cvss4_vector"))
                              .set("privileges_required", enumOf("None", "Low", "High"))),
                  new Deviation(
                      "plugin.workaround_type",
                      "lower case (\"disable service\") in Tenable's" + " example",
                      item ->
                          properties((ObjectNode) properties(item).get("plugin"))
                              .set("workaround_type", typed("string"))),
                  new Deviation(
                      "indexed",
                      "ISO text with microseconds in live data and in Tenable's"
                          + " example; the description says an integer",
                      item ->
                          properties(item)
                              .set("indexed", anyOf(typed("string"), typed("integer")))),
                  new Deviation(
                      "time_taken_to_fix",
                      "a string or a number in live data (Tenable's example" + " has a string)",
                      item ->
                          properties(item)
                              .set("time_taken_to_fix", anyOf(typed("string"), typed("integer")))),
                  new Deviation(
                      "last_fixed",
                      "null in Tenable's example",
                      item ->
                          properties(item)
                              .set("last_fixed", anyOf(typed("string"), typed("null")))),
                  new Deviation(
                      "plugin.xrefs[]",
                      "objects {type, id} in live data, strings in the" + " description",
                      item ->
                          properties((ObjectNode) properties(item).get("plugin"))
                              .set("xrefs", array(anyOf(typed("string"), xref())))),
                  new Deviation(
                      "plugin.ms_bulletin",
                      "a list in live data",
                      item ->
                          properties((ObjectNode) properties(item).get("plugin"))
                              .set("ms_bulletin", anyOf(typed("string"), array(typed("string")))))),
          "GET /assets/export/status 200",
              List.of(
                  new Deviation(
                      "exports[].filters",
                      "a JSON-encoded string in Tenable's example, an" + " object in its schema",
                      list ->
                          properties((ObjectNode) properties(list).get("exports").get("items"))
                              .set("filters", anyOf(typed("string"), typed("object"))))));

  /** The strict schema of a response body, with the deviations listed for it. */
  static JsonSchema response(
      String method, String path, String status, String contentType, String variant) {
    JsonNode media =
        DOC.path("paths")
            .path(path)
            .path(method.toLowerCase())
            .path("responses")
            .path(status)
            .path("content")
            .path(contentType);
    if (media.isMissingNode()) {
      throw new IllegalArgumentException(
          "no " + contentType + " response " + status + " for " + method + " " + path);
    }
    ObjectNode schema = (ObjectNode) strict(resolve(media.get("schema")));
    if (variant != null) {
      int branch = variant.equals("v1") ? 0 : 1;
      schema = (ObjectNode) schema.get("oneOf").get(branch);
    }
    String key = method + " " + path + " " + status + (variant == null ? "" : " " + variant);
    ObjectNode target = schema.has("items") ? (ObjectNode) schema.get("items") : schema;
    for (Deviation d : DEVIATIONS.getOrDefault(key, List.of())) {
      d.widen().accept(target);
    }
    return FACTORY.getSchema(schema);
  }

  /** The strict schema of a request body. */
  static JsonSchema request(String path) {
    JsonNode schema =
        DOC.path("paths")
            .path(path)
            .path("post")
            .path("requestBody")
            .path("content")
            .path("application/json")
            .path("schema");
    return FACTORY.getSchema(strict(resolve(schema)));
  }

  /** Tenable's examples of one response, as (name, value). */
  static List<Map.Entry<String, JsonNode>> examples(
      String method, String path, String status, String contentType) {
    JsonNode examples =
        DOC.path("paths")
            .path(path)
            .path(method.toLowerCase())
            .path("responses")
            .path(status)
            .path("content")
            .path(contentType)
            .path("examples");
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    examples
        .fields()
        .forEachRemaining(e -> out.add(Map.entry(e.getKey(), e.getValue().get("value"))));
    return out;
  }

  /** The problems of a value against a schema, each with where it is. */
  static List<String> problems(JsonSchema schema, JsonNode value) {
    Set<ValidationMessage> messages = schema.validate(value);
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.getMessage()));
    return out;
  }

  /** Copies a schema with every {@code #/components/schemas/...} reference put in place. */
  static JsonNode resolve(JsonNode node) {
    return resolve(node, 0, false);
  }

  private static JsonNode resolve(JsonNode node, int depth, boolean propertyNames) {
    if (depth > 40) {
      throw new IllegalStateException("reference cycle in the OpenAPI description");
    }
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        String name = ref.asText().substring("#/components/schemas/".length());
        return resolve(DOC.path("components").path("schemas").path(name), depth + 1, false);
      }
      ObjectNode out = NODES.objectNode();
      node.fields()
          .forEachRemaining(
              e -> {
                // Descriptions and examples carry no rules (but a property may be called
                // "description").
                String key = e.getKey();
                if (propertyNames || !key.equals("description") && !key.equals("example")) {
                  out.set(
                      key,
                      resolve(e.getValue(), depth + 1, !propertyNames && key.equals("properties")));
                }
              });
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(item -> out.add(resolve(item, depth + 1, false)));
      return out;
    }
    return node.deepCopy();
  }

  /**
   * Closes every object that documents its properties to undocumented ones. An {@code enum} that
   * the description puts on a list instead of its items (four places) is moved to the items.
   */
  static JsonNode strict(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      if ("array".equals(object.path("type").asText())
          && object.has("enum")
          && object.get("items") instanceof ObjectNode items) {
        items.set("enum", object.remove("enum"));
      }
      JsonNode props = object.get("properties");
      if (props != null && props.isObject()) {
        props.fields().forEachRemaining(e -> strict(e.getValue()));
        if (props.size() > 0 && !object.has("additionalProperties")) {
          object.put("additionalProperties", false);
        }
      }
      for (String key : List.of("items", "oneOf", "anyOf", "allOf")) {
        if (object.has(key)) {
          strict(object.get(key));
        }
      }
    } else if (node.isArray()) {
      node.forEach(TenableOpenApi::strict);
    }
    return node;
  }

  static ObjectNode properties(ObjectNode schema) {
    return (ObjectNode) schema.get("properties");
  }

  static ObjectNode typed(String type) {
    return NODES.objectNode().put("type", type);
  }

  static ObjectNode enumOf(String... values) {
    ObjectNode e = typed("string");
    ArrayNode list = e.putArray("enum");
    for (String v : values) {
      list.add(v);
    }
    return e;
  }

  static ObjectNode array(JsonNode items) {
    ObjectNode a = typed("array");
    a.set("items", items);
    return a;
  }

  static ObjectNode anyOf(JsonNode... options) {
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("anyOf");
    for (JsonNode o : options) {
      list.add(o);
    }
    return out;
  }

  private static ObjectNode xref() {
    ObjectNode x = typed("object");
    ObjectNode props = x.putObject("properties");
    props.set("type", typed("string"));
    props.set("id", typed("string"));
    x.put("additionalProperties", false);
    return x;
  }

  private static JsonNode orNull(JsonNode schema) {
    return anyOf(schema, typed("null"));
  }

  private static JsonNode unwrapNull(JsonNode schema) {
    if (schema.has("anyOf")) {
      Iterator<JsonNode> options = schema.get("anyOf").elements();
      while (options.hasNext()) {
        JsonNode o = options.next();
        if (!"null".equals(o.path("type").asText())) {
          return o;
        }
      }
    }
    return schema;
  }

  private static JsonNode load() {
    try (InputStream in =
        TenableOpenApi.class.getResourceAsStream("/tenable-openapi/vm-exports-openapi.json")) {
      return Http.JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

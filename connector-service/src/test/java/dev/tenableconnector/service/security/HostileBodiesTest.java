package dev.tenableconnector.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.service.ServiceFixture;
import dev.tenableconnector.testsupport.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route that takes a body, as openapi.json lists them, sent the bodies an attacker or a
 * broken client sends: nested 10,000 deep, not UTF-8, of the wrong type, empty, every member of the
 * wrong type. Each answer is a 4xx in the API's error shape naming the problem, never a 5xx or a
 * stack trace, and the service answers normally afterwards.
 */
class HostileBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOME_ID = "00000000-0000-4000-8000-000000000000";

  @TempDir Path dir;
  private ServiceFixture fixture;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    fixture = new ServiceFixture(dir, new ManualClock(Instant.parse("2026-11-01T00:00:00Z")));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void everyRouteWithABodyAnswersHostileBodiesWithA4xxThatNamesTheProblem() throws Exception {
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    bodies.put("nested 10,000 deep", ("[".repeat(10_000) + "]".repeat(10_000)).getBytes());
    bodies.put(
        "objects nested 10,000 deep",
        ("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)).getBytes());
    ByteArrayOutputStream notUtf8 = new ByteArrayOutputStream();
    notUtf8.writeBytes("{\"name\":\"".getBytes(StandardCharsets.US_ASCII));
    notUtf8.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28});
    notUtf8.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
    bodies.put("not UTF-8", notUtf8.toByteArray());
    bodies.put("an array", "[1,2,3]".getBytes());
    bodies.put("a number", "12345678901234567890".getBytes());
    bodies.put("a string", "\"connector\"".getBytes());
    bodies.put("empty", new byte[0]);
    bodies.put("not JSON", "name=x&url=y".getBytes());
    bodies.put("cut off", "{\"name\": \"x\", \"tenableUrl\": ".getBytes());

    List<String> routes = routesWithBodies();
    assertThat(routes).hasSizeGreaterThanOrEqualTo(7);
    List<String> problems = new ArrayList<>();
    for (String route : routes) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1).replace("{id}", SOME_ID);
      Map<String, byte[]> forRoute = new LinkedHashMap<>(bodies);
      forRoute.put("every member of the wrong type", wrongTypes(route).getBytes());
      for (Map.Entry<String, byte[]> body : forRoute.entrySet()) {
        HttpResponse<String> r = send(method, path, body.getValue());
        String what =
            route + " with a body " + body.getKey() + " -> " + r.statusCode() + " " + r.body();
        if (path.startsWith("/api/validate/") && r.statusCode() == 200) {
          // A validator's answer is the verdict: invalid, with every problem named.
          JsonNode verdict = JSON.readTree(r.body());
          if (verdict.path("valid").asBoolean(true) || verdict.path("problems").isEmpty()) {
            problems.add(what + " (found valid, or no problem named)");
          }
          continue;
        }
        if (r.statusCode() < 400 || r.statusCode() >= 500) {
          problems.add(what);
          continue;
        }
        JsonNode error;
        try {
          error = JSON.readTree(r.body());
        } catch (Exception e) {
          problems.add(what + " (not JSON)");
          continue;
        }
        if (!error.path("code").isTextual() || error.path("message").asText("").isBlank()) {
          problems.add(what + " (not the error shape)");
        }
        if (r.body().contains("Exception") || r.body().contains("\tat ")) {
          problems.add(what + " (a stack trace)");
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(fixture.call("GET", "/api/connectors", null).status())
        .as("the service answers normally afterwards")
        .isEqualTo(200);
  }

  /** "METHOD /path" of every operation openapi.json gives a request body. */
  private static List<String> routesWithBodies() throws Exception {
    List<String> routes = new ArrayList<>();
    try (InputStream in = HostileBodiesTest.class.getResourceAsStream("/openapi.json")) {
      JsonNode paths = JSON.readTree(in).path("paths");
      for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
        Map.Entry<String, JsonNode> path = p.next();
        for (Iterator<Map.Entry<String, JsonNode>> o = path.getValue().fields(); o.hasNext(); ) {
          Map.Entry<String, JsonNode> op = o.next();
          if (op.getValue().has("requestBody")) {
            routes.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
          }
        }
      }
    }
    return routes;
  }

  /** An object whose members are the names the route's schema knows, each given a nested list. */
  private static String wrongTypes(String route) {
    StringBuilder b = new StringBuilder("{");
    for (String name :
        List.of(
            "name",
            "tenableUrl",
            "accessKey",
            "secretKey",
            "schedule",
            "scope",
            "severity",
            "days",
            "slaDays",
            "filters",
            "transformMap")) {
      b.append(b.length() > 1 ? "," : "").append('"').append(name).append("\":[[{\"x\":[]}]]");
    }
    return b.append('}').toString();
  }

  private HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.service.port() + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + ServiceFixture.TOKEN)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}

package dev.tenableconnector.service.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The checker every service test's answers go through fails on what openapi.json does not say. */
class OpenApiContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void aBodyThatMatchesItsSchemaPasses() throws Exception {
    assertThatCode(
            () ->
                OpenApiContract.check(
                    "GET",
                    "/api/connectors/abc/runs?limit=5",
                    200,
                    JSON_TYPE,
                    json("{\"runs\": []}")))
        .doesNotThrowAnyException();
  }

  @Test
  void aMissingRequiredFieldAWrongTypeAndANullWhereNoneIsAllowedFail() {
    assertThatThrownBy(
            () ->
                OpenApiContract.check(
                    "GET", "/api/assets", 200, JSON_TYPE, json("{\"items\": []}")))
        .hasMessageContaining("GET /api/assets 200")
        .hasMessageContaining("total");
    assertThatThrownBy(
            () ->
                OpenApiContract.check(
                    "GET", "/health", 200, JSON_TYPE, json("{\"status\": \"SIDEWAYS\"}")))
        .hasMessageContaining("status");
    assertThatThrownBy(
            () ->
                OpenApiContract.check(
                    "GET",
                    "/api/connectors/abc/runs",
                    200,
                    JSON_TYPE,
                    json(
                        "{\"runs\": [{\"runId\": 1, \"mode\": \"FULL\", \"status\": \"COMPLETED\","
                            + " \"counts\": {}, \"exports\": null}]}")))
        .hasMessageContaining("exports");
  }

  @Test
  void aStatusTheRouteDoesNotDocumentFails() {
    assertThatThrownBy(
            () ->
                OpenApiContract.check(
                    "GET", "/api/spec", 418, JSON_TYPE, json("{\"code\": \"TEAPOT\"}")))
        .hasMessageContaining("GET /api/spec 418: the status is not in openapi.json");
  }

  @Test
  void literalSegmentsWinOverParameters() {
    // /api/assets/export is its own route, not an asset whose id is "export"
    assertThatCode(
            () ->
                OpenApiContract.check(
                    "GET", "/api/assets/export", 200, "application/x-ndjson", null))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> OpenApiContract.check("GET", "/api/assets/export", 404, JSON_TYPE, json("{}")))
        .hasMessageContaining("GET /api/assets/export 404");
  }
}

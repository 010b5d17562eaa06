package dev.tenableconnector.service.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.testsupport.DocsTable;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API's error codes are ApiError: in docs/service.md and in the OpenAPI description. */
class ApiErrorTest {
  static String docsTable() {
    return DocsTable.markdown(
        List.of("code", "status", "meaning"),
        Arrays.stream(ApiError.values())
            .map(
                e ->
                    e == ApiError.REFUSED
                        ? List.of("`HTTP_<status>`", "400, 414, 431, 505, …", e.meaning())
                        : List.of("`" + e.name() + "`", Integer.toString(e.status()), e.meaning()))
            .toList());
  }

  @Test
  void theDocsTableIsApiError() {
    DocsTable.assertHeldBy("service.md", docsTable(), "ApiError");
  }

  @Test
  void theOpenApiErrorCodesAreApiError() throws Exception {
    JsonNode doc;
    try (InputStream in = ApiErrorTest.class.getResourceAsStream("/openapi.json")) {
      doc = new ObjectMapper().readTree(in);
    }
    JsonNode code = doc.at("/components/schemas/Error/properties/code/anyOf");
    List<String> listed = new ArrayList<>();
    code.get(0).path("enum").forEach(n -> listed.add(n.asText()));
    assertThat(listed)
        .containsExactlyElementsOf(
            Arrays.stream(ApiError.values())
                .filter(e -> e != ApiError.REFUSED)
                .map(Enum::name)
                .toList());
    assertThat(code.get(1).path("pattern").asText()).isEqualTo("^HTTP_[0-9]{3}$");
    assertThat(ApiError.REFUSED.code(414)).matches(code.get(1).path("pattern").asText());
  }

  @Test
  void aServiceExceptionAnswersWithItsErrorsStatusAndCode() {
    ServiceException e = new ServiceException(ApiError.NAME_TAKEN, "a connector named 'x' exists");
    assertThat(e.status()).isEqualTo(409);
    assertThat(e.code()).isEqualTo("NAME_TAKEN");
    assertThat(ServiceException.invalid(List.of("a", "b")).status()).isEqualTo(400);
  }
}

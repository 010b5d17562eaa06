package dev.tenableconnector.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.service.ServiceFixture;
import dev.tenableconnector.testsupport.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind a trusted reverse proxy the wrong-token limit and the audit log key on the client the
 * proxy names, not on the proxy: one client's guesses do not lock out the others; the same header
 * from a client that is not a trusted proxy is ignored.
 */
class TrustedProxyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  private int get(String forwardedFor, String token) throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fixture.service.port() + "/api/connectors"))
                .header("X-Forwarded-For", forwardedFor)
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void behindATrustedProxyTheLimitAndTheAuditKeyOnTheClientItNames() throws Exception {
    fixture.trustedProxies = Set.of("127.0.0.1");
    fixture.restart();
    for (int i = 0; i < 12; i++) {
      get("203.0.113.7", "a-wrong-token-guessed-" + i);
    }
    assertThat(get("203.0.113.7", ServiceFixture.TOKEN))
        .as("the guesser is held off")
        .isEqualTo(429);
    assertThat(get("198.51.100.9, 127.0.0.1", ServiceFixture.TOKEN))
        .as("another client behind the same proxy is not")
        .isEqualTo(200);
    JsonNode log = JSON.readTree(fixture.call("GET", "/api/audit?limit=3", null).body());
    assertThat(log.path("entries").get(0).path("address").asText()).isEqualTo("203.0.113.7");
  }

  @Test
  void fromAnyoneElseTheHeaderIsIgnored() throws Exception {
    for (int i = 0; i < 12; i++) {
      get("203.0.113." + i, "a-wrong-token-guessed-" + i);
    }
    assertThat(get("198.51.100.9", ServiceFixture.TOKEN))
        .as("a forged header does not escape the limit of the real address")
        .isEqualTo(429);
  }
}

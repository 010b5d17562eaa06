package dev.tenableconnector.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.service.ServiceFixture;
import dev.tenableconnector.testsupport.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change made through the API is in the audit log with who, how, from where, what and its
 * answer, and so is every refused credential; reads are not; no secret is ever in it.
 */
class AuditLogTest {
  private static final String ACCESS = EmulatorConfig.DEFAULT_ACCESS_KEY;
  private static final String SECRET = EmulatorConfig.DEFAULT_SECRET_KEY;

  @TempDir Path dir;
  private TenableEmulator emulator;
  private ServiceFixture fixture;

  @BeforeEach
  void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .keys(ACCESS, SECRET)
                .assets(20)
                .findingsPerAsset(3)
                .queuedFor(Duration.ofMillis(50))
                .build());
    fixture = new ServiceFixture(dir, new ManualClock(Instant.parse("2026-11-22T10:00:00Z")));
  }

  @AfterEach
  void stop() {
    fixture.close();
    emulator.close();
  }

  @Test
  void changesAndRefusedCredentialsAreLoggedWithWhoWhatWhenAndWhereAndNoSecret() throws Exception {
    ServiceFixture.Response created =
        fixture.call(
            "POST",
            "/api/connectors",
            "{\"name\":\"audited\",\"tenableUrl\":\""
                + emulator.baseUrl()
                + "\",\"accessKey\":\""
                + ACCESS
                + "\",\"secretKey\":\""
                + SECRET
                + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();
    fixture.call("GET", "/api/connectors/" + id, null);
    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    fixture.awaitIdle(id);
    fixture.call("PUT", "/api/policy", "{\"nonsense\": true}");
    fixture.call("GET", "/api/connectors", null, "a-wrong-token-of-some-length-0000");
    fixture.call("DELETE", "/api/connectors/" + id, null);

    JsonNode log = fixture.call("GET", "/api/audit?limit=50", null).json().path("entries");
    List<String> lines = new ArrayList<>();
    for (JsonNode e : log) {
      assertThat(e.path("address").asText()).isEqualTo("127.0.0.1");
      assertThat(e.path("at").asText()).isNotBlank();
      lines.add(
          e.path("actor").asText()
              + " "
              + e.path("via").asText()
              + " "
              + e.path("method").asText()
              + " "
              + e.path("path").asText()
              + " "
              + e.path("status").asInt());
    }
    assertThat(lines)
        .as("newest first; reads are not changes")
        .containsExactly(
            "admin API token DELETE /api/connectors/" + id + " 204",
            "unknown API token GET /api/connectors 401",
            "admin API token PUT /api/policy 400",
            "admin API token POST /api/connectors/" + id + "/runs 202",
            "admin API token POST /api/connectors 201");

    JsonNode older =
        fixture
            .call("GET", "/api/audit?limit=2&before=" + log.get(2).path("id").asLong(), null)
            .json()
            .path("entries");
    assertThat(older).hasSize(2);
    assertThat(older.get(0).path("path").asText()).isEqualTo("/api/connectors/" + id + "/runs");
    assertThat(fixture.call("GET", "/api/audit?limit=0", null).status()).isEqualTo(400);

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fixture.db());
        ResultSet rs = c.createStatement().executeQuery("SELECT * FROM audit_log")) {
      StringBuilder all = new StringBuilder();
      while (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          all.append(rs.getString(i)).append(' ');
        }
      }
      assertThat(all.toString()).doesNotContain(SECRET).doesNotContain(ServiceFixture.TOKEN);
    }
    assertThat(Files.exists(fixture.db())).isTrue();
  }
}

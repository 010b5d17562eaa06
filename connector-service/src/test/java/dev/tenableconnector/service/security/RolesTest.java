package dev.tenableconnector.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.service.ServiceFixture;
import dev.tenableconnector.service.access.Role;
import dev.tenableconnector.service.access.Users;
import dev.tenableconnector.testsupport.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users with their own tokens and roles: a viewer reads the inventory only, an operator runs
 * connectors but cannot read the audit log or change the policy, an admin does everything; the
 * audit log names who did what; tokens are stored as hashes; a removed user's token stops at once.
 */
class RolesTest {
  private static final String ACCESS = EmulatorConfig.DEFAULT_ACCESS_KEY;
  private static final String SECRET = EmulatorConfig.DEFAULT_SECRET_KEY;

  @TempDir Path dir;
  private TenableEmulator emulator;
  private ServiceFixture fixture;
  private Users users;

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

  private String add(String name, Role role) {
    try (InventoryStore store = InventoryStores.open(fixture.db().toString(), Map.of())) {
      return new Users(store.sql(), Clock.systemUTC()).add(name, role);
    }
  }

  @Test
  void eachRoleMayDoWhatItSaysAndTheAuditLogNamesTheUser() throws Exception {
    String viewer = add("vera", Role.VIEWER);
    String operator = add("otto", Role.OPERATOR);

    String body =
        "{\"name\":\"prod\",\"tenableUrl\":\""
            + emulator.baseUrl()
            + "\",\"accessKey\":\""
            + ACCESS
            + "\",\"secretKey\":\""
            + SECRET
            + "\"}";
    assertThat(fixture.call("POST", "/api/connectors", body, viewer).status()).isEqualTo(403);
    ServiceFixture.Response created = fixture.call("POST", "/api/connectors", body, operator);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(fixture.call("POST", "/api/connectors/" + id + "/runs", null, operator).status())
        .isEqualTo(202);
    fixture.awaitIdle(id);

    assertThat(fixture.call("GET", "/api/findings?limit=5", null, viewer).status()).isEqualTo(200);
    assertThat(fixture.call("GET", "/api/reports/remediation", null, viewer).status())
        .isEqualTo(200);
    ServiceFixture.Response refused = fixture.call("GET", "/api/connectors", null, viewer);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().path("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(refused.json().path("message").asText()).contains("vera is a viewer");
    assertThat(fixture.call("GET", "/api/audit", null, operator).status()).isEqualTo(403);
    assertThat(fixture.call("PUT", "/api/policy", "{}", operator).status()).isEqualTo(403);
    assertThat(fixture.call("GET", "/api/policy", null, operator).status()).isEqualTo(200);

    List<String> actors = new ArrayList<>();
    for (var e : fixture.call("GET", "/api/audit?limit=20", null).json().path("entries")) {
      actors.add(
          e.path("actor").asText()
              + " "
              + e.path("method").asText()
              + " "
              + e.path("path").asText()
              + " "
              + e.path("status").asInt());
    }
    assertThat(actors)
        .contains(
            "vera POST /api/connectors 403",
            "otto POST /api/connectors 201",
            "otto POST /api/connectors/" + id + "/runs 202",
            "vera GET /api/connectors 403",
            "otto PUT /api/policy 403");

    try (InventoryStore store = InventoryStores.open(fixture.db().toString(), Map.of())) {
      new Users(store.sql(), Clock.systemUTC()).remove("vera");
    }
    assertThat(fixture.call("GET", "/api/findings?limit=5", null, viewer).status()).isEqualTo(401);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fixture.db());
        ResultSet rs =
            c.createStatement().executeQuery("SELECT name, role, token_sha256 FROM users")) {
      while (rs.next()) {
        assertThat(rs.getString(3)).hasSize(64).isNotEqualTo(operator);
      }
    }
  }
}

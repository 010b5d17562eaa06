package dev.tenableconnector.service.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.RecordedRequest;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.service.TestCertificate;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five checks against the emulator, over real sockets, for success and for each failure. */
class ConnectionTesterTest {
  private static final ApiKeys KEYS =
      new ApiKeys(EmulatorConfig.DEFAULT_ACCESS_KEY, EmulatorConfig.DEFAULT_SECRET_KEY);
  private static final List<String> NAMES =
      List.of(
          ConnectionTester.NETWORK,
          ConnectionTester.TLS,
          ConnectionTester.AUTHENTICATION,
          ConnectionTester.AUTHORIZATION,
          ConnectionTester.DATA_FETCH);

  @TempDir Path dir;

  private final ConnectionTester tester =
      new ConnectionTester(
          ConnectionTester.Options.defaults().withDataFetchBudget(Duration.ofSeconds(20)));

  private static TenableEmulator emulator(UnaryOperator<EmulatorConfig.Builder> setup)
      throws Exception {
    return TenableEmulator.start(
        setup
            .apply(
                EmulatorConfig.builder()
                    .assets(300)
                    .findingsPerAsset(3)
                    .queuedFor(Duration.ofMillis(100))
                    .chunkInterval(Duration.ofMillis(50)))
            .build());
  }

  private static List<CheckStatus> statuses(ConnectionTestResult r) {
    return r.checks().stream().map(CheckResult::status).toList();
  }

  /**
   * An internal service that is not Tenable, answering every path with {@code status} and {@code
   * body}.
   */
  private static com.sun.net.httpserver.HttpServer notTenable(
      int status, String contentType, String body) throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", contentType);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return server;
  }

  @Test
  void whatAServiceThatIsNotTenableAnswersIsNeverRepeated() throws Exception {
    String[][] answers = {
      {"500", "text/plain", "db_password=hunter2-internal; connection pool exhausted"},
      {
        "200",
        "application/json",
        "{\"username\": \"root-operator\", \"token\": \"hunter2-internal\"}"
      },
      {"403", "text/html", "<h1>Forbidden: hunter2-internal gateway</h1>"}
    };
    for (String[] answer : answers) {
      com.sun.net.httpserver.HttpServer server =
          notTenable(Integer.parseInt(answer[0]), answer[1], answer[2]);
      try {
        ConnectionTestResult result =
            tester.test("http://127.0.0.1:" + server.getAddress().getPort(), KEYS, true);

        assertThat(result.passed()).as(answer[0]).isFalse();
        assertThat(result.checks())
            .allSatisfy(
                c -> {
                  assertThat(c.message()).doesNotContain("hunter2").doesNotContain("root-operator");
                  assertThat(c.remedy() == null ? "" : c.remedy()).doesNotContain("hunter2");
                });
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void allFiveChecksPassAgainstAHealthyAccountAndNoExportIsLeftRunning() throws Exception {
    try (TenableEmulator emulator =
        emulator(b -> b.assets(3000).chunkInterval(Duration.ofMillis(100)))) {
      ConnectionTestResult result = tester.test(emulator.baseUrl().toString(), KEYS, true);

      assertThat(result.checks()).extracting(CheckResult::name).containsExactlyElementsOf(NAMES);
      assertThat(statuses(result)).containsOnly(CheckStatus.PASSED);
      assertThat(result.passed()).isTrue();
      assertThat(result.session().username()).isEqualTo("integration@example.com");
      assertThat(result.checks().get(3).message()).contains("Administrator (64)");
      assertThat(result.checks().get(4).message())
          .containsPattern("read 100 asset records from chunk \\d+")
          .endsWith("cancelled it");
      assertThat(result.checks()).allSatisfy(c -> assertThat(c.durationMs()).isNotNegative());

      // the probe export was cancelled: nothing of Test Connection keeps running on Tenable
      List<RecordedRequest> requests = emulator.requests();
      assertThat(requests)
          .filteredOn(r -> r.method().equals("POST") && r.path().equals("/assets/export"))
          .hasSize(1);
      assertThat(requests).filteredOn(r -> r.path().endsWith("/cancel")).hasSize(1);
      assertThat(requests)
          .noneMatch(r -> r.path().startsWith("/vulns/export") && r.method().equals("POST"));
    }
  }

  @Test
  void wrongKeysFailAuthenticationWithTheRemedyAndSkipTheRest() throws Exception {
    try (TenableEmulator emulator = emulator(b -> b)) {
      ConnectionTestResult result =
          tester.test(
              emulator.baseUrl().toString(), new ApiKeys("wrong-access", "wrong-secret"), true);

      assertThat(statuses(result))
          .containsExactly(
              CheckStatus.PASSED,
              CheckStatus.PASSED,
              CheckStatus.FAILED,
              CheckStatus.SKIPPED,
              CheckStatus.SKIPPED);
      CheckResult auth = result.checks().get(2);
      assertThat(auth.message()).contains("401").contains("revoked");
      assertThat(auth.remedy()).contains("API Keys");
      assertThat(result.checks().get(3).message())
          .contains("Authentication credential check failed");
      assertThat(result.passed()).isFalse();
    }
  }

  @Test
  void aReadOnlyRoleFailsAuthorizationNamingTheRoleNeeded() throws Exception {
    try (TenableEmulator emulator = emulator(b -> b.permissions(0))) {
      ConnectionTestResult result = tester.test(emulator.baseUrl().toString(), KEYS, true);

      assertThat(statuses(result))
          .containsExactly(
              CheckStatus.PASSED,
              CheckStatus.PASSED,
              CheckStatus.PASSED,
              CheckStatus.FAILED,
              CheckStatus.SKIPPED);
      assertThat(result.checks().get(3).message()).contains("Read-Only (0)").contains("Basic (16)");
      assertThat(result.checks().get(3).remedy()).contains("Basic (16)");
    }
  }

  @Test
  void aCustomRoleBelowBasicThatCanExportPassesWithAWarningNamingItsValue() throws Exception {
    try (TenableEmulator emulator = emulator(b -> b.permissions(8).customRole(true))) {
      ConnectionTestResult result = tester.test(emulator.baseUrl().toString(), KEYS, true);

      assertThat(statuses(result)).containsOnly(CheckStatus.PASSED);
      assertThat(result.checks().get(3).message())
          .startsWith("warning:")
          .contains("(8)")
          .contains("below Basic (16)")
          .contains("data fetch");
      assertThat(result.passed()).isTrue();
    }
  }

  @Test
  void forbiddenExportsFailAuthorizationSayingWhichExportIsRefused() throws Exception {
    try (TenableEmulator emulator = emulator(b -> b.denyExports(true))) {
      ConnectionTestResult result = tester.test(emulator.baseUrl().toString(), KEYS, true);
      assertThat(statuses(result).get(3)).isEqualTo(CheckStatus.FAILED);
      assertThat(result.checks().get(3).message()).contains("asset exports").contains("403");
      assertThat(result.checks().get(4).status()).isEqualTo(CheckStatus.SKIPPED);
    }
    try (TenableEmulator emulator = emulator(b -> b.fault("list:403:export=vulns:times=0"))) {
      ConnectionTestResult findings = tester.test(emulator.baseUrl().toString(), KEYS, true);
      assertThat(findings.checks().get(3).status()).isEqualTo(CheckStatus.FAILED);
      assertThat(findings.checks().get(3).message())
          .contains("vulnerability exports (HTTP 403")
          .contains("asset exports are allowed");
      assertThat(findings.checks().get(3).remedy()).contains("export vulnerabilities");

      ConnectionTestResult assetsOnly = tester.test(emulator.baseUrl().toString(), KEYS, false);
      assertThat(assetsOnly.passed()).isTrue();
    }
  }

  @Test
  void aClosedPortFailsNetworkReachability() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ConnectionTestResult result = tester.test("https://127.0.0.1:" + port, KEYS, true);
    assertThat(statuses(result))
        .containsExactly(
            CheckStatus.FAILED,
            CheckStatus.SKIPPED,
            CheckStatus.SKIPPED,
            CheckStatus.SKIPPED,
            CheckStatus.SKIPPED);
    assertThat(result.checks().get(0).message()).contains("refused");
    assertThat(result.checks().get(0).remedy()).isNotBlank();
  }

  @Test
  void aNameThatDoesNotResolveFailsNetworkReachability() {
    ConnectionTestResult result = tester.test("https://no-such-host.invalid", KEYS, true);
    assertThat(result.checks().get(0).status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.checks().get(0).message()).contains("DNS lookup of no-such-host.invalid");
  }

  @Test
  void aSelfSignedCertificateFailsTheTlsHandshake() throws Exception {
    TestCertificate cert = TestCertificate.create(dir, "ip:127.0.0.1");
    try (TenableEmulator emulator =
        TenableEmulator.start(EmulatorConfig.builder().assets(50).build(), cert.server())) {
      assertThat(emulator.baseUrl().getScheme()).isEqualTo("https");
      ConnectionTestResult result = tester.test(emulator.baseUrl().toString(), KEYS, true);

      assertThat(statuses(result))
          .containsExactly(
              CheckStatus.PASSED,
              CheckStatus.FAILED,
              CheckStatus.SKIPPED,
              CheckStatus.SKIPPED,
              CheckStatus.SKIPPED);
      assertThat(result.checks().get(1).message()).contains("not trusted").contains("self-signed");
      assertThat(result.checks().get(1).remedy()).contains("trust");
      assertThat(emulator.requests())
          .as("no request (and so no key) was sent over the untrusted TLS")
          .isEmpty();
    }
  }

  @Test
  void aCertificateForAnotherHostFailsTheTlsHandshake() throws Exception {
    TestCertificate cert = TestCertificate.create(dir, "dns:tenable.example");
    ConnectionTester trusting =
        new ConnectionTester(
            ConnectionTester.Options.defaults().withSslContext(cert.trustingClient()));
    try (TenableEmulator emulator =
        TenableEmulator.start(EmulatorConfig.builder().assets(50).build(), cert.server())) {
      ConnectionTestResult result = trusting.test(emulator.baseUrl().toString(), KEYS, true);
      assertThat(result.checks().get(1).status()).isEqualTo(CheckStatus.FAILED);
      assertThat(result.checks().get(1).message()).contains("not valid for 127.0.0.1");
    }
  }

  @Test
  void aTrustedCertificatePassesAllFiveChecksOverHttps() throws Exception {
    TestCertificate cert = TestCertificate.create(dir, "ip:127.0.0.1");
    ConnectionTester trusting =
        new ConnectionTester(
            ConnectionTester.Options.defaults()
                .withSslContext(cert.trustingClient())
                .withDataFetchBudget(Duration.ofSeconds(20)));
    try (TenableEmulator emulator =
        TenableEmulator.start(
            EmulatorConfig.builder().assets(150).queuedFor(Duration.ofMillis(100)).build(),
            cert.server())) {
      ConnectionTestResult result = trusting.test(emulator.baseUrl().toString(), KEYS, true);
      assertThat(statuses(result)).containsOnly(CheckStatus.PASSED);
      assertThat(result.checks().get(1).message()).contains("TLSv1.3").contains("CN=test-tenable");
    }
  }

  @Test
  void anEmptyAccountPassesTheDataFetchButSaysNothingCanBeImported() throws Exception {
    try (TenableEmulator emulator = emulator(b -> b.assets(0))) {
      ConnectionTestResult result = tester.test(emulator.baseUrl().toString(), KEYS, true);
      assertThat(result.checks().get(4).status()).isEqualTo(CheckStatus.PASSED);
      assertThat(result.checks().get(4).message()).contains("found no assets");
    }
  }

  @Test
  void aDataFetchThatNeverGetsAChunkFailsWithinItsBudgetAndCancelsTheExport() throws Exception {
    ConnectionTester impatient =
        new ConnectionTester(
            ConnectionTester.Options.defaults().withDataFetchBudget(Duration.ofSeconds(1)));
    try (TenableEmulator emulator = emulator(b -> b.queuedFor(Duration.ofMinutes(5)))) {
      ConnectionTestResult result = impatient.test(emulator.baseUrl().toString(), KEYS, true);
      assertThat(result.checks().get(4).status()).isEqualTo(CheckStatus.FAILED);
      assertThat(result.checks().get(4).message()).contains("within 1 s");
      assertThat(emulator.requests()).anyMatch(r -> r.path().endsWith("/cancel"));
    }
  }

  @Test
  void anApiWithoutTheExportJobListsStillPassesWhenTheDataFetchWorks() throws Exception {
    try (TenableEmulator emulator = emulator(b -> b.fault("list:404:times=0"))) {
      ConnectionTestResult result = tester.test(emulator.baseUrl().toString(), KEYS, true);
      assertThat(statuses(result)).containsOnly(CheckStatus.PASSED);
      assertThat(result.checks().get(3).message()).contains("not available (HTTP 404)");
    }
  }

  @Test
  void exportsRefusedWithoutAJobListFailTheDataFetchWithThePermissionRemedy() throws Exception {
    try (TenableEmulator emulator =
        emulator(b -> b.fault("list:404:times=0").fault("start:403:times=0"))) {
      ConnectionTestResult result = tester.test(emulator.baseUrl().toString(), KEYS, true);
      assertThat(result.checks().get(3).status()).isEqualTo(CheckStatus.PASSED);
      assertThat(result.checks().get(4).status()).isEqualTo(CheckStatus.FAILED);
      assertThat(result.checks().get(4).message()).contains("403");
      assertThat(result.checks().get(4).remedy()).contains("Basic (16)");
    }
  }
}

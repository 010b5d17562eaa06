package dev.tenableconnector.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.EmulatorFixture;
import dev.tenableconnector.client.RecordingSleeper;
import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.model.Role;
import dev.tenableconnector.client.model.TenableSession;
import dev.tenableconnector.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The response-to-outcome table, end to end over HTTP against the emulator. */
class TransportRetryTest {

  @Test
  void shouldSendKeysUserAgentAndAcceptGzipOnEveryCall() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> {})) {
      TenableSession session = f.client.session();

      assertThat(session.permissions()).isEqualTo(64);
      assertThat(session.role()).isEqualTo(Role.ADMINISTRATOR);
      RecordedRequest request = f.requests("GET", "/session").get(0);
      assertThat(request.authenticated()).isTrue();
      assertThat(request.header("User-Agent"))
          .matches("Integration/1\\.0 \\(tenable-connector; tenable-connector; Build/[^)]+\\)");
      assertThat(request.header("Accept-Encoding")).contains("gzip");
      assertThat(request.header("X-Tio-Retry-Count")).isNull();
    }
  }

  @Test
  void shouldFailAtOnceWithAuthenticationErrorOn401() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.keys("right", "keys"),
            c -> c.keys(new ApiKeys("wrong", "secret-that-must-not-leak")))) {
      assertThatThrownBy(f.client::session)
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> {
                assertThat(e.error()).isEqualTo(TenableError.AUTHENTICATION);
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(e.requestUuid()).isPresent();
                assertThat(e.remedy()).contains("revoked or regenerated");
                assertThat(e.getMessage()).doesNotContain("secret-that-must-not-leak");
              });
      assertThat(f.requests("GET", "/session")).hasSize(1);
      assertThat(f.sleeper.waits()).isEmpty();
    }
  }

  @Test
  void shouldFailAtOnceWithPermissionErrorOn403() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.permissions(0))) {
      assertThatThrownBy(
              () -> f.client.listExports(dev.tenableconnector.client.export.ExportKind.VULNS))
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> {
                assertThat(e.error()).isEqualTo(TenableError.PERMISSION);
                assertThat(e.remedy()).contains("Basic (16)");
              });
      assertThat(f.requests("GET", "/vulns/export/status")).hasSize(1);
      assertThat(f.sleeper.waits()).isEmpty();
    }
  }

  @Test
  void shouldWaitRetryAfterSecondsWhenRateLimited() {
    try (EmulatorFixture f =
        EmulatorFixture.start(e -> e.fault("session:429:retry-after=7:times=2"))) {
      f.client.session();

      assertThat(f.sleeper.waits()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
      List<RecordedRequest> sent = f.requests("GET", "/session");
      assertThat(sent).extracting(RecordedRequest::status).containsExactly(429, 429, 200);
      assertThat(sent.get(2).header("X-Tio-Retry-Count")).isEqualTo("2");
      assertThat(f.client.stats().rateLimited()).isEqualTo(2);
    }
  }

  @Test
  void shouldWaitUntilRetryAfterDateWhenRateLimited() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("session:429:retry-after=date"))) {
      f.client.session();

      assertThat(f.sleeper.waits()).hasSize(1);
      assertThat(f.sleeper.waits().get(0)).isBetween(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void shouldBackOffWhenRateLimitedWithoutRetryAfter() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("session:429:retry-after=none"))) {
      f.client.session();

      assertThat(f.sleeper.waits())
          .singleElement()
          .satisfies(d -> assertThat(d.toMillis()).isBetween(750L, 1250L));
    }
  }

  @ParameterizedTest(name = "HTTP {0} is retried")
  @ValueSource(ints = {500, 502, 503, 504})
  void shouldRetryServerErrorsWithGrowingBackoff(int status) {
    try (EmulatorFixture f =
        EmulatorFixture.start(e -> e.fault("session:" + status + ":times=3"))) {
      f.client.session();

      List<Duration> waits = f.sleeper.waits();
      assertThat(waits).hasSize(3);
      assertThat(waits.get(0).toMillis()).isBetween(750L, 1250L);
      assertThat(waits.get(1).toMillis()).isBetween(1500L, 2500L);
      assertThat(waits.get(2).toMillis()).isBetween(3000L, 5000L);
      assertThat(f.requests("GET", "/session"))
          .extracting(RecordedRequest::status)
          .containsExactly(status, status, status, 200);
    }
  }

  @Test
  void shouldFailAtOnceWhenNothingListensAtTheUrlOnTheFirstContact() throws Exception {
    int closed;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    RecordingSleeper sleeper = new RecordingSleeper();
    try (dev.tenableconnector.client.TenableClient client =
        new dev.tenableconnector.client.TenableClient(
            dev.tenableconnector.client.TenableClientConfig.builder()
                .baseUrl(java.net.URI.create("http://127.0.0.1:" + closed))
                .keys(new ApiKeys("access-key", "secret-key"))
                .sleeper(sleeper)
                .build())) {
      assertThatThrownBy(client::session)
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> {
                assertThat(e.error()).isEqualTo(TenableError.NETWORK);
                assertThat(e.getMessage())
                    .contains("the connection was refused")
                    .contains(":" + closed);
                assertThat(e.remedy()).contains("host and port");
              });
      assertThat(sleeper.waits()).as("no retry can make something listen there").isEmpty();
    }
  }

  @Test
  void shouldKeepRetryingARefusedConnectionOnceTenableHasAnswered() throws Exception {
    try (EmulatorFixture f = EmulatorFixture.start(e -> {})) {
      f.client.session();
      int port = f.emulator.port();
      f.emulator.close();
      java.util.concurrent.CompletableFuture<Object> later =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return f.client.session();
                } catch (TenableApiException e) {
                  return e;
                }
              });
      Object outcome = later.get(60, java.util.concurrent.TimeUnit.SECONDS);

      assertThat(outcome).isInstanceOf(TenableApiException.class);
      assertThat(f.sleeper.waits()).as("a drop after Tenable answered is ridden out").isNotEmpty();
      assertThat(port).isPositive();
    }
  }

  @Test
  void shouldRetryDroppedConnections() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("session:drop:times=2"))) {
      TenableSession session = f.client.session();

      assertThat(session.username()).isNotBlank();
      // The JDK client itself retries a GET once when the connection closes before a response;
      // the transport's own retry covers the rest.
      assertThat(f.requests("GET", "/session")).hasSize(3);
      assertThat(f.sleeper.waits()).isNotEmpty();
    }
  }

  @Test
  void shouldGiveUpAfterTheLastAttemptWithTheLastStatus() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("session:503:times=0"))) {
      assertThatThrownBy(f.client::session)
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> {
                assertThat(e.error()).isEqualTo(TenableError.SERVER_ERROR);
                assertThat(e.httpStatus()).isEqualTo(503);
              });
      assertThat(f.requests("GET", "/session")).hasSize(5);
      assertThat(f.sleeper.waits()).hasSize(4);
    }
  }

  @Test
  void shouldGiveUpAtOnceOnceTheCallerStopsRetrying() {
    java.util.concurrent.atomic.AtomicReference<dev.tenableconnector.client.TenableClient> client =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicInteger waits =
        new java.util.concurrent.atomic.AtomicInteger();
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.fault("session:503:times=0"),
            c ->
                c.retryPolicy(RetryPolicy.defaults().withMaxAttempts(1000))
                    .sleeper(
                        wait -> {
                          if (waits.incrementAndGet() == 3) {
                            client.get().stopRetrying(); // as a cancel from another thread would
                          }
                        }))) {
      client.set(f.client);
      assertThatThrownBy(f.client::session)
          .isInstanceOfSatisfying(
              TenableApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
      assertThat(f.requests("GET", "/session")).as("none after the third wait").hasSize(3);

      f.emulator.clearRequests();
      assertThatThrownBy(f.client::session).isInstanceOf(TenableApiException.class);
      assertThat(f.requests("GET", "/session")).as("a later call is tried once").hasSize(1);
      assertThat(waits).hasValue(3);
    }
  }

  @Test
  void shouldStopRetryingWhenTheNextBackoffWouldPassTheDeadline() {
    try (EmulatorFixture f =
        EmulatorFixture.start(
            e -> e.fault("session:503:times=0"),
            c ->
                c.retryPolicy(
                    RetryPolicy.defaults()
                        .withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10))
                        .withDeadline(Duration.ofSeconds(5))))) {
      assertThatThrownBy(f.client::session)
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> assertThat(e.error()).isEqualTo(TenableError.SERVER_ERROR));
      assertThat(f.requests("GET", "/session")).hasSize(1);
      assertThat(f.sleeper.waits()).isEmpty();
    }
  }

  @Test
  void shouldGiveUpWithoutWaitingWhenRetryAfterPassesTheDeadline() {
    try (EmulatorFixture f =
        EmulatorFixture.start(e -> e.fault("session:429:retry-after=3600:times=0"))) {
      assertThatThrownBy(f.client::session)
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> assertThat(e.error()).isEqualTo(TenableError.RATE_LIMITED));
      assertThat(f.sleeper.waits()).isEmpty();
    }
  }

  @Test
  void shouldFailAtOnceOnStatusesOutsideTheTable() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("session:501"))) {
      assertThatThrownBy(f.client::session)
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> {
                assertThat(e.error()).isEqualTo(TenableError.UNEXPECTED_RESPONSE);
                assertThat(e.httpStatus()).isEqualTo(501);
              });
      assertThat(f.requests("GET", "/session")).hasSize(1);
      assertThat(f.sleeper.waits()).isEmpty();
    }
  }

  @Test
  void shouldNotRetryOtherClientErrors() {
    try (EmulatorFixture f = EmulatorFixture.start(e -> e.fault("session:400"))) {
      assertThatThrownBy(f.client::session)
          .isInstanceOfSatisfying(
              TenableApiException.class,
              e -> assertThat(e.error()).isEqualTo(TenableError.BAD_REQUEST));
      assertThat(f.requests("GET", "/session")).hasSize(1);
    }
  }
}

package dev.tenableconnector.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.client.export.ExportOptions;
import dev.tenableconnector.client.http.RetryPolicy;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.SqliteInventoryStore;
import dev.tenableconnector.service.api.AdminToken;
import dev.tenableconnector.service.check.ConnectionTester;
import dev.tenableconnector.service.registry.ConnectorRegistry;
import dev.tenableconnector.service.schedule.TenableClients;
import dev.tenableconnector.service.secrets.MasterKey;
import dev.tenableconnector.testsupport.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The service over a SQLite file in a temp directory, with the API on a free port and a known admin
 * token; the scheduler ticks only when the test says (its clock is the test's). Restarting reopens
 * the same file, as a service restart does.
 */
public final class ServiceFixture implements AutoCloseable {
  public static final String TOKEN = "test-admin-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  public final Path dir;
  public final ManualClock clock;
  private final HttpClient http = HttpClient.newHttpClient();
  public ConnectorService service;

  private final java.util.function.Supplier<InventoryStore> stores;

  /** Reverse proxies the service trusts; a test may set them before {@link #restart}. */
  public java.util.Set<String> trustedProxies = java.util.Set.of();

  /** Single sign-on the service offers (set before {@link #restart()}); null: none. */
  public dev.tenableconnector.service.access.OidcSettings oidc;

  /** The service's limit on one inventory query; a test may shorten it before {@link #start}. */
  public Duration queryTimeout = Duration.ofSeconds(30);

  /** How the connectors' clients retry Tenable; a test may change it before {@link #start}. */
  public RetryPolicy retryPolicy =
      RetryPolicy.defaults()
          .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
          .withDeadline(Duration.ofSeconds(5));

  /** Retrying for minutes, as against a real outage: a run then waits until it is cancelled. */
  public static RetryPolicy patientRetries() {
    return RetryPolicy.defaults()
        .withMaxAttempts(100_000)
        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
        .withDeadline(Duration.ofMinutes(3));
  }

  public ServiceFixture(Path dir, ManualClock clock) {
    this(dir, clock, null);
  }

  /** A service over the stores {@code stores} opens (null: a SQLite file in {@code dir}). */
  public ServiceFixture(
      Path dir, ManualClock clock, java.util.function.Supplier<InventoryStore> stores) {
    this.dir = dir;
    this.clock = clock;
    this.stores = stores != null ? stores : () -> SqliteInventoryStore.open(db());
    start();
  }

  public Path db() {
    return dir.resolve("inventory.db");
  }

  public void start() {
    InventoryStore store = stores.get();
    MasterKey key = MasterKey.fromFile(dir.resolve("inventory.master-key"));
    AdminToken token =
        AdminToken.resolve(Map.of(AdminToken.ENV, TOKEN), ConnectorRegistry.in(store), false);
    ConnectionTester tester =
        new ConnectionTester(
            ConnectionTester.Options.defaults().withDataFetchBudget(Duration.ofSeconds(20)));
    TenableClients clients =
        (url, keys, settings) ->
            new TenableClient(
                TenableClientConfig.builder()
                    .baseUrl(url)
                    .keys(keys)
                    .retryPolicy(retryPolicy)
                    .exportOptions(
                        ExportOptions.defaults()
                            .withPolling(Duration.ofMillis(100), Duration.ofMillis(300)))
                    .build());
    service =
        ConnectorService.start(
            new ConnectorService.Settings(
                store,
                key,
                token,
                "127.0.0.1",
                0,
                2,
                tester,
                clients,
                Clock.systemUTC(),
                clock,
                false,
                java.util.Set.of(),
                queryTimeout,
                null,
                trustedProxies,
                oidc));
  }

  public void restart() {
    service.close();
    start();
  }

  public record Response(int status, JsonNode json, String body) {}

  public Response call(String method, String path, String body) throws Exception {
    return call(method, path, body, TOKEN);
  }

  public Response call(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
            .timeout(Duration.ofSeconds(90))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    try {
      json = r.body().isEmpty() ? null : JSON.readTree(r.body());
    } catch (Exception e) {
      // not JSON (metrics)
    }
    // Every answer a test receives is also held to openapi.json.
    dev.tenableconnector.service.api.OpenApiContract.check(
        method, path, r.statusCode(), r.headers().firstValue("content-type").orElse(null), json);
    return new Response(r.statusCode(), json, r.body());
  }

  /** Waits until the connector leaves SCHEDULED/PROCESSING; returns its JSON. */
  public JsonNode awaitIdle(String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode c = call("GET", "/api/connectors/" + id, null).json();
      String state = c.path("state").asText();
      if (!state.equals("SCHEDULED")
          && !state.equals("PROCESSING")
          && !service.scheduler().busy(id)) {
        return c;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("connector " + id + " still running after 90 s");
  }

  public static Clock systemClock() {
    return Clock.systemUTC();
  }

  @Override
  public void close() {
    service.close();
  }
}

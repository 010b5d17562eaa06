package dev.tenableconnector.service;

import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.service.api.AdminToken;
import dev.tenableconnector.service.api.ApiServer;
import dev.tenableconnector.service.check.ConnectionTester;
import dev.tenableconnector.service.connector.Connectors;
import dev.tenableconnector.service.metrics.ServiceMetrics;
import dev.tenableconnector.service.schedule.ConnectorRunner;
import dev.tenableconnector.service.schedule.ConnectorScheduler;
import dev.tenableconnector.service.schedule.LiveRuns;
import dev.tenableconnector.service.schedule.TenableClients;
import dev.tenableconnector.service.secrets.MasterKey;
import dev.tenableconnector.service.secrets.SecretBox;
import java.time.Clock;

/**
 * The long-running service assembled: the inventory store, the connectors with their encrypted
 * keys, the scheduler and its run workers, and the HTTP API. Closing it stops the API, gives runs
 * in progress 10 s to end (those that do not resume at the next start) and closes the store.
 */
public final class ConnectorService implements AutoCloseable {
  /**
   * Everything the service is built from. Tests substitute the tester, the clients and the
   * scheduler's clock (which decides when runs are due; runs themselves keep real time).
   */
  /**
   * @param allowedHosts host names (besides the loopback names and the bind address) that requests
   *     may name in {@code Host}
   * @param queryTimeout how long one inventory query of the API may run (an export: between rows)
   * @param tls the PEM files to serve HTTPS with; null for plain HTTP (loopback, or a reverse
   *     proxy)
   */
  public record Settings(
      InventoryStore store,
      MasterKey masterKey,
      AdminToken token,
      String bind,
      int port,
      int workers,
      ConnectionTester tester,
      TenableClients clients,
      Clock clock,
      Clock schedulerClock,
      boolean scheduling,
      java.util.Set<String> allowedHosts,
      java.time.Duration queryTimeout,
      dev.tenableconnector.service.api.TlsFiles tls,
      java.util.Set<String> trustedProxies,
      dev.tenableconnector.service.access.OidcSettings oidc) {}

  private final InventoryStore store;
  private final Connectors connectors;
  private final ConnectorScheduler scheduler;
  private final ApiServer api;

  private ConnectorService(Settings s) {
    this.store = s.store();
    this.connectors =
        new Connectors(s.store(), new SecretBox(s.masterKey()), s.tester(), s.clock());
    ServiceMetrics metrics = new ServiceMetrics();
    LiveRuns live = new LiveRuns(s.clock());
    ConnectorRunner runner = new ConnectorRunner(connectors, s.clients(), metrics, live, s.clock());
    this.scheduler = new ConnectorScheduler(connectors, runner, s.schedulerClock(), s.workers());
    this.api =
        new ApiServer(
            connectors,
            scheduler,
            live,
            metrics,
            s.token(),
            ApiServer.allowedHosts(s.bind(), s.allowedHosts()),
            s.queryTimeout(),
            s.tls(),
            s.trustedProxies(),
            s.oidc());
  }

  public static ConnectorService start(Settings settings) {
    ConnectorService service = new ConnectorService(settings);
    if (settings.scheduling()) {
      service.scheduler.start();
    }
    service.api.start(settings.bind(), settings.port());
    return service;
  }

  public int port() {
    return api.port();
  }

  public Connectors connectors() {
    return connectors;
  }

  public ConnectorScheduler scheduler() {
    return scheduler;
  }

  public ApiServer api() {
    return api;
  }

  @Override
  public void close() {
    close(java.time.Duration.ofSeconds(10));
  }

  /**
   * Stops the API, waits up to {@code grace} for runs in progress, and closes the store if none is
   * left.
   */
  public void close(java.time.Duration grace) {
    // A slow query would hold the HTTP server's stop until it ended: stop the queries first.
    store.stopQueries("the service is stopping");
    api.close();
    if (scheduler.close(grace.toSeconds())) {
      store.close();
    }
    // else a run is still writing: the process is exiting, and the run resumes at the next start
  }
}

package dev.tenableconnector.app;

import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import dev.tenableconnector.core.store.StoreException;
import dev.tenableconnector.service.ConnectorService;
import dev.tenableconnector.service.api.AdminToken;
import dev.tenableconnector.service.check.ConnectionTester;
import dev.tenableconnector.service.connector.Connectors;
import dev.tenableconnector.service.registry.ConnectorRegistry;
import dev.tenableconnector.service.schedule.TenableClients;
import dev.tenableconnector.service.secrets.MasterKey;
import dev.tenableconnector.service.secrets.SecretBox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Starts the connector service: HTTP API and scheduler over one inventory database. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {
      "Runs the connector service: managed connectors with Test Connection, schedules and"
          + " states, and the HTTP API (see docs/service.md; OpenAPI at /openapi.json).",
      "Requests need Authorization: Bearer <token>: $TENABLE_CONNECTOR_ADMIN_TOKEN, or a token generated"
          + " and printed once at first start.",
      "Connector keys are encrypted with the master key: $TENABLE_CONNECTOR_MASTER_KEY (base64 of 32"
          + " bytes), or --master-key-file, created owner-only at first start."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin InventoryOption inventory;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
  String bind;

  @Option(
      names = "--allowed-host",
      paramLabel = "NAME",
      description =
          "A host name clients reach the service by (repeatable), e.g. the reverse proxy's."
              + " Requests naming another Host get 421 (against DNS rebinding); the loopback names and the"
              + " --bind address are always allowed.")
  java.util.List<String> allowedHosts = new java.util.ArrayList<>();

  @Option(
      names = "--master-key-file",
      paramLabel = "FILE",
      description = "Master key file (default: <db>.master-key beside the database).")
  Path masterKeyFile;

  @Option(
      names = "--workers",
      defaultValue = "2",
      description = "Runs of different connectors at once (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--stop-timeout",
      defaultValue = "10s",
      description =
          "On SIGTERM, how long to let runs in progress finish; the rest resume at the next start"
              + " (default: ${DEFAULT-VALUE}).")
  java.time.Duration stopTimeout;

  @Option(
      names = "--query-timeout",
      defaultValue = "30s",
      description =
          "How long one inventory query of the API or the web UI may run before it is stopped"
              + " with 422 QUERY_TIMEOUT; a download may take this long between two records (1s-1h; default:"
              + " ${DEFAULT-VALUE}).")
  java.time.Duration queryTimeout;

  @Option(
      names = "--tls-certificate",
      paramLabel = "FILE",
      description =
          "Serve HTTPS only, with this PEM certificate chain (the server's first) and --tls-key;"
              + " answers then carry HSTS. Without them: plain HTTP (TLS at a reverse proxy).")
  Path tlsCertificate;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The unencrypted PKCS#8 PEM private key of --tls-certificate.")
  Path tlsKey;

  @Option(
      names = "--trusted-proxy",
      paramLabel = "ADDRESS",
      description =
          "The address of a reverse proxy in front (repeatable): for its requests the client is"
              + " the right-most X-Forwarded-For address that is not a trusted proxy (the"
              + " wrong-token limit and the audit log key on it); X-Forwarded-For from anyone else"
              + " is ignored.")
  java.util.List<String> trustedProxies = new java.util.ArrayList<>();

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Single sign-on (OpenID Connect):%n")
  OidcOptions oidcOptions = new OidcOptions();

  @Option(
      names = "--rotate-admin-token",
      description = "Generate and print a new admin token; the old one stops working.")
  boolean rotateToken;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    java.util.List<String> problems = new java.util.ArrayList<>();
    if (workers < 1 || workers > 16) {
      problems.add("--workers must be 1-16, not " + workers);
    }
    if (queryTimeout.compareTo(java.time.Duration.ofSeconds(1)) < 0
        || queryTimeout.compareTo(java.time.Duration.ofHours(1)) > 0) {
      problems.add(
          "--query-timeout must be 1s-1h, not "
              + queryTimeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    }
    if ((tlsCertificate == null) != (tlsKey == null)) {
      problems.add("--tls-certificate and --tls-key go together");
    }
    if (tlsCertificate != null && tlsKey != null) {
      try {
        new dev.tenableconnector.service.api.TlsFiles(tlsCertificate, tlsKey)
            .keyStore("check".toCharArray());
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    dev.tenableconnector.service.access.OidcSettings oidc =
        oidcOptions.settings(System.getenv(), problems);
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println("serve: " + p));
      return ExitCodes.USAGE;
    }
    if (System.getenv("TENABLE_CONNECTOR_LOG_LEVEL") == null) {
      // A service's log is its history: runs, schedules and edits at INFO unless told otherwise.
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.tenableconnector"))
          .setLevel(ch.qos.logback.classic.Level.INFO);
    }
    Path keyFile =
        masterKeyFile != null
            ? masterKeyFile
            : InventoryStores.siblingOf(inventory.db, ".master-key");
    if (keyFile == null && System.getenv(MasterKey.ENV) == null) {
      err.println(
          "serve: with a PostgreSQL inventory, give the master key as $"
              + MasterKey.ENV
              + " or --master-key-file (shared by every instance)");
      return ExitCodes.USAGE;
    }
    InventoryStore store;
    MasterKey masterKey;
    AdminToken token;
    try {
      store = InventoryStores.open(inventory.db, System.getenv());
    } catch (IllegalArgumentException | StoreException | java.io.UncheckedIOException e) {
      err.println("serve: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    try {
      masterKey =
          MasterKey.resolve(
              System.getenv(), keyFile, Connectors.holdsSealedSecrets(ConnectorRegistry.in(store)));
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      store.close();
      err.println("serve: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    try {
      token = AdminToken.resolve(System.getenv(), ConnectorRegistry.in(store), rotateToken);
    } catch (IllegalArgumentException e) {
      store.close();
      err.println("serve: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    ConnectorService service;
    try {
      service =
          ConnectorService.start(
              new ConnectorService.Settings(
                  store,
                  masterKey,
                  token,
                  bind,
                  port,
                  workers,
                  new ConnectionTester(ConnectionTester.Options.defaults()),
                  TenableClients.standard(),
                  Clock.systemUTC(),
                  Clock.systemUTC(),
                  true,
                  java.util.Set.copyOf(allowedHosts),
                  queryTimeout,
                  tlsCertificate == null
                      ? null
                      : new dev.tenableconnector.service.api.TlsFiles(tlsCertificate, tlsKey),
                  java.util.Set.copyOf(trustedProxies),
                  oidc));
    } catch (SecretBox.WrongMasterKeyException e) {
      store.close();
      err.println("serve: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (RuntimeException e) {
      store.close();
      err.println("serve: cannot start: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    String host = bind.contains(":") ? "[" + bind + "]" : bind;
    String scheme = tlsCertificate == null ? "http" : "https";
    out.printf(
        "tenable-connector service listening on %s://%s:%d (inventory: %s; master key: %s)%n",
        scheme, host, service.port(), store.describe(), masterKey.origin());
    if (token.generated() != null) {
      out.println(
          "Admin token (shown once, store it now; `serve --rotate-admin-token` makes a new one):");
      out.println("  " + token.generated());
    } else {
      out.println("Admin token: " + token.origin());
    }
    out.printf(
        "Web UI: %s://%s:%d/ui/ (sign in with the admin token)%n", scheme, host, service.port());
    if (dev.tenableconnector.service.api.ApiServer.allowedHosts(
            bind, java.util.Set.copyOf(allowedHosts))
        .isEmpty()) {
      err.println(
          "serve: listening on every interface without --allowed-host: any Host header is"
              + " taken; name the host clients use (--allowed-host) to refuse DNS-rebinding requests");
    }
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close(stopTimeout);
                  stopped.countDown();
                },
                "serve-shutdown"));
    stopped.await();
    return ExitCodes.OK;
  }
}

package dev.tenableconnector.service.check;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.export.AssetExportRequest;
import dev.tenableconnector.client.export.ExportApi;
import dev.tenableconnector.client.export.ExportKind;
import dev.tenableconnector.client.export.ExportState;
import dev.tenableconnector.client.export.ExportStatus;
import dev.tenableconnector.client.http.RetryPolicy;
import dev.tenableconnector.client.model.Role;
import dev.tenableconnector.client.model.TenableSession;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test Connection: the five checks of a connector's setup, in order, each stopping the rest when it
 * fails. Network reachability (DNS, then TCP to the API port), TLS handshake (certificate valid for
 * the host; plain http only to loopback), authentication ({@code GET /session}), authorization
 * (role at least Basic and the export endpoints allowed) and a data fetch: a small asset export of
 * its own, with a filter no sync uses so it never adopts a sync's job, read up to its first chunk
 * and then cancelled so nothing is left running.
 */
public final class ConnectionTester {
  private static final Logger log = LoggerFactory.getLogger(ConnectionTester.class);

  public static final String NETWORK = "Network reachability";
  public static final String TLS = "TLS handshake";
  public static final String AUTHENTICATION = "Authentication credential check";
  public static final String AUTHORIZATION = "Authorization scope check";
  public static final String DATA_FETCH = "Data fetch";

  /** The checks in the order they run; a failed one skips those after it. */
  public static final List<String> CHECKS =
      List.of(NETWORK, TLS, AUTHENTICATION, AUTHORIZATION, DATA_FETCH);

  /** How long each step may take; the data fetch waits longest, for Tenable to build a chunk. */
  public record Options(
      Duration connectTimeout,
      Duration requestTimeout,
      Duration dataFetchBudget,
      SSLContext sslContext) {
    public static Options defaults() {
      return new Options(
          Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(60), null);
    }

    public Options withDataFetchBudget(Duration budget) {
      return new Options(connectTimeout, requestTimeout, budget, sslContext);
    }

    public Options withSslContext(SSLContext context) {
      return new Options(connectTimeout, requestTimeout, dataFetchBudget, context);
    }

    public Options withConnectTimeout(Duration timeout) {
      return new Options(timeout, requestTimeout, dataFetchBudget, sslContext);
    }

    SSLContext ssl() {
      try {
        return sslContext != null ? sslContext : SSLContext.getDefault();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Options options;

  public ConnectionTester(Options options) {
    this.options = options;
  }

  /**
   * Runs the checks against {@code tenableUrl} with the keys. {@code findings} says whether the
   * connector also exports vulnerabilities, so their export permission is checked too.
   */
  public ConnectionTestResult test(String tenableUrl, ApiKeys keys, boolean findings) {
    return test(tenableUrl, keys, findings, check -> {});
  }

  /**
   * As {@link #test(String, ApiKeys, boolean)}, telling {@code onCheck} each check as soon as it
   * has a result, so a person watching sees them arrive one by one.
   */
  public ConnectionTestResult test(
      String tenableUrl,
      ApiKeys keys,
      boolean findings,
      java.util.function.Consumer<CheckResult> onCheck) {
    List<CheckResult> checks =
        new ArrayList<>() {
          @Override
          public boolean add(CheckResult raw) {
            // No message or remedy carries the keys, whatever an exception said.
            CheckResult check =
                new CheckResult(
                    raw.name(),
                    raw.status(),
                    keys.redact(raw.message()),
                    keys.redact(raw.remedy()),
                    raw.durationMs());
            super.add(check);
            onCheck.accept(check);
            return true;
          }
        };
    URI url;
    try {
      url = URI.create(tenableUrl.strip());
      if (url.getHost() == null || url.getScheme() == null) {
        throw new IllegalArgumentException("no host");
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      checks.add(
          new CheckResult(
              NETWORK,
              CheckStatus.FAILED,
              "'" + tenableUrl + "' is not a URL with a host",
              "Use the Tenable VM URL, e.g. https://cloud.tenable.com.",
              0));
      return skipRest(checks, null);
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    boolean tls = scheme.equals("https");
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;

    checks.add(timed(NETWORK, () -> network(url.getHost(), port)));
    if (!checks.get(0).passed()) {
      return skipRest(checks, null);
    }
    checks.add(
        timed(
            TLS, () -> tls ? tlsHandshake(url.getHost(), port) : plainHttp(url.getHost(), scheme)));
    if (!checks.get(1).passed()) {
      return skipRest(checks, null);
    }
    TenableClientConfig config;
    try {
      config =
          TenableClientConfig.builder()
              .baseUrl(url)
              .keys(keys)
              .connectTimeout(options.connectTimeout())
              .requestTimeout(options.requestTimeout())
              .readTimeout(options.requestTimeout())
              .sslContext(options.ssl())
              .retryPolicy(
                  RetryPolicy.defaults()
                      .withMaxAttempts(3)
                      .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(2))
                      .withDeadline(options.requestTimeout()))
              .build();
    } catch (IllegalArgumentException e) {
      checks.add(
          new CheckResult(
              AUTHENTICATION,
              CheckStatus.FAILED,
              e.getMessage(),
              "Correct the Tenable URL and keys.",
              0));
      return skipRest(checks, null);
    }
    try (TenableClient client = new TenableClient(config)) {
      TenableSession[] session = new TenableSession[1];
      checks.add(timed(AUTHENTICATION, () -> authenticate(client, session)));
      if (!checks.get(2).passed()) {
        return skipRest(checks, null);
      }
      checks.add(timed(AUTHORIZATION, () -> authorize(client, session[0], findings)));
      if (!checks.get(3).passed()) {
        return skipRest(checks, session[0]);
      }
      checks.add(timed(DATA_FETCH, () -> dataFetch(client)));
      return new ConnectionTestResult(List.copyOf(checks), session[0]);
    }
  }

  // ---- 1. network ----

  private Outcome network(String host, int port) {
    InetAddress[] addresses;
    try {
      addresses =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return InetAddress.getAllByName(host);
                    } catch (UnknownHostException e) {
                      throw new java.util.concurrent.CompletionException(e);
                    }
                  })
              .get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Outcome.failed(
          "DNS lookup of "
              + host
              + " did not answer within "
              + options.connectTimeout().toSeconds()
              + " s",
          "Check the DNS servers of this host, or the proxy settings.");
    } catch (ExecutionException e) {
      return Outcome.failed(
          "DNS lookup of " + host + " failed: the name does not resolve",
          "Check the spelling of the Tenable URL (the cloud is https://cloud.tenable.com) and this host's DNS.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted", "Run the test again.");
    }
    List<String> tried = new ArrayList<>();
    IOException last = null;
    for (InetAddress address : addresses) {
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(address, port), (int) options.connectTimeout().toMillis());
        return Outcome.passed(
            host + " resolves to " + address.getHostAddress() + "; TCP port " + port + " is open");
      } catch (IOException e) {
        tried.add(address.getHostAddress());
        last = e;
      }
    }
    String addressList = String.join(", ", tried);
    if (last instanceof SocketTimeoutException) {
      return Outcome.failed(
          "TCP port "
              + port
              + " of "
              + host
              + " ("
              + addressList
              + ") did not answer within "
              + options.connectTimeout().toSeconds()
              + " s",
          "A firewall may be dropping the traffic: allow outbound HTTPS from this host to "
              + host
              + ":"
              + port
              + ".");
    }
    if (last instanceof ConnectException) {
      return Outcome.failed(
          "TCP port " + port + " of " + host + " (" + addressList + ") refused the connection",
          "Nothing listens on that port: check the port in the Tenable URL.");
    }
    if (last instanceof NoRouteToHostException) {
      return Outcome.failed(
          "no route to " + host + " (" + addressList + ")",
          "Check this host's network and routing to " + host + ".");
    }
    return Outcome.failed(
        "cannot connect to " + host + ":" + port + ": " + last,
        "Check the network path from this host to " + host + ".");
  }

  // ---- 2. TLS ----

  private Outcome plainHttp(String host, String scheme) {
    if (!scheme.equals("http")) {
      return Outcome.failed(
          "the URL scheme must be https, not " + scheme, "Use an https:// Tenable URL.");
    }
    if (TenableClientConfig.isLoopbackHost(host)) {
      return Outcome.passed(
          "plain http to a loopback address ("
              + host
              + "): no TLS on this hop;"
              + " allowed only for loopback, such as the emulator or a local forwarder");
    }
    return Outcome.failed(
        "plain http to "
            + host
            + " would send the API keys unencrypted; it is allowed"
            + " only for loopback addresses",
        "Use https:// for " + host + ".");
  }

  private Outcome tlsHandshake(String host, int port) {
    SSLContext context = options.ssl();
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(host, port), (int) options.connectTimeout().toMillis());
      raw.setSoTimeout((int) options.requestTimeout().toMillis());
      try (SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, false)) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
          parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        var session = socket.getSession();
        String detail = session.getProtocol();
        if (session.getPeerCertificates().length > 0
            && session.getPeerCertificates()[0] instanceof X509Certificate cert) {
          detail +=
              "; certificate "
                  + cert.getSubjectX500Principal().getName()
                  + ", issued by "
                  + cert.getIssuerX500Principal().getName()
                  + ", valid until "
                  + cert.getNotAfter().toInstant();
        }
        return Outcome.passed("TLS handshake with " + host + " succeeded: " + detail);
      }
    } catch (SSLHandshakeException e) {
      return tlsFailure(host, e);
    } catch (SSLException e) {
      return Outcome.failed(
          "TLS with " + host + ":" + port + " failed: " + e.getMessage(),
          "The port may not speak TLS (is the URL's scheme right?), or a proxy is interfering.");
    } catch (IOException e) {
      return Outcome.failed(
          "TLS handshake with " + host + ":" + port + " failed: " + e,
          "Check that the port serves HTTPS.");
    }
  }

  private static Outcome tlsFailure(String host, SSLHandshakeException e) {
    String chain = describeChain(e);
    if (hasCause(e, CertificateExpiredException.class)
        || hasCause(e, CertificateNotYetValidException.class)) {
      return Outcome.failed(
          "the certificate of " + host + " is expired or not yet valid (" + chain + ")",
          "Check this host's clock; if it is right, the server's certificate must be renewed.");
    }
    if (chain.contains("No subject alternative") || chain.contains("No name matching")) {
      return Outcome.failed(
          "the certificate presented is not valid for " + host + " (" + chain + ")",
          "Use the host name the certificate is issued for, or check that no proxy is intercepting the connection.");
    }
    if (chain.contains("PKIX") || chain.contains("unable to find valid certification path")) {
      return Outcome.failed(
          "the certificate of "
              + host
              + " is not trusted: it is self-signed or issued by an"
              + " unknown authority ("
              + chain
              + ")",
          "If a corporate TLS proxy re-signs traffic, add its CA to the Java trust store"
              + " (-Djavax.net.ssl.trustStore=...); otherwise check that the URL points at Tenable.");
    }
    return Outcome.failed(
        "the TLS handshake with " + host + " failed (" + chain + ")",
        "Check the TLS settings of any proxy between this host and Tenable.");
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String describeChain(Throwable t) {
    List<String> parts = new ArrayList<>();
    for (Throwable c = t; c != null && parts.size() < 4; c = c.getCause()) {
      String message = c.getMessage();
      if (message != null && parts.stream().noneMatch(p -> p.contains(message))) {
        parts.add(message);
      }
    }
    return String.join(" <- ", parts);
  }

  /**
   * A failed call in this project's words: the kind and the HTTP status only. Whatever answered may
   * not be Tenable (a URL pointing at an internal service), so its body, banner or error text is
   * never repeated to whoever runs the test.
   */
  static String ourWords(TenableApiException e) {
    String cause = e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ")";
    return e.error().description()
        + (e.httpStatus() > 0 ? " (HTTP " + e.httpStatus() + ")" : cause);
  }

  // ---- 3. authentication ----

  private Outcome authenticate(TenableClient client, TenableSession[] session) {
    try {
      session[0] = client.session();
      TenableSession s = session[0];
      if (s.containerUuid() == null && s.permissions() < 0) {
        // Not Tenable's session shape (no container, no permissions): whatever answered, its
        // words (a user name, say) are not repeated here; the export checks below decide.
        return Outcome.passed("the keys were accepted (GET /session answered 200)");
      }
      return Outcome.passed(
          "the keys belong to "
              + (s.username() != null ? s.username() : "user " + s.uuid())
              + (s.containerName() != null ? " in container " + s.containerName() : "")
              + (Boolean.FALSE.equals(s.enabled()) ? " (the user is disabled)" : ""));
    } catch (TenableApiException e) {
      if (e.error() == TenableError.AUTHENTICATION) {
        return Outcome.failed(
            "Tenable rejected the keys (HTTP 401): they are wrong, revoked, or were"
                + " regenerated (regenerating keys in Tenable revokes the previous pair)",
            "Copy the current access and secret keys from Tenable (Settings > My Account > API Keys) and enter both again.");
      }
      if (e.error() == TenableError.PERMISSION) {
        // 403 means the keys were recognised; the authorization check will say what is missing.
        return Outcome.passed(
            "the keys are valid (GET /session answered 403, not 401; the user's role could not be read)");
      }
      return Outcome.failed("GET /session failed: " + ourWords(e), e.remedy());
    }
  }

  // ---- 4. authorization ----

  private Outcome authorize(TenableClient client, TenableSession session, boolean findings) {
    String roleText = "";
    String belowBasic = null;
    if (session != null) {
      if (Boolean.FALSE.equals(session.enabled())) {
        return Outcome.failed(
            "the Tenable user " + session.username() + " is disabled",
            "Enable the user in Tenable (Settings > Access Control > Users) or use another user's keys.");
      }
      int permissions = session.permissions();
      Role role = session.role();
      if (permissions >= 0 && !Role.canExport(permissions)) {
        // A custom role reports its own value, which may be below Basic (16) and still carry the
        // export privilege: the job lists and the data fetch below decide, not the number.
        belowBasic =
            "warning: the user's role is "
                + role.label()
                + " ("
                + permissions
                + "), below Basic (16); a custom role with the export privilege can still export, which"
                + " the data fetch checks; ";
      } else {
        roleText =
            "role " + role.label() + (permissions >= 0 ? " (" + permissions + ")" : "") + "; ";
      }
    }
    List<String> allowed = new ArrayList<>();
    List<String> unlisted = new ArrayList<>();
    List<ExportKind<?>> kinds =
        findings ? List.of(ExportKind.ASSETS, ExportKind.VULNS) : List.of(ExportKind.ASSETS);
    for (ExportKind<?> kind : kinds) {
      String what = kind == ExportKind.VULNS ? "vulnerability exports" : "asset exports";
      try {
        client.exports().list(kind);
        allowed.add(what);
      } catch (TenableApiException e) {
        if (e.httpStatus() == 404 || e.httpStatus() == 405 || e.httpStatus() == 501) {
          // A gateway or an older API without the job list: not a refusal; the data fetch
          // below starts a real export and so proves (or refutes) export permission.
          unlisted.add(what);
          continue;
        }
        if (e.error() == TenableError.PERMISSION) {
          if (belowBasic != null) {
            return Outcome.failed(
                "the user's role is "
                    + session.role().label()
                    + " ("
                    + session.permissions()
                    + "); exports need at least Basic (16), and Tenable refused "
                    + what
                    + " (HTTP 403 on GET "
                    + kind.jobPath()
                    + "/status)",
                "Give the API user the Basic (16) role or higher (Administrator (64) on FedRAMP/GovCloud), or a"
                    + " custom role with the export privilege (TIO_BACKEND.EXPORT.MANAGE_OWN), and Can View on the assets.");
          }
          return Outcome.failed(
              "Tenable refused "
                  + what
                  + " (HTTP 403 on GET "
                  + kind.jobPath()
                  + "/status)"
                  + (allowed.isEmpty()
                      ? ""
                      : "; " + String.join(" and ", allowed) + " are allowed"),
              "The user lacks the permission to export "
                  + (kind == ExportKind.VULNS ? "vulnerabilities" : "assets")
                  + ": give it the Basic (16) role or higher, or a custom role with TIO_BACKEND.EXPORT.MANAGE_OWN,"
                  + " and Can View on the assets (Access Control > Permissions).");
        }
        return Outcome.failed(
            "GET " + kind.jobPath() + "/status failed: " + ourWords(e), e.remedy());
      }
    }
    String listed = allowed.isEmpty() ? "" : String.join(" and ", allowed) + " allowed";
    String notListed =
        unlisted.isEmpty()
            ? ""
            : (listed.isEmpty() ? "" : "; ")
                + "the job list of "
                + String.join(" and ", unlisted)
                + " is not available (HTTP 404), so the data fetch checks export access";
    return Outcome.passed(
        (belowBasic != null ? belowBasic : roleText)
            + listed
            + notListed
            + (findings
                ? ""
                : " (vulnerability exports not checked: the connector syncs assets only)"));
  }

  // ---- 5. data fetch ----

  private Outcome dataFetch(TenableClient client) {
    ExportApi exports = client.exports();
    // created_at = 1 s after the epoch selects every asset, and no sync asks for it, so Tenable's
    // duplicate-export rule (409) never hands this probe a sync's job, or a sync this probe's job.
    AssetExportRequest probe =
        AssetExportRequest.builder()
            .chunkSize(AssetExportRequest.MIN_CHUNK_SIZE)
            .createdAfter(Instant.ofEpochSecond(1))
            .build();
    ExportApi.StartedExport started;
    try {
      started = exports.start(probe);
    } catch (TenableApiException e) {
      if (e.error() == TenableError.RATE_LIMITED) {
        return Outcome.failed(
            "Tenable refused a new export: the account is at its export concurrency or"
                + " rate limit (HTTP 429)",
            TenableError.RATE_LIMITED.remedy());
      }
      return Outcome.failed("starting a small asset export failed: " + ourWords(e), e.remedy());
    }
    String uuid = started.uuid();
    long deadline = System.nanoTime() + options.dataFetchBudget().toNanos();
    boolean finished = false;
    try {
      long pause = 250;
      while (true) {
        ExportStatus status = exports.status(ExportKind.ASSETS, uuid);
        if (!status.chunksAvailable().isEmpty()) {
          int chunkId = status.chunksAvailable().get(0);
          AtomicInteger records = new AtomicInteger();
          try (ExportApi.ChunkDownload<?> download =
              exports.chunk(ExportKind.ASSETS, uuid, chunkId, 1)) {
            download.chunk().read(r -> records.incrementAndGet());
          }
          finished = status.state() == ExportState.FINISHED;
          return Outcome.passed(
              "read "
                  + records.get()
                  + " asset record"
                  + (records.get() == 1 ? "" : "s")
                  + " from chunk "
                  + chunkId
                  + " of a test export ("
                  + uuid
                  + "), then "
                  + (finished ? "left the finished export to expire" : "cancelled it"));
        }
        if (status.state() == ExportState.FINISHED) {
          finished = true;
          return Outcome.passed(
              "the export API works, but the test export found no assets: the account has"
                  + " none, or this user cannot view any (runs will import nothing until it can)");
        }
        if (status.state() == ExportState.ERROR || status.state() == ExportState.CANCELLED) {
          finished = true;
          return Outcome.failed(
              "Tenable ended the test export " + uuid + " as " + status.rawStatus(),
              "Tenable could not build the export; try again later, and contact Tenable support if it repeats.");
        }
        if (System.nanoTime() > deadline) {
          return Outcome.failed(
              "Tenable had not produced the first chunk of a test export ("
                  + uuid
                  + ", "
                  + status.rawStatus()
                  + ") within "
                  + options.dataFetchBudget().toSeconds()
                  + " s",
              "Tenable queues exports when it is busy or other exports of this account are running; test again"
                  + " later, and make sure no other integration uses the same Tenable user.");
        }
        Thread.sleep(pause);
        pause = Math.min(pause * 2, 2_000);
      }
    } catch (TenableApiException e) {
      return Outcome.failed("reading the test export failed: " + ourWords(e), e.remedy());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted", "Run the test again.");
    } catch (Exception e) {
      return Outcome.failed(
          "reading the test export failed: " + e, "Run the test again; report it if it repeats.");
    } finally {
      if (!finished && !started.adopted()) {
        try {
          exports.cancel(ExportKind.ASSETS, uuid);
        } catch (RuntimeException e) {
          log.warn("could not cancel the Test Connection export {}: {}", uuid, e.toString());
        }
      }
    }
  }

  // ---- plumbing ----

  private record Outcome(boolean passed, String message, String remedy) {
    static Outcome passed(String message) {
      return new Outcome(true, message, null);
    }

    static Outcome failed(String message, String remedy) {
      return new Outcome(false, message, remedy);
    }
  }

  private static CheckResult timed(String name, java.util.function.Supplier<Outcome> check) {
    long start = System.nanoTime();
    Outcome outcome;
    try {
      outcome = check.get();
    } catch (RuntimeException e) {
      log.warn("{} failed unexpectedly", name, e);
      outcome =
          Outcome.failed(
              name + " failed unexpectedly: " + e, "Run the test again; report it if it repeats.");
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    return new CheckResult(
        name,
        outcome.passed() ? CheckStatus.PASSED : CheckStatus.FAILED,
        outcome.message(),
        outcome.remedy(),
        ms);
  }

  private static ConnectionTestResult skipRest(List<CheckResult> checks, TenableSession session) {
    List<String> names = Arrays.asList(NETWORK, TLS, AUTHENTICATION, AUTHORIZATION, DATA_FETCH);
    for (int i = checks.size(); i < names.size(); i++) {
      checks.add(
          new CheckResult(
              names.get(i),
              CheckStatus.SKIPPED,
              "not run: "
                  + checks.stream()
                      .filter(c -> c.status() == CheckStatus.FAILED)
                      .findFirst()
                      .map(CheckResult::name)
                      .orElse("an earlier check")
                  + " failed",
              null,
              0));
    }
    return new ConnectionTestResult(List.copyOf(checks), session);
  }
}

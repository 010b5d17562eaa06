package dev.tenableconnector.service.check;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;
import dev.tenableconnector.client.http.RetryPolicy;
import dev.tenableconnector.client.model.TenableSession;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
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

  private final TransportChecks transport;
  private final ApiChecks api;

  public ConnectionTester(Options options) {
    this.options = options;
    this.transport = new TransportChecks(options);
    this.api = new ApiChecks(options);
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

    checks.add(timed(NETWORK, () -> transport.network(url.getHost(), port)));
    if (!checks.get(0).passed()) {
      return skipRest(checks, null);
    }
    checks.add(
        timed(
            TLS,
            () ->
                tls
                    ? transport.tlsHandshake(url.getHost(), port)
                    : transport.plainHttp(url.getHost(), scheme)));
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
      checks.add(timed(AUTHENTICATION, () -> api.authenticate(client, session)));
      if (!checks.get(2).passed()) {
        return skipRest(checks, null);
      }
      checks.add(timed(AUTHORIZATION, () -> api.authorize(client, session[0], findings)));
      if (!checks.get(3).passed()) {
        return skipRest(checks, session[0]);
      }
      checks.add(timed(DATA_FETCH, () -> api.dataFetch(client)));
      return new ConnectionTestResult(List.copyOf(checks), session[0]);
    }
  }

  // ---- plumbing ----

  private static CheckResult timed(String name, java.util.function.Supplier<CheckOutcome> check) {
    long start = System.nanoTime();
    CheckOutcome outcome;
    try {
      outcome = check.get();
    } catch (RuntimeException e) {
      log.warn("{} failed unexpectedly", name, e);
      outcome =
          CheckOutcome.failed(
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

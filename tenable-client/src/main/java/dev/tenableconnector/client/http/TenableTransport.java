package dev.tenableconnector.client.http;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableError;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to the Tenable API with the auth and identification headers, un-gzips bodies as
 * they stream, and applies the {@link ResponseOutcome} table: waits out 429s, retries 5xx and I/O
 * failures of idempotent calls under the {@link RetryPolicy}, fails 401 and 403 at once, and hands
 * every other final response to the caller.
 */
public final class TenableTransport {
  private static final Logger log = LoggerFactory.getLogger(TenableTransport.class);
  private static final int BUFFER = 64 * 1024;

  private final URI baseUrl;
  private final ApiKeys keys;
  private final String userAgent;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final boolean gzip;
  private final IdleTimeout idleTimeout;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();

  /** The request being retried now, if one is (shown live while a run waits). */
  private final java.util.concurrent.atomic.AtomicReference<Retrying> retrying =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Set once the caller has given up (a cancelled run): no failure is retried from then on. An
   * interrupt alone cannot promise that, because the JDK's response stream swallows an interrupt
   * that lands while it waits for body bytes.
   */
  private final java.util.concurrent.atomic.AtomicBoolean retriesStopped =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Whether Tenable (anything at the URL) has answered this transport at least once. */
  private final java.util.concurrent.atomic.AtomicBoolean answered =
      new java.util.concurrent.atomic.AtomicBoolean();

  public TenableTransport(
      URI baseUrl,
      ApiKeys keys,
      String userAgent,
      HttpClient http,
      Duration requestTimeout,
      Duration readTimeout,
      boolean gzip,
      RetryPolicy retryPolicy,
      Clock clock,
      Sleeper sleeper) {
    String base = baseUrl.toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.keys = keys;
    this.userAgent = userAgent;
    this.http = http;
    this.requestTimeout = requestTimeout;
    this.gzip = gzip;
    this.idleTimeout = new IdleTimeout(readTimeout);
    this.retryPolicy = retryPolicy;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public Clock clock() {
    return clock;
  }

  /** The retries of one call under this transport's policy, ended by {@link #stopRetrying()}. */
  public RetryState startRetries() {
    return retryPolicy.start(clock, sleeper, retriesStopped::get);
  }

  /**
   * Stops retrying, for good: a request waiting to be retried fails now (its wait is cut short),
   * and any request sent later fails at its first failure, as it would past the deadline. A
   * cancelled run uses this so that no retry loop outlives it; its cancel request is still sent,
   * once.
   */
  public void stopRetrying() {
    retriesStopped.set(true);
  }

  /** Stops the read-timeout watchdog; requests still in progress are not affected otherwise. */
  public void close() {
    idleTimeout.close();
  }

  /** Requests sent, retries taken and 429 responses seen since this transport was made. */
  public TransportStats stats() {
    return new TransportStats(requests.get(), retries.get(), rateLimited.get(), retrying.get());
  }

  /** A GET, retried on 429, 5xx and I/O errors. */
  public ApiResponse get(String path) {
    return send("GET", path, null, true);
  }

  /**
   * A POST. With {@code idempotent} false only 429 is retried (the request was refused, so nothing
   * was created); a 5xx or I/O failure is thrown at once because the server may have acted on it.
   */
  public ApiResponse post(String path, byte[] jsonBody, boolean idempotent) {
    return send("POST", path, jsonBody, idempotent);
  }

  private ApiResponse send(String method, String path, byte[] body, boolean idempotent) {
    RetryState retry = startRetries();
    java.time.Instant firstFailure = null;
    try {
      while (true) {
        HttpRequest request = build(method, path, body, retry.attempt());
        long started = System.nanoTime();
        HttpResponse<InputStream> response;
        requests.incrementAndGet();
        try {
          response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
          String cause = TransportFailures.describe(e);
          String unfixable = answered.get() ? null : TransportFailures.unfixableByRetry(e);
          if (unfixable != null) {
            // Nothing here has ever answered and retrying cannot change that: say so at once
            // instead of retrying for minutes.
            throw new UnreachableException(
                method
                    + " "
                    + path
                    + " failed: "
                    + unfixable
                    + " at "
                    + baseUrl
                    + " ("
                    + cause
                    + ")",
                e);
          }
          // WARN, so that a command line user sees why nothing moves while the client retries.
          log.warn(
              "{} {} failed after {} ms (attempt {}): {}",
              method,
              path,
              elapsedMs(started),
              retry.attempt(),
              cause);
          TenableApiException failure =
              new TenableApiException(
                  TenableError.NETWORK, 0, null, method + " " + path + " failed: " + cause, e);
          if (!idempotent) {
            throw failure;
          }
          firstFailure = firstFailure == null ? clock.instant() : firstFailure;
          retrying(method + " " + path + ": " + cause, retry.attempt(), firstFailure);
          retry.awaitRetry(Optional.empty(), () -> failure);
          retries.incrementAndGet();
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TenableApiException(
              TenableError.NETWORK, 0, null, method + " " + path + " interrupted", e);
        }
        answered.set(true);
        String requestUuid = response.headers().firstValue("x-request-uuid").orElse(null);
        int status = response.statusCode();
        log.debug(
            "{} {} -> {} in {} ms (x-request-uuid {}, attempt {})",
            method,
            path,
            status,
            elapsedMs(started),
            requestUuid,
            retry.attempt());
        ApiResponse api =
            new ApiResponse(status, response.headers(), decoded(response), requestUuid);
        ResponseOutcome outcome = ResponseOutcome.of(status);
        switch (outcome) {
          case RATE_LIMITED -> {
            rateLimited.incrementAndGet();
            Optional<Duration> wait =
                RetryAfter.parse(
                    response.headers().firstValue("retry-after").orElse(null), clock.instant());
            String excerpt = api.bodyExcerpt(300);
            api.close();
            Optional<String> duplicateOf = DuplicateExportException.namedJob(excerpt);
            if (duplicateOf.isPresent()) {
              throw new DuplicateExportException(
                  duplicateOf.get(),
                  status,
                  requestUuid,
                  method
                      + " "
                      + path
                      + " -> HTTP "
                      + status
                      + ": a duplicate of running export "
                      + duplicateOf.get());
            }
            firstFailure = firstFailure == null ? clock.instant() : firstFailure;
            retrying(
                method
                    + " "
                    + path
                    + " -> HTTP 429 (rate limited"
                    + wait.map(w -> ", Retry-After " + w.toSeconds() + " s").orElse("")
                    + ")",
                retry.attempt(),
                firstFailure);
            retry.awaitRetry(
                wait,
                () ->
                    TransportFailures.failure(
                        TenableError.RATE_LIMITED, method, path, status, requestUuid, excerpt));
            retries.incrementAndGet();
          }
          case RETRY -> {
            String excerpt = api.bodyExcerpt(200);
            api.close();
            log.warn(
                "{} {} -> HTTP {} (attempt {}, x-request-uuid {})",
                method,
                path,
                status,
                retry.attempt(),
                requestUuid);
            TenableApiException failure =
                TransportFailures.failure(
                    TenableError.SERVER_ERROR, method, path, status, requestUuid, excerpt);
            if (!idempotent) {
              throw failure;
            }
            firstFailure = firstFailure == null ? clock.instant() : firstFailure;
            retrying(method + " " + path + " -> HTTP " + status, retry.attempt(), firstFailure);
            retry.awaitRetry(Optional.empty(), () -> failure);
            retries.incrementAndGet();
          }
          case AUTHENTICATION, PERMISSION -> {
            String excerpt = api.bodyExcerpt(200);
            api.close();
            TenableError error =
                outcome == ResponseOutcome.AUTHENTICATION
                    ? TenableError.AUTHENTICATION
                    : TenableError.PERMISSION;
            throw TransportFailures.failure(error, method, path, status, requestUuid, excerpt);
          }
          default -> {
            return api;
          }
        }
      }
    } finally {
      if (firstFailure != null) {
        retrying.set(null); // answered, or given up: this request is not waiting any more
      }
    }
  }

  private HttpRequest build(String method, String path, byte[] body, int attempt) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout);
    try {
      builder.header("X-ApiKeys", keys.headerValue());
    } catch (IllegalArgumentException refused) {
      // The JDK's message quotes the header value: never pass it on.
      throw new TenableApiException(
          TenableError.AUTHENTICATION,
          0,
          null,
          "the API keys hold a character an HTTP header cannot carry; enter them again");
    }
    builder.header("User-Agent", userAgent).header("Accept", "application/json");
    if (gzip) {
      builder.header("Accept-Encoding", "gzip");
    }
    if (attempt > 1) {
      builder.header("X-Tio-Retry-Count", Integer.toString(attempt - 1));
    }
    if (body != null) {
      builder.header("Content-Type", "application/json");
      builder.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return builder.build();
  }

  private InputStream decoded(HttpResponse<InputStream> response) {
    InputStream raw = idleTimeout.guard(response.body());
    boolean gzip =
        response
            .headers()
            .firstValue("content-encoding")
            .map(v -> v.toLowerCase().contains("gzip"))
            .orElse(false);
    try {
      return gzip ? new GZIPInputStream(raw, BUFFER) : new BufferedInputStream(raw, BUFFER);
    } catch (IOException e) {
      // A gzip body whose header cannot even be read: let the reader fail on it like any cut body.
      return new FailingInputStream(e, raw);
    }
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** Counters of what this transport did. */
  /**
   * @param retrying the request waiting to be sent again right now, or null
   */
  public record TransportStats(long requests, long retries, long rateLimited, Retrying retrying) {}

  /**
   * A request that failed and waits for its next attempt: what failed (method, path and the HTTP
   * status or the network cause; never a header or a body), the attempt that failed, and since when
   * this request has been retried.
   */
  public record Retrying(String what, int attempt, java.time.Instant since) {}

  private void retrying(String what, int attempt, java.time.Instant since) {
    retrying.set(new Retrying(what, attempt, since));
  }

  private static final class FailingInputStream extends InputStream {
    private final IOException cause;
    private final InputStream raw;

    FailingInputStream(IOException cause, InputStream raw) {
      this.cause = cause;
      this.raw = raw;
    }

    @Override
    public int read() throws IOException {
      throw new IOException(cause.getMessage(), cause);
    }

    @Override
    public void close() throws IOException {
      raw.close();
    }
  }
}

package dev.tenableconnector.client;

import dev.tenableconnector.client.export.ExportOptions;
import dev.tenableconnector.client.http.RetryPolicy;
import dev.tenableconnector.client.http.Sleeper;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Everything a {@link TenableClient} needs, validated as a whole: {@link Builder#build()} names
 * every problem at once. Plain {@code http://} is accepted only for loopback hosts (the emulator).
 */
public record TenableClientConfig(
    URI baseUrl,
    ApiKeys keys,
    String userAgent,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration readTimeout,
    boolean gzip,
    ProxySelector proxy,
    SSLContext sslContext,
    RetryPolicy retryPolicy,
    ExportOptions exportOptions,
    Clock clock,
    Sleeper sleeper) {

  public static final URI DEFAULT_BASE_URL = URI.create("https://cloud.tenable.com");

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "TenableClientConfig[baseUrl="
        + baseUrl
        + ", keys="
        + keys
        + ", userAgent="
        + userAgent
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", readTimeout="
        + readTimeout
        + ", gzip="
        + gzip
        + ", proxy="
        + proxy
        + ", retryPolicy="
        + retryPolicy
        + ", exportOptions="
        + exportOptions
        + "]";
  }

  /** The User-Agent Tenable asks integrations to send, with this build's version. */
  /** Whether plain http may be used for this host: localhost or a loopback address literal. */
  public static boolean isLoopbackHost(String host) {
    return Builder.isLoopback(host);
  }

  public static String defaultUserAgent() {
    return "Integration/1.0 (tenable-connector; tenable-connector; Build/"
        + Version.current()
        + ")";
  }

  /** Builds a validated configuration. */
  public static final class Builder {
    private URI baseUrl = DEFAULT_BASE_URL;
    private ApiKeys keys;
    private String userAgent = defaultUserAgent();
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofSeconds(120);
    private Duration readTimeout = Duration.ofSeconds(120);
    private boolean gzip = true;
    private ProxySelector proxy = ProxySelector.getDefault();
    private SSLContext sslContext;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private ExportOptions exportOptions = ExportOptions.defaults();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder baseUrl(String baseUrl) {
      try {
        this.baseUrl = URI.create(baseUrl);
      } catch (IllegalArgumentException e) {
        this.baseUrl = null;
      }
      return this;
    }

    public Builder keys(ApiKeys keys) {
      this.keys = keys;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** The longest wait for a response's headers (the body then streams as long as it flows). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** The longest silence while a body streams before it is given up as cut off. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /** Whether to ask for gzip bodies (default yes: several times fewer bytes on the wire). */
    public Builder gzip(boolean gzip) {
      this.gzip = gzip;
      return this;
    }

    /**
     * How to reach Tenable through a proxy. The default follows the JVM's proxy settings ({@code
     * https.proxyHost}, {@code https.proxyPort}, {@code http.nonProxyHosts}).
     */
    public Builder proxy(ProxySelector proxy) {
      this.proxy = proxy;
      return this;
    }

    /** The TLS context, e.g. one that trusts a corporate CA; default: the JVM's. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = sslContext;
      return this;
    }

    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = policy;
      return this;
    }

    public Builder exportOptions(ExportOptions options) {
      this.exportOptions = options;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    public TenableClientConfig build() {
      List<String> problems = new ArrayList<>();
      if (baseUrl == null) {
        problems.add("baseUrl: not a valid URL");
      } else {
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase();
        if (baseUrl.getHost() == null) {
          problems.add("baseUrl: needs a host (was " + baseUrl + ")");
        } else if (scheme.equals("http")) {
          if (!isLoopback(baseUrl.getHost())) {
            problems.add(
                "baseUrl: plain http is allowed only for loopback hosts; use https for "
                    + baseUrl.getHost());
          }
        } else if (!scheme.equals("https")) {
          problems.add("baseUrl: the scheme must be https (was " + baseUrl.getScheme() + ")");
        }
        if (baseUrl.getQuery() != null || baseUrl.getFragment() != null) {
          problems.add("baseUrl: must not have a query or fragment");
        }
      }
      if (keys == null) {
        problems.add("keys: the access key and secret key are required");
      }
      if (userAgent == null || userAgent.isBlank()) {
        problems.add("userAgent: must not be blank");
      }
      if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
        problems.add("connectTimeout: must be positive");
      }
      if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
        problems.add("requestTimeout: must be positive");
      }
      if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
        problems.add("readTimeout: must be positive");
      }
      if (retryPolicy == null) {
        problems.add("retryPolicy: required");
      }
      if (exportOptions == null) {
        problems.add("exportOptions: required");
      }
      if (clock == null || sleeper == null) {
        problems.add("clock and sleeper: required");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid Tenable client configuration: " + String.join("; ", problems));
      }
      SSLContext tls = sslContext;
      if (tls == null) {
        try {
          tls = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("this JVM has no default TLS context", e);
        }
      }
      return new TenableClientConfig(
          baseUrl,
          keys,
          userAgent,
          connectTimeout,
          requestTimeout,
          readTimeout,
          gzip,
          proxy,
          tls,
          retryPolicy,
          exportOptions,
          clock,
          sleeper);
    }

    static boolean isLoopback(String host) {
      String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      if (h.equalsIgnoreCase("localhost")) {
        return true;
      }
      if (!h.matches("[0-9.]+") && !h.contains(":")) {
        return false; // a name other than localhost: never trusted as loopback without DNS
      }
      try {
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }
}

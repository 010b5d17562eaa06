package dev.tenableconnector.service.check;

import dev.tenableconnector.client.TenableClientConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Test Connection's first two checks: the host resolves and answers, and TLS is sound. */
final class TransportChecks {
  private static final Logger log = LoggerFactory.getLogger(ConnectionTester.class);

  private final ConnectionTester.Options options;

  TransportChecks(ConnectionTester.Options options) {
    this.options = options;
  }

  // ---- 1. network ----

  CheckOutcome network(String host, int port) {
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
      return CheckOutcome.failed(
          "DNS lookup of "
              + host
              + " did not answer within "
              + options.connectTimeout().toSeconds()
              + " s",
          "Check the DNS servers of this host, or the proxy settings.");
    } catch (ExecutionException e) {
      return CheckOutcome.failed(
          "DNS lookup of " + host + " failed: the name does not resolve",
          "Check the spelling of the Tenable URL (the cloud is https://cloud.tenable.com) and this host's DNS.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckOutcome.failed("interrupted", "Run the test again.");
    }
    List<String> tried = new ArrayList<>();
    IOException last = null;
    for (InetAddress address : addresses) {
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(address, port), (int) options.connectTimeout().toMillis());
        return CheckOutcome.passed(
            host + " resolves to " + address.getHostAddress() + "; TCP port " + port + " is open");
      } catch (IOException e) {
        tried.add(address.getHostAddress());
        last = e;
      }
    }
    String addressList = String.join(", ", tried);
    if (last instanceof SocketTimeoutException) {
      return CheckOutcome.failed(
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
      return CheckOutcome.failed(
          "TCP port " + port + " of " + host + " (" + addressList + ") refused the connection",
          "Nothing listens on that port: check the port in the Tenable URL.");
    }
    if (last instanceof NoRouteToHostException) {
      return CheckOutcome.failed(
          "no route to " + host + " (" + addressList + ")",
          "Check this host's network and routing to " + host + ".");
    }
    return CheckOutcome.failed(
        "cannot connect to " + host + ":" + port + ": " + last,
        "Check the network path from this host to " + host + ".");
  }

  // ---- 2. TLS ----

  CheckOutcome plainHttp(String host, String scheme) {
    if (!scheme.equals("http")) {
      return CheckOutcome.failed(
          "the URL scheme must be https, not " + scheme, "Use an https:// Tenable URL.");
    }
    if (TenableClientConfig.isLoopbackHost(host)) {
      return CheckOutcome.passed(
          "plain http to a loopback address ("
              + host
              + "): no TLS on this hop;"
              + " allowed only for loopback, such as the emulator or a local forwarder");
    }
    return CheckOutcome.failed(
        "plain http to "
            + host
            + " would send the API keys unencrypted; it is allowed"
            + " only for loopback addresses",
        "Use https:// for " + host + ".");
  }

  CheckOutcome tlsHandshake(String host, int port) {
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
        return CheckOutcome.passed("TLS handshake with " + host + " succeeded: " + detail);
      }
    } catch (SSLHandshakeException e) {
      return tlsFailure(host, e);
    } catch (SSLException e) {
      return CheckOutcome.failed(
          "TLS with " + host + ":" + port + " failed: " + e.getMessage(),
          "The port may not speak TLS (is the URL's scheme right?), or a proxy is interfering.");
    } catch (IOException e) {
      return CheckOutcome.failed(
          "TLS handshake with " + host + ":" + port + " failed: " + e,
          "Check that the port serves HTTPS.");
    }
  }

  private static CheckOutcome tlsFailure(String host, SSLHandshakeException e) {
    String chain = describeChain(e);
    if (hasCause(e, CertificateExpiredException.class)
        || hasCause(e, CertificateNotYetValidException.class)) {
      return CheckOutcome.failed(
          "the certificate of " + host + " is expired or not yet valid (" + chain + ")",
          "Check this host's clock; if it is right, the server's certificate must be renewed.");
    }
    if (chain.contains("No subject alternative") || chain.contains("No name matching")) {
      return CheckOutcome.failed(
          "the certificate presented is not valid for " + host + " (" + chain + ")",
          "Use the host name the certificate is issued for, or check that no proxy is intercepting the connection.");
    }
    if (chain.contains("PKIX") || chain.contains("unable to find valid certification path")) {
      return CheckOutcome.failed(
          "the certificate of "
              + host
              + " is not trusted: it is self-signed or issued by an"
              + " unknown authority ("
              + chain
              + ")",
          "If a corporate TLS proxy re-signs traffic, add its CA to the Java trust store"
              + " (-Djavax.net.ssl.trustStore=...); otherwise check that the URL points at Tenable.");
    }
    return CheckOutcome.failed(
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
}

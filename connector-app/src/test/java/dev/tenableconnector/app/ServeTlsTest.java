package dev.tenableconnector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with PEM files speaks TLS only, with HSTS and secure cookies; files that do not
 * belong together are refused at start, naming them.
 */
class ServeTlsTest {
  private static final String TOKEN = "tls-test-admin-token-0123456789";

  @TempDir Path dir;

  @Test
  void withACertificateAndItsKeyTheServiceSpeaksOnlyTlsWithHsts() throws Exception {
    KeyStore store = selfSigned("server");
    Path cert = pem(store, "server", true, "cert.pem");
    Path key = pem(store, "server", false, "key.pem");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliProcess serve =
        CliProcess.start(
            dir,
            Map.of("TENABLE_CONNECTOR_ADMIN_TOKEN", TOKEN),
            "serve",
            "--db",
            "inv.db",
            "--port",
            Integer.toString(port),
            "--tls-certificate",
            cert.toString(),
            "--tls-key",
            key.toString());
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("server", store.getCertificate("server"));
      trust.init(trusted);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
      HttpResponse<String> api = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (api == null && System.nanoTime() < deadline && serve.alive()) {
        try {
          api =
              https.send(
                  HttpRequest.newBuilder(
                          URI.create("https://127.0.0.1:" + port + "/api/connectors"))
                      .header("Authorization", "Bearer " + TOKEN)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException notYet) {
          Thread.sleep(200);
        }
      }
      assertThat(api).as(serve.stderr()).isNotNull();
      assertThat(api.statusCode()).isEqualTo(200);
      assertThat(api.headers().firstValue("Strict-Transport-Security"))
          .hasValue("max-age=31536000");
      HttpResponse<String> login =
          https.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/ui/login")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.headers().allValues("Set-Cookie"))
          .isNotEmpty()
          .allMatch(c -> c.contains("; Secure"));
      assertThat(serve.stdout()).contains("listening on https://127.0.0.1:" + port);

      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      boolean answered;
      try {
        plain.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/connectors"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        answered = true;
      } catch (java.io.IOException refused) {
        answered = false;
      }
      assertThat(answered).as("plain HTTP gets no answer").isFalse();
    } finally {
      serve.stop();
    }
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefusedAtStartNamingBoth() throws Exception {
    Path cert = pem(selfSigned("server"), "server", true, "cert.pem");
    Path otherKey = pem(selfSigned("other"), "other", false, "other-key.pem");
    CliProcess.Result r =
        CliProcess.run(
            dir,
            Map.of("TENABLE_CONNECTOR_ADMIN_TOKEN", TOKEN),
            "serve",
            "--db",
            "inv.db",
            "--port",
            "0",
            "--tls-certificate",
            cert.toString(),
            "--tls-key",
            otherKey.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("does not belong to the certificate")
        .contains("other-key.pem")
        .doesNotContain("Exception");
    CliProcess.Result half =
        CliProcess.run(
            dir, Map.of(), "serve", "--db", "inv.db", "--tls-certificate", cert.toString());
    assertThat(half.code()).isEqualTo(2);
    assertThat(half.err()).contains("--tls-certificate and --tls-key go together");
  }

  /** A self-signed RSA key and certificate for 127.0.0.1, made with the JDK's keytool. */
  private KeyStore selfSigned(String alias) throws Exception {
    Path file = dir.resolve(alias + ".p12");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, "changeit".toCharArray());
    }
    return store;
  }

  private Path pem(KeyStore store, String alias, boolean certificate, String name)
      throws Exception {
    byte[] der;
    String type;
    if (certificate) {
      Certificate c = store.getCertificate(alias);
      der = c.getEncoded();
      type = "CERTIFICATE";
    } else {
      der = store.getKey(alias, "changeit".toCharArray()).getEncoded(); // PKCS#8
      type = "PRIVATE KEY";
    }
    String text =
        "-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n";
    return Files.writeString(dir.resolve(name), text);
  }
}

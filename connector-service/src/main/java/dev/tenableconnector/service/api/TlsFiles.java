package dev.tenableconnector.service.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM files {@code serve} speaks TLS with: a certificate chain (the server's first) and its
 * unencrypted PKCS#8 private key, checked to belong together and read into a key store Jetty takes.
 * Every refusal names the file and the fix.
 */
public record TlsFiles(Path certificate, Path privateKey) {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  /** A key store holding the key and its chain under alias {@code server}. */
  public KeyStore keyStore(char[] password) {
    List<X509Certificate> chain = certificates();
    PrivateKey key = key();
    if (!belongTogether(key, chain.get(0))) {
      throw new IllegalArgumentException(
          "the private key "
              + privateKey
              + " does not belong to the certificate "
              + certificate
              + " (its first certificate must be the server's)");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "cannot use the TLS key and certificate: " + e.getMessage(), e);
    }
  }

  private List<X509Certificate> certificates() {
    try {
      Collection<? extends Certificate> read =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificate)));
      if (read.isEmpty()) {
        throw new IllegalArgumentException(certificate + " holds no certificate");
      }
      return read.stream().map(c -> (X509Certificate) c).toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the TLS certificate " + certificate, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          certificate + " is not a PEM certificate chain: " + e.getMessage(), e);
    }
  }

  private PrivateKey key() {
    String text;
    try {
      text = Files.readString(privateKey, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the TLS private key " + privateKey, e);
    }
    Matcher m = PEM.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException(privateKey + " is not a PEM private key");
    }
    String type = m.group(1);
    if (type.equals("ENCRYPTED PRIVATE KEY")) {
      throw new IllegalArgumentException(
          privateKey
              + " is encrypted: give the key unencrypted, readable by the service's user only");
    }
    if (!type.equals("PRIVATE KEY")) {
      throw new IllegalArgumentException(
          privateKey
              + " is a "
              + type
              + "; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in "
              + privateKey
              + " -out key.pem");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisOne) {
        // the next algorithm
      }
    }
    throw new IllegalArgumentException(privateKey + " holds no RSA, EC or Ed25519 key");
  }

  private static boolean belongTogether(PrivateKey key, X509Certificate cert) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    try {
      byte[] probe = "tenable-connector".getBytes(StandardCharsets.US_ASCII);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(cert.getPublicKey());
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}

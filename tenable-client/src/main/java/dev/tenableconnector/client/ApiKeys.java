package dev.tenableconnector.client;

import java.util.Objects;

/**
 * A Tenable API key pair. Its {@code toString} never shows the secret key and only the last four
 * characters of the access key, so a key pair can be logged or put in an error message safely.
 */
public final class ApiKeys {
  private final String accessKey;
  private final String secretKey;

  public ApiKeys(String accessKey, String secretKey) {
    if (accessKey == null || accessKey.isBlank()) {
      throw new IllegalArgumentException("access key is missing");
    }
    if (secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("secret key is missing");
    }
    this.accessKey = accessKey.strip();
    this.secretKey = secretKey.strip();
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** The value of the {@code X-ApiKeys} header. */
  public String headerValue() {
    return "accessKey=" + accessKey + "; secretKey=" + secretKey + ";";
  }

  /** The access key with all but its last four characters masked, for display. */
  public String maskedAccessKey() {
    return mask(accessKey);
  }

  static String mask(String value) {
    if (value.length() <= 4) {
      return "****";
    }
    return "****" + value.substring(value.length() - 4);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKeys other
        && accessKey.equals(other.accessKey)
        && secretKey.equals(other.secretKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessKey, secretKey);
  }

  @Override
  public String toString() {
    return "ApiKeys[accessKey=" + maskedAccessKey() + ", secretKey=****]";
  }
}

package dev.tenableconnector.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Tenable API key pair. Its {@code toString} never shows the secret key and only the last four
 * characters of the access key, so a key pair can be logged or put in an error message safely.
 */
public final class ApiKeys {
  /** Keys that are missing or not a key's shape; the message names the problems, never a value. */
  public static final class InvalidKeys extends IllegalArgumentException {
    InvalidKeys(String message) {
      super(message);
    }
  }

  /** Longer than any Tenable key (64), short enough to refuse pasted documents. */
  public static final int MAX_LENGTH = 256;

  private final String accessKey;
  private final String secretKey;

  /**
   * @throws InvalidKeys naming every problem (never a key's value) when a key is missing or not a
   *     key's shape
   */
  public ApiKeys(String accessKey, String secretKey) {
    List<String> problems = new ArrayList<>();
    shapeProblem("access key", accessKey).ifPresent(problems::add);
    shapeProblem("secret key", secretKey).ifPresent(problems::add);
    if (!problems.isEmpty()) {
      throw new InvalidKeys(String.join("; ", problems));
    }
    this.accessKey = accessKey.strip();
    this.secretKey = secretKey.strip();
  }

  /**
   * What is wrong with a key's shape, without its value: Tenable's keys are 64 hexadecimal
   * characters, so a key holds printable ASCII only, without spaces, {@code ;} or {@code =} (an
   * HTTP header could not carry anything else, and the JDK's refusal would quote the header). A
   * pasted invisible character (U+FEFF, U+200B) is named by its position and code point.
   */
  public static Optional<String> shapeProblem(String name, String key) {
    if (key == null || key.isBlank()) {
      return Optional.of(name + " is missing");
    }
    String k = key.strip();
    if (k.length() > MAX_LENGTH) {
      return Optional.of(name + " is " + k.length() + " characters long; Tenable's keys are 64");
    }
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ';' || c == '=') {
        return Optional.of(
            name
                + ": character "
                + (i + 1)
                + " is "
                + (c > 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c))
                + ", which a Tenable key does not hold (keys are 64 hexadecimal characters; paste it"
                + " again without invisible characters)");
      }
    }
    return Optional.empty();
  }

  /** {@code text} with every occurrence of either key replaced by its masked form. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    // Keys shorter than this are test keys; replacing them would mangle ordinary words.
    String out = text;
    if (secretKey.length() >= 6) {
      out = out.replace(secretKey, "****");
    }
    if (accessKey.length() >= 6) {
      out = out.replace(accessKey, maskedAccessKey());
    }
    return out;
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

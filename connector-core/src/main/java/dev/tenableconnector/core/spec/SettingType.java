package dev.tenableconnector.core.spec;

/** The kinds of value a {@link Setting} takes, each with one parser for every surface. */
public enum SettingType {
  /** One of the setting's choices, case-insensitive, {@code -} and {@code _} alike. */
  CHOICE("string"),
  /** Any number of the choices: a JSON list, or on the command line comma-separated or repeated. */
  CHOICES("array"),
  /** A whole number within the bounds: a JSON number or its digits as a string. */
  INTEGER("integer"),
  /**
   * A length of time: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d} or ISO {@code
   * PT15M}.
   */
  DURATION("string"),
  /**
   * Tenable tags: {@code {"Category": ["Value", …]}}, or on the command line {@code
   * Category=Value}, repeated.
   */
  TAGS("object"),
  /** A Tenable UUID (36 characters of hex digits and dashes). */
  UUID("string"),
  /** An IPv4 or IPv6 range in CIDR notation, such as {@code 10.0.0.0/8}. */
  CIDR("string");

  private final String jsonType;

  SettingType(String jsonType) {
    this.jsonType = jsonType;
  }

  /** The JSON Schema type of the value in the API. */
  public String jsonType() {
    return jsonType;
  }
}

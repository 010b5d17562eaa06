package dev.tenableconnector.client.export;

/** The status of an export job on Tenable; {@link #UNKNOWN} stands for a value we do not know. */
public enum ExportState {
  QUEUED,
  PROCESSING,
  FINISHED,
  CANCELLED,
  ERROR,
  UNKNOWN;

  public boolean terminal() {
    return this == FINISHED || this == CANCELLED || this == ERROR;
  }

  public static ExportState of(String value) {
    if (value == null) {
      return UNKNOWN;
    }
    try {
      return valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }
}

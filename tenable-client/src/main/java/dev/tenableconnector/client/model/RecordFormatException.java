package dev.tenableconnector.client.model;

/** A record value that cannot be read as the model's type; names the field path and why. */
public class RecordFormatException extends RuntimeException {
  private final String field;

  public RecordFormatException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  public String field() {
    return field;
  }
}

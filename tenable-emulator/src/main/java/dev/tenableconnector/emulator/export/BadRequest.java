package dev.tenableconnector.emulator.export;

/** A request Tenable would refuse with HTTP 400; the message names every problem. */
public class BadRequest extends RuntimeException {
  public BadRequest(String message) {
    super(message);
  }
}

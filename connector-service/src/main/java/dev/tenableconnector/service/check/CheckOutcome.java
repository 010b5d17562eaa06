package dev.tenableconnector.service.check;

/** What one check found: passed or not, what it saw, and what to do about a failure. */
record CheckOutcome(boolean passed, String message, String remedy) {
  static CheckOutcome passed(String message) {
    return new CheckOutcome(true, message, null);
  }

  static CheckOutcome failed(String message, String remedy) {
    return new CheckOutcome(false, message, remedy);
  }
}

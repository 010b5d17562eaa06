package dev.tenableconnector.core.sync;

import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.export.ExportOutcome;
import dev.tenableconnector.core.errors.ErrorCode;
import dev.tenableconnector.core.store.RunFailure;

/** How a client failure or an export outcome reads in the run history: its code and remedy. */
final class RunFailures {
  private RunFailures() {}

  /** A client failure as the run history records it. */
  static RunFailure of(TenableApiException e) {
    // The client's messages often name the kind already ("-> HTTP 401: Tenable rejected the
    // keys"): say it once.
    String message =
        e.getMessage() != null && e.getMessage().contains(e.error().description())
            ? e.getMessage()
            : e.error().description() + ": " + e.getMessage();
    return new RunFailure(
        ErrorCode.of(e.error()).name(),
        e.httpStatus() == 0 ? null : e.httpStatus(),
        message,
        e.remedy());
  }

  /** The remedy for an export outcome, led by Tenable's own reason when its status gave one. */
  static String remedyFor(ExportOutcome outcome, String tenableReason) {
    String remedy = remedyFor(outcome);
    return tenableReason == null || tenableReason.isBlank()
        ? remedy
        : "Tenable says: \"" + tenableReason.strip() + "\" " + remedy;
  }

  static String remedyFor(ExportOutcome outcome) {
    ErrorCode code = ErrorCode.of(outcome);
    return code == null ? "" : code.remedy();
  }

  /** A failure with the code's own remedy. */
  static RunFailure of(ErrorCode code, String message) {
    return new RunFailure(code.name(), null, message, code.remedy());
  }

  /**
   * A failure to store, with the store's own remedy where a {@code StoreException} in the causes
   * recognised what went wrong, else the code's.
   */
  static RunFailure ofStore(String message, Throwable e) {
    String remedy = ErrorCode.STORE.remedy();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof dev.tenableconnector.core.store.StoreException se
          && se.remedy().isPresent()) {
        remedy = sentence(se.remedy().get());
        break;
      }
    }
    return new RunFailure(ErrorCode.STORE.name(), null, message, remedy);
  }

  private static String sentence(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  static String stackTrace(Throwable t) {
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}

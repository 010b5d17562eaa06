package dev.tenableconnector.core.sync;

import dev.tenableconnector.core.store.RunFailure;

/** A run cannot go on; carries the failure to record in the run history. */
final class SyncFailure extends RuntimeException {
  private final RunFailure failure;

  SyncFailure(RunFailure failure, Throwable cause) {
    super(failure.message(), cause);
    this.failure = failure;
  }

  RunFailure failure() {
    return failure;
  }
}

package dev.tenableconnector.client.export;

/** How following an export ended. Every outcome but the first two means: start a new export. */
public enum ExportOutcome {
  /** FINISHED and every chunk handled. */
  COMPLETED,
  /** CANCELLED on Tenable's side; the chunks that were available have been handled. */
  CANCELLED,
  /** Tenable reported ERROR for the job. */
  ERROR,
  /** Tenable reported {@code chunks_failed}; the job is incomplete. */
  CHUNKS_FAILED,
  /** The export or one of its chunks answered 404: it expired (or never existed). */
  EXPIRED,
  /** A chunk's body stayed cut off or malformed after every download attempt. */
  BROKEN_CHUNK,
  /** The export stayed QUEUED too long (it was cancelled) or passed the overall deadline. */
  TIMED_OUT;

  /** Whether every record of the export was handled. */
  public boolean complete() {
    return this == COMPLETED;
  }
}

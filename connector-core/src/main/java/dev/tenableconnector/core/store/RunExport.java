package dev.tenableconnector.core.store;

import java.time.Instant;

/**
 * One Tenable export that a run started (or adopted): the phase it serves, its id and request, when
 * the run asked for it, the time its data is complete up to, and how it ended.
 */
public record RunExport(
    long id,
    long runId,
    String phase,
    String kind,
    String exportUuid,
    String request,
    int attempt,
    Instant requestedAt,
    Instant dataAsOf,
    Status status,
    String outcome,
    String message) {

  /** How the export ended for the run, or that it is still being downloaded. Stored by name. */
  public enum Status {
    RUNNING,
    COMPLETED,
    /** Given up and started again (an ERROR, CANCELLED, expired or failed-chunk export). */
    REPLACED,
    FAILED;

    static Status stored(String text) {
      return StoredName.parse(Status.class, text, "export status");
    }
  }
}

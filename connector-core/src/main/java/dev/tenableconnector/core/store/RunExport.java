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
    String status,
    String outcome,
    String message) {

  public static final String RUNNING = "RUNNING";
  public static final String COMPLETED = "COMPLETED";
  public static final String REPLACED = "REPLACED";
  public static final String FAILED = "FAILED";
}

package dev.tenableconnector.service.connector;

/**
 * Where a connector stands (seed 002's states): created and never run; a run queued; a run in
 * progress; the last run completed; the last run failed.
 */
public enum ConnectorState {
  REGISTERED,
  SCHEDULED,
  PROCESSING,
  PROCESSED,
  ERRORED
}

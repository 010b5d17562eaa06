package dev.tenableconnector.service.connector;

/**
 * Where a connector stands (seed 002's states): created and never run; a run queued; a run in
 * progress; the last run completed; the last run failed.
 */
public enum ConnectorState {
  REGISTERED("Registered"),
  SCHEDULED("Scheduled"),
  PROCESSING("Processing"),
  PROCESSED("Processed"),
  ERRORED("Errored");

  private final String label;

  ConnectorState(String label) {
    this.label = label;
  }

  /** The state as the web UI and the docs name it. */
  public String label() {
    return label;
  }
}

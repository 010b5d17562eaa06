package dev.tenableconnector.client.export;

/** Finding states; an export without a state filter returns OPEN and REOPENED only. */
public enum VulnState {
  OPEN,
  REOPENED,
  FIXED
}

package dev.tenableconnector.emulator.data;

import java.time.Instant;

/**
 * Where one asset's life stands at a step: when it was created, first and last scanned (so
 * updated), deleted or terminated, and at which steps it was scanned.
 */
public record AssetState(
    int index,
    AssetIdentity identity,
    int createdStep,
    Instant createdAt,
    Instant firstSeen,
    Instant initialScanAt,
    Instant lastScanAt,
    Instant updatedAt,
    Instant deletedAt,
    Instant terminatedAt,
    int[] scanSteps) {

  public boolean live() {
    return deletedAt == null && terminatedAt == null;
  }

  public String uuid() {
    return identity.uuid();
  }
}

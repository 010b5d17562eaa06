package dev.tenableconnector.service.registry;

import java.time.Instant;

/**
 * A managed connector as stored: its configuration (settings JSON without secrets), its keys as
 * ciphertext, the Tenable account they belong to, and where its runs stand.
 */
public record ConnectorRow(
    String id,
    String name,
    String description,
    String tenableUrl,
    byte[] accessKeyCipher,
    byte[] secretKeyCipher,
    String keyFingerprint,
    String accountUser,
    String accountContainer,
    String accountLabel,
    String settings,
    boolean retainDelta,
    boolean enabled,
    String state,
    Instant stateChangedAt,
    Instant nextRunAt,
    Long lastRunId,
    String lastError,
    Instant testedAt,
    Instant createdAt,
    Instant updatedAt,
    Instant keysUpdatedAt) {}

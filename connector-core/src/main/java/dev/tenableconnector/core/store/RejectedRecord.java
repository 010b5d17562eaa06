package dev.tenableconnector.core.store;

import dev.tenableconnector.core.model.Entity;

/** A record set aside: where it was, why, and an excerpt of it. */
public record RejectedRecord(
    Entity entity, String exportUuid, int chunkId, int position, String reason, String excerpt) {}

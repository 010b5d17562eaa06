package dev.tenableconnector.emulator.data;

import java.time.Instant;

/** A change of state a synthetic finding really went through; {@code from} is null when found. */
public record TrueTransition(Instant at, String from, String to) {}

package dev.tenableconnector.app;

import dev.tenableconnector.emulator.fault.FaultRule;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations written as {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h} or {@code 1d}. */
final class DurationConverter {
  private DurationConverter() {}

  static Duration parse(String value) {
    try {
      return FaultRule.duration(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}

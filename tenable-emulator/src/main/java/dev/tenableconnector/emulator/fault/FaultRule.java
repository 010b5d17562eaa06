package dev.tenableconnector.emulator.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One injected fault, written {@code <target>:<kind>[:option=value...]}, for example {@code
 * chunk:503:times=2}, {@code start:429:retry-after=date}, {@code chunk:truncate}, {@code
 * job:chunks-failed} or {@code records:missing-keys:every=50}. See docs/emulator.md.
 *
 * @param target which requests (or jobs, or records) the fault applies to
 * @param kind what happens
 * @param status the HTTP status for {@link Kind#HTTP}
 * @param exportType {@code assets}, {@code vulns} or null for both
 * @param times how many times it fires (0: every time)
 * @param after how many matching requests pass untouched first
 * @param options the remaining options, e.g. {@code retry-after}, {@code every}, {@code queued}
 */
public record FaultRule(
    Target target,
    Kind kind,
    int status,
    String exportType,
    int times,
    int after,
    Map<String, String> options) {

  /** Where a fault applies. */
  public enum Target {
    SESSION,
    START,
    STATUS,
    CHUNK,
    CANCEL,
    LIST,
    ANY,
    /**
     * The answer to an export identical to a running one: {@code duplicate:429} answers 429
     * "Duplicate export (job_uuid=…)" instead of the documented 409.
     */
    DUPLICATE,
    /** Export jobs as they are created: ERROR, CHUNKS_FAILED, EXPIRE, SLOW. */
    JOB,
    /**
     * Records inside chunks: MISSING_KEYS, BAD_VALUE, NOT_AN_OBJECT, HUGE_OUTPUT, MANY_CVES
     * (persistent, by position).
     */
    RECORDS
  }

  /** What a fault does. */
  public enum Kind {
    /**
     * Answer with {@code status} (429 carries Retry-After; {@code create=true} on start acts
     * first).
     */
    HTTP,
    /** Send part of the chunk body, then drop the connection. */
    TRUNCATE,
    /** Send a chunk body that is not valid JSON. */
    MALFORMED,
    /**
     * Send part of the chunk body, then go silent ({@code for=60s}) before dropping the connection.
     */
    STALL,
    /** Close the connection without any response. */
    DROP,
    /**
     * Send the chunk as the estate stands now instead of as the export captured it, and drop the
     * connection after {@code bytes} (default 65536): the retry gets the export's own content.
     */
    REVISED,
    ERROR,
    CHUNKS_FAILED,
    EXPIRE,
    SLOW,
    MISSING_KEYS,
    BAD_VALUE,
    NOT_AN_OBJECT,
    HUGE_OUTPUT,
    MANY_CVES,
    /**
     * A finding sent twice: every {@code every}-th one again right after itself, and each vuln
     * chunk after the first opening with the last finding of the chunk before.
     */
    DUPLICATE
  }

  public FaultRule {
    options = Map.copyOf(options);
  }

  /** Parses the compact form; throws IllegalArgumentException naming what is wrong. */
  public static FaultRule parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty fault");
    }
    String[] parts = spec.strip().split(":");
    if (parts.length < 2) {
      throw new IllegalArgumentException(
          "fault '" + spec + "': expected <target>:<kind>[:option=value...]");
    }
    Target target;
    try {
      target = Target.valueOf(parts[0].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "fault '"
              + spec
              + "': unknown target '"
              + parts[0]
              + "' (one of "
              + List.of(Target.values()).toString().toLowerCase(Locale.ROOT)
              + ")");
    }
    Kind kind;
    int status = 0;
    String k = parts[1].toUpperCase(Locale.ROOT).replace('-', '_');
    if (k.matches("\\d{3}")) {
      kind = Kind.HTTP;
      status = Integer.parseInt(k);
    } else {
      try {
        kind = Kind.valueOf(k);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "fault '"
                + spec
                + "': unknown kind '"
                + parts[1]
                + "' (an HTTP status or one of "
                + List.of(Kind.values()).toString().toLowerCase(Locale.ROOT).replace('_', '-')
                + ")");
      }
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 2; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      if (kv.length != 2 || kv[0].isBlank()) {
        throw new IllegalArgumentException(
            "fault '" + spec + "': option '" + parts[i] + "' is not name=value");
      }
      options.put(kv[0].strip().toLowerCase(Locale.ROOT), kv[1].strip());
    }
    List<String> problems = new ArrayList<>();
    int times =
        intOption(options.remove("times"), target == Target.RECORDS ? 0 : 1, "times", problems);
    int after = intOption(options.remove("after"), 0, "after", problems);
    String exportType = options.remove("export");
    if (exportType != null && !exportType.equals("assets") && !exportType.equals("vulns")) {
      problems.add("export must be assets or vulns");
    }
    boolean jobKind =
        kind == Kind.ERROR
            || kind == Kind.CHUNKS_FAILED
            || kind == Kind.EXPIRE
            || kind == Kind.SLOW;
    boolean recordKind =
        kind == Kind.MISSING_KEYS
            || kind == Kind.BAD_VALUE
            || kind == Kind.NOT_AN_OBJECT
            || kind == Kind.HUGE_OUTPUT
            || kind == Kind.MANY_CVES
            || kind == Kind.DUPLICATE;
    if (jobKind != (target == Target.JOB)) {
      problems.add("kinds error, chunks-failed, expire and slow go with target job, and only they");
    }
    if (recordKind != (target == Target.RECORDS)) {
      problems.add(
          "kinds missing-keys, bad-value, not-an-object, huge-output, many-cves and duplicate go"
              + " with target records, and only they");
    }
    if ((kind == Kind.TRUNCATE
            || kind == Kind.MALFORMED
            || kind == Kind.STALL
            || kind == Kind.REVISED)
        && target != Target.CHUNK) {
      problems.add("truncate, malformed, stall and revised apply to chunks only");
    }
    if (target == Target.DUPLICATE && !(kind == Kind.HTTP && status == 429)) {
      problems.add(
          "target duplicate takes kind 429 only (the documented answer, 409, needs no fault)");
    }
    if (kind == Kind.HTTP && (status < 400 || status > 599)) {
      problems.add("HTTP status must be 4xx or 5xx");
    }
    for (String number : List.of("every", "mb", "count")) {
      if (options.containsKey(number)) {
        intOption(options.get(number), 1, number, problems);
      }
    }
    for (String duration : List.of("queued", "interval", "for")) {
      if (options.containsKey(duration)) {
        try {
          duration(options.get(duration));
        } catch (IllegalArgumentException e) {
          problems.add(duration + ": " + e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("fault '" + spec + "': " + String.join("; ", problems));
    }
    return new FaultRule(target, kind, status, exportType, times, after, options);
  }

  public String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  /** Reads durations such as {@code 500ms}, {@code 2s}, {@code 5m} or {@code 1h}. */
  public static Duration duration(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException("unknown unit in '" + value + "'");
      };
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("not a duration: '" + value + "' (e.g. 500ms, 2s, 5m)");
    }
  }

  private static int intOption(String value, int fallback, String name, List<String> problems) {
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < 0) {
        problems.add(name + " must be zero or more");
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(name + " must be a whole number (was '" + value + "')");
      return fallback;
    }
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder(target.name().toLowerCase(Locale.ROOT))
            .append(':')
            .append(
                kind == Kind.HTTP
                    ? Integer.toString(status)
                    : kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    if (times != (target == Target.RECORDS ? 0 : 1)) {
      sb.append(":times=").append(times);
    }
    if (after > 0) {
      sb.append(":after=").append(after);
    }
    if (exportType != null) {
      sb.append(":export=").append(exportType);
    }
    options.forEach((k, v) -> sb.append(':').append(k).append('=').append(v));
    return sb.toString();
  }
}

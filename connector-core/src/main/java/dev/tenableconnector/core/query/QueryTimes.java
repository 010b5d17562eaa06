package dev.tenableconnector.core.query;

import dev.tenableconnector.core.query.QueryNode.Comparison;
import dev.tenableconnector.core.query.QueryNode.Term;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a query's date values become SQL conditions on ISO text: a day, an instant, or now-30d. */
final class QueryTimes {
  private static final Pattern RELATIVE = Pattern.compile("(?i)now(?:([-+])(\\d{1,6})([smhdw]))?");

  private QueryTimes() {}

  /** Dates: ISO date (a whole UTC day), ISO instant, or relative to now (now-30d, now-12h). */
  static String condition(
      String expression, Term term, String op, Instant now, List<Object> params) {
    String value = term.value().strip();
    Matcher relative = RELATIVE.matcher(value);
    Instant at;
    if (relative.matches()) {
      at = now;
      if (relative.group(1) != null) {
        try {
          long n = Long.parseLong(relative.group(2));
          Duration d =
              switch (relative.group(3).toLowerCase(Locale.ROOT)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(Math.multiplyExact(7, n));
              };
          at = relative.group(1).equals("-") ? now.minus(d) : now.plus(d);
        } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
          throw new QueryException(term.position(), "'" + value + "' is too far from now");
        }
      }
      inRange(at, term, value);
    } else if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
      LocalDate day;
      try {
        day = LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new QueryException(term.position(), "'" + value + "' is not a date");
      }
      if (day.getYear() < 1 || day.getYear() >= 9999) {
        throw new QueryException(term.position(), "'" + value + "' is outside the years 0001-9998");
      }
      String start = day.atStartOfDay().toInstant(ZoneOffset.UTC).toString();
      String end = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
      switch (term.comparison()) {
        case EQ -> {
          params.add(start);
          params.add(end);
          return "(" + expression + " >= ? AND " + expression + " < ?)";
        }
        case GT, LE -> {
          params.add(end);
          return expression + (term.comparison() == Comparison.GT ? " >= ?" : " < ?");
        }
        default -> {
          params.add(start);
          return expression + " " + op + " ?";
        }
      }
    } else {
      try {
        at = Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new QueryException(
            term.position(),
            term.written()
                + " is a date: give 2026-01-31,"
                + " 2026-01-31T12:00:00Z or now-30d (s, m, h, d, w), not '"
                + value
                + "'");
      }
      inRange(at, term, value);
    }
    params.add(at.toString());
    return expression + " " + op + " ?";
  }

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /**
   * Dates compare as ISO text, which orders correctly for years 0001-9999 only ("+10000-01-01"
   * sorts before "2026-…"), so a date outside them is refused.
   */
  private static void inRange(Instant at, Term term, String value) {
    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      throw new QueryException(term.position(), "'" + value + "' is outside the years 0001-9999");
    }
  }
}

package dev.tenableconnector.service.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When a connector runs on its own: daily at a local time, once at a local date and time, or every
 * N hours, days or weeks from a start; each in its own IANA time zone. Day and week steps keep the
 * wall-clock time across DST changes; hour steps are exact elapsed hours. A local time that a DST
 * change skips runs at the same offset after the gap (02:30 becomes 03:30); a local time that
 * occurs twice runs once, at the first.
 */
public sealed interface Schedule {
  ObjectMapper JSON = new ObjectMapper();
  DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  /** The first run strictly after {@code after}; empty when there is none. */
  Optional<Instant> nextAfter(Instant after);

  ObjectNode toJson();

  /** For people: "daily at 02:30 (Asia/Calcutta)". */
  String describe();

  /** Runs only when asked (Run now). */
  record Manual() implements Schedule {
    @Override
    public Optional<Instant> nextAfter(Instant after) {
      return Optional.empty();
    }

    @Override
    public ObjectNode toJson() {
      return JSON.createObjectNode().put("type", "MANUAL");
    }

    @Override
    public String describe() {
      return "only when run by hand";
    }
  }

  record Daily(LocalTime time, ZoneId zone) implements Schedule {
    @Override
    public Optional<Instant> nextAfter(Instant after) {
      LocalDate day = after.atZone(zone).toLocalDate();
      for (int i = 0; i < 3; i++) {
        Instant at = ZonedDateTime.of(day.plusDays(i), time, zone).toInstant();
        if (at.isAfter(after)) {
          return Optional.of(at);
        }
      }
      throw new IllegalStateException("no daily run within three days of " + after);
    }

    @Override
    public ObjectNode toJson() {
      return JSON.createObjectNode()
          .put("type", "DAILY")
          .put("time", time.format(HH_MM))
          .put("timezone", zone.getId());
    }

    @Override
    public String describe() {
      return "daily at " + time.format(HH_MM) + " (" + zone.getId() + ")";
    }
  }

  record Once(LocalDate date, LocalTime time, ZoneId zone) implements Schedule {
    public Instant at() {
      return ZonedDateTime.of(date, time, zone).toInstant();
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
      Instant at = at();
      return at.isAfter(after) ? Optional.of(at) : Optional.empty();
    }

    @Override
    public ObjectNode toJson() {
      return JSON.createObjectNode()
          .put("type", "ONCE")
          .put("date", date.toString())
          .put("time", time.format(HH_MM))
          .put("timezone", zone.getId());
    }

    @Override
    public String describe() {
      return "once on " + date + " at " + time.format(HH_MM) + " (" + zone.getId() + ")";
    }
  }

  enum Unit {
    HOURS,
    DAYS,
    WEEKS
  }

  record Recurring(LocalDate startDate, LocalTime time, int every, Unit unit, ZoneId zone)
      implements Schedule {
    @Override
    public Optional<Instant> nextAfter(Instant after) {
      ZonedDateTime start = ZonedDateTime.of(startDate, time, zone);
      if (start.toInstant().isAfter(after)) {
        return Optional.of(start.toInstant());
      }
      if (unit == Unit.HOURS) {
        Duration step = Duration.ofHours(every);
        long elapsed = Duration.between(start.toInstant(), after).toSeconds();
        long k = elapsed / step.toSeconds() + 1;
        return Optional.of(start.toInstant().plus(step.multipliedBy(k)));
      }
      long stepDays = unit == Unit.DAYS ? every : 7L * every;
      long days = ChronoUnit.DAYS.between(startDate, after.atZone(zone).toLocalDate());
      for (long k = Math.max(0, days / stepDays - 1); ; k++) {
        Instant at = ZonedDateTime.of(startDate.plusDays(k * stepDays), time, zone).toInstant();
        if (at.isAfter(after)) {
          return Optional.of(at);
        }
      }
    }

    @Override
    public ObjectNode toJson() {
      return JSON.createObjectNode()
          .put("type", "RECURRING")
          .put("startDate", startDate.toString())
          .put("time", time.format(HH_MM))
          .put("every", every)
          .put("unit", unit.name())
          .put("timezone", zone.getId());
    }

    @Override
    public String describe() {
      String u = unit.name().toLowerCase(Locale.ROOT);
      return "every "
          + (every == 1 ? u.substring(0, u.length() - 1) : every + " " + u)
          + " from "
          + startDate
          + " "
          + time.format(HH_MM)
          + " ("
          + zone.getId()
          + ")";
    }
  }

  /**
   * Reads a schedule object; every problem is added to {@code problems} naming {@code
   * field.member}, and null is returned when there is any.
   */
  static Schedule parse(JsonNode node, String field, List<String> problems) {
    if (node == null || node.isNull()) {
      return new Manual();
    }
    if (!node.isObject()) {
      problems.add(
          field
              + ": must be an object such as {\"type\": \"DAILY\", \"time\": \"02:30\", \"timezone\": \"UTC\"}");
      return null;
    }
    int before = problems.size();
    String type = node.path("type").asText("").strip().toUpperCase(Locale.ROOT);
    List<String> allowed =
        switch (type) {
          case "MANUAL" -> List.of("type");
          case "DAILY" -> List.of("type", "time", "timezone");
          case "ONCE" -> List.of("type", "date", "time", "timezone");
          case "RECURRING" -> List.of("type", "startDate", "time", "every", "unit", "timezone");
          default -> null;
        };
    if (allowed == null) {
      problems.add(
          field
              + ".type: must be DAILY, ONCE, RECURRING or MANUAL"
              + (node.has("type") ? ", not '" + node.path("type").asText() + "'" : " (missing)"));
      return null;
    }
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                problems.add(
                    field
                        + "."
                        + name
                        + ": not a member of a "
                        + type
                        + " schedule (allowed: "
                        + String.join(", ", allowed)
                        + ")");
              }
            });
    if (type.equals("MANUAL")) {
      return problems.size() == before ? new Manual() : null;
    }
    LocalTime time = time(node, field, problems);
    ZoneId zone = zone(node, field, problems);
    Schedule result =
        switch (type) {
          case "DAILY" -> time == null || zone == null ? null : new Daily(time, zone);
          case "ONCE" -> {
            LocalDate date = date(node, "date", field, problems);
            yield date == null || time == null || zone == null ? null : new Once(date, time, zone);
          }
          default -> {
            LocalDate start = date(node, "startDate", field, problems);
            Integer every = every(node, field, problems);
            Unit unit = unit(node, field, problems);
            yield start == null || time == null || zone == null || every == null || unit == null
                ? null
                : new Recurring(start, time, every, unit, zone);
          }
        };
    return problems.size() == before ? result : null;
  }

  private static LocalTime time(JsonNode node, String field, List<String> problems) {
    JsonNode t = node.get("time");
    if (t == null || !t.isTextual()) {
      problems.add(
          field + ".time: required, as HH:mm in the schedule's time zone (e.g. \"02:30\")");
      return null;
    }
    try {
      return LocalTime.parse(t.asText().strip(), HH_MM);
    } catch (DateTimeParseException e) {
      problems.add(
          field + ".time: '" + t.asText() + "' is not a time of day as HH:mm (00:00-23:59)");
      return null;
    }
  }

  private static ZoneId zone(JsonNode node, String field, List<String> problems) {
    JsonNode z = node.get("timezone");
    if (z == null || !z.isTextual() || z.asText().isBlank()) {
      problems.add(
          field + ".timezone: required, an IANA time zone such as \"UTC\" or \"Asia/Calcutta\"");
      return null;
    }
    try {
      return ZoneId.of(z.asText().strip());
    } catch (DateTimeException e) {
      problems.add(
          field
              + ".timezone: '"
              + z.asText()
              + "' is not an IANA time zone (e.g. \"UTC\", \"Europe/Paris\", \"Asia/Calcutta\")");
      return null;
    }
  }

  private static LocalDate date(JsonNode node, String name, String field, List<String> problems) {
    JsonNode d = node.get(name);
    if (d == null || !d.isTextual()) {
      problems.add(field + "." + name + ": required, as YYYY-MM-DD");
      return null;
    }
    try {
      return LocalDate.parse(d.asText().strip());
    } catch (DateTimeParseException e) {
      problems.add(field + "." + name + ": '" + d.asText() + "' is not a date as YYYY-MM-DD");
      return null;
    }
  }

  private static Integer every(JsonNode node, String field, List<String> problems) {
    JsonNode e = node.get("every");
    if (e == null
        || !e.canConvertToInt()
        || !e.isIntegralNumber()
        || e.asInt() < 1
        || e.asInt() > 1000) {
      problems.add(field + ".every: required, a whole number 1-1000");
      return null;
    }
    return e.asInt();
  }

  private static Unit unit(JsonNode node, String field, List<String> problems) {
    String u = node.path("unit").asText("").strip().toUpperCase(Locale.ROOT);
    try {
      return Unit.valueOf(u);
    } catch (IllegalArgumentException e) {
      problems.add(
          field
              + ".unit: must be HOURS, DAYS or WEEKS"
              + (u.isEmpty() ? " (missing)" : ", not '" + node.path("unit").asText() + "'"));
      return null;
    }
  }
}

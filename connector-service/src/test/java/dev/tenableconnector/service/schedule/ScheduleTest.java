package dev.tenableconnector.service.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Next-run computation across time zones and DST changes, from fixed instants. */
class ScheduleTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static Instant at(String iso) {
    return Instant.parse(iso);
  }

  private static List<Instant> next(Schedule s, Instant from, int count) {
    List<Instant> out = new ArrayList<>();
    Instant t = from;
    for (int i = 0; i < count; i++) {
      t = s.nextAfter(t).orElseThrow();
      out.add(t);
    }
    return out;
  }

  @Test
  void dailyRunsAtTheLocalTimeOfItsOwnZone() {
    Schedule calcutta = new Schedule.Daily(LocalTime.of(2, 30), ZoneId.of("Asia/Calcutta"));
    // 02:30 IST is 21:00 UTC the day before
    assertThat(calcutta.nextAfter(at("2026-11-22T12:00:00Z"))).contains(at("2026-11-22T21:00:00Z"));
    assertThat(calcutta.nextAfter(at("2026-11-22T21:00:00Z"))).contains(at("2026-11-23T21:00:00Z"));
    Schedule utc = new Schedule.Daily(LocalTime.of(2, 30), ZoneId.of("UTC"));
    assertThat(utc.nextAfter(at("2026-11-22T02:29:59Z"))).contains(at("2026-11-22T02:30:00Z"));
  }

  @Test
  void dailyKeepsTheWallClockTimeAcrossBothDstChanges() {
    Schedule nineAm = new Schedule.Daily(LocalTime.of(9, 0), NEW_YORK);
    // EST (-5) before 8 March 2026, EDT (-4) after; back to EST on 1 November 2026
    assertThat(next(nineAm, at("2026-03-07T00:00:00Z"), 2))
        .containsExactly(at("2026-03-07T14:00:00Z"), at("2026-03-08T13:00:00Z"));
    assertThat(next(nineAm, at("2026-10-31T00:00:00Z"), 2))
        .containsExactly(at("2026-10-31T13:00:00Z"), at("2026-11-01T14:00:00Z"));
  }

  @Test
  void aLocalTimeSkippedBySpringForwardRunsAfterTheGapAndTheDayIsNotLost() {
    Schedule s = new Schedule.Daily(LocalTime.of(2, 30), NEW_YORK);
    // 02:30 does not exist on 8 March 2026 in New York: it runs at 03:30 EDT (07:30 UTC)
    assertThat(next(s, at("2026-03-07T08:00:00Z"), 2))
        .containsExactly(at("2026-03-08T07:30:00Z"), at("2026-03-09T06:30:00Z"));
  }

  @Test
  void aLocalTimeRepeatedByFallBackRunsOnceAtItsFirstOccurrence() {
    Schedule s = new Schedule.Daily(LocalTime.of(1, 30), NEW_YORK);
    // 01:30 happens twice on 1 November 2026: 05:30 UTC (EDT) and 06:30 UTC (EST)
    assertThat(next(s, at("2026-11-01T00:00:00Z"), 2))
        .containsExactly(at("2026-11-01T05:30:00Z"), at("2026-11-02T06:30:00Z"));
  }

  @Test
  void onceRunsAtItsInstantAndNeverAgain() {
    Schedule s = new Schedule.Once(LocalDate.of(2026, 12, 1), LocalTime.of(18, 0), PARIS);
    assertThat(s.nextAfter(at("2026-11-22T00:00:00Z"))).contains(at("2026-12-01T17:00:00Z"));
    assertThat(s.nextAfter(at("2026-12-01T17:00:00Z"))).isEmpty();
  }

  @Test
  void recurringDaysAndWeeksKeepLocalTimeAcrossDst() {
    Schedule everyTwoDays =
        new Schedule.Recurring(
            LocalDate.of(2026, 3, 25), LocalTime.of(9, 0), 2, Schedule.Unit.DAYS, PARIS);
    // Paris moves from +01:00 to +02:00 on 29 March 2026
    assertThat(next(everyTwoDays, at("2026-03-01T00:00:00Z"), 3))
        .containsExactly(
            at("2026-03-25T08:00:00Z"), at("2026-03-27T08:00:00Z"), at("2026-03-29T07:00:00Z"));
    Schedule weekly =
        new Schedule.Recurring(
            LocalDate.of(2026, 10, 20), LocalTime.of(23, 15), 1, Schedule.Unit.WEEKS, PARIS);
    assertThat(next(weekly, at("2026-10-21T00:00:00Z"), 2))
        .containsExactly(at("2026-10-27T22:15:00Z"), at("2026-11-03T22:15:00Z"));
    // far from the start, the answer is computed, not iterated from the start
    assertThat(everyTwoDays.nextAfter(at("2030-01-01T00:00:00Z")).orElseThrow())
        .isBetween(at("2030-01-01T00:00:00Z"), at("2030-01-03T00:00:00Z"));
  }

  @Test
  void recurringHoursAreExactElapsedHoursAcrossDst() {
    Schedule sixHours =
        new Schedule.Recurring(
            LocalDate.of(2026, 3, 7), LocalTime.of(22, 0), 6, Schedule.Unit.HOURS, NEW_YORK);
    // 22:00 EST = 03:00 UTC; every 6 h of real time, whatever the wall clock says
    assertThat(next(sixHours, at("2026-03-08T02:00:00Z"), 4))
        .containsExactly(
            at("2026-03-08T03:00:00Z"),
            at("2026-03-08T09:00:00Z"),
            at("2026-03-08T15:00:00Z"),
            at("2026-03-08T21:00:00Z"));
  }

  @Test
  void parsingNamesEveryProblemAndRoundTrips() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<String> problems = new ArrayList<>();
    Schedule bad =
        Schedule.parse(
            mapper.readTree(
                "{\"type\":\"RECURRING\",\"time\":\"25:00\",\"every\":0,\"unit\":\"MONTHS\",\"timezone\":\"Mars/Base\",\"day\":1}"),
            "schedule",
            problems);
    assertThat(bad).isNull();
    assertThat(problems)
        .hasSize(6)
        .anyMatch(p -> p.startsWith("schedule.day:"))
        .anyMatch(p -> p.startsWith("schedule.time:"))
        .anyMatch(p -> p.startsWith("schedule.startDate:"))
        .anyMatch(p -> p.startsWith("schedule.every:"))
        .anyMatch(p -> p.startsWith("schedule.unit:"))
        .anyMatch(p -> p.contains("Mars/Base"));

    for (String json :
        List.of(
            "{\"type\":\"DAILY\",\"time\":\"02:30\",\"timezone\":\"Asia/Calcutta\"}",
            "{\"type\":\"ONCE\",\"date\":\"2026-12-01\",\"time\":\"18:00\",\"timezone\":\"UTC\"}",
            "{\"type\":\"RECURRING\",\"startDate\":\"2026-11-01\",\"time\":\"00:00\",\"every\":3,\"unit\":\"HOURS\",\"timezone\":\"Europe/Paris\"}",
            "{\"type\":\"MANUAL\"}")) {
      List<String> none = new ArrayList<>();
      Schedule s = Schedule.parse(mapper.readTree(json), "schedule", none);
      assertThat(none).isEmpty();
      assertThat(s.toJson()).isEqualTo(mapper.readTree(json));
    }
  }
}

package dev.tenableconnector.core.decision;

import dev.tenableconnector.core.model.FieldType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The fields the inventory derives for each finding ({@link FindingInsight}), declared once: their
 * names, types, stored columns and meanings, and their values, which exports append after the
 * model's fields, the API serves and the query language filters on.
 */
public final class DerivedFields {
  /**
   * One derived field: its export name, its type, its SQL over {@code finding_insights i} (null:
   * computed at read time), what it means, and its value.
   */
  public record Field(
      String name,
      FieldType type,
      String column,
      String description,
      BiFunction<FindingInsight, Instant, Object> value) {}

  public static final List<Field> FIELDS =
      List.of(
          new Field(
              "slaDueAt",
              FieldType.TIMESTAMP,
              "i.sla_due_at",
              "when the finding's SLA window ends, by the remediation policy (null: no SLA for its"
                  + " severity)",
              (i, now) -> i.slaDue()),
          new Field(
              "slaStatus",
              FieldType.STRING,
              null,
              "WITHIN, APPROACHING, BREACHED, CLOSED_IN_SLA or CLOSED_LATE (null: no SLA)",
              (i, now) -> {
                SlaStatus s = i.slaStatus(now);
                return s == null ? null : s.name();
              }),
          new Field(
              "inKev",
              FieldType.BOOLEAN,
              "i.in_kev",
              "one of its CVEs is in CISA's Known Exploited Vulnerabilities catalogue (imported)",
              (i, now) -> i.inKev()),
          new Field(
              "kevDateAdded",
              FieldType.STRING,
              "i.kev_date_added",
              "when CISA added it to KEV (YYYY-MM-DD)",
              (i, now) -> i.kevDateAdded()),
          new Field(
              "kevDueDate",
              FieldType.STRING,
              "i.kev_due_date",
              "the remediation due date CISA set in KEV (YYYY-MM-DD)",
              (i, now) -> i.kevDueDate()),
          new Field(
              "epss",
              FieldType.NUMBER,
              "i.epss",
              "FIRST's EPSS probability of exploitation in the next 30 days, 0-1 (imported feed;"
                  + " the highest of its CVEs)",
              (i, now) -> i.epss()),
          new Field(
              "epssPercentile",
              FieldType.NUMBER,
              "i.epss_percentile",
              "that score's percentile among all scored CVEs, 0-1",
              (i, now) -> i.epssPercentile()),
          new Field(
              "priority",
              FieldType.STRING,
              "i.priority",
              "the SSVC decision: ACT, ATTEND, TRACK_STAR or TRACK",
              (i, now) -> i.priority() == null ? null : i.priority().name()),
          new Field(
              "priorityReason",
              FieldType.STRING,
              "(SELECT r.reason FROM priority_reasons r WHERE r.reason_id = i.reason_id)",
              "why: each SSVC input, where it came from, the table row, the feed dates",
              (i, now) -> i.priorityReason()));

  private DerivedFields() {}

  /** The field of this name (exact), if it is a derived one. */
  public static java.util.Optional<Field> named(String name) {
    return FIELDS.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
  }

  /** The values of every derived field of a finding at {@code now}; nulls when it has none. */
  public static List<Object> values(FindingInsight insight, Instant now) {
    List<Object> out = new ArrayList<>(FIELDS.size());
    for (Field f : FIELDS) {
      out.add(
          insight == null
              ? (f.type() == FieldType.BOOLEAN ? false : null)
              : f.value().apply(insight, now));
    }
    return out;
  }
}

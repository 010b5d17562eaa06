package dev.tenableconnector.client.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads typed values out of a Tenable JSON record the way real data needs: numbers that arrive as
 * strings, empty strings for "no value", scalars where arrays were documented and the reverse, ISO
 * timestamps with or without fractions, epoch seconds or milliseconds. A value that still cannot be
 * read raises {@link RecordFormatException} naming the field path.
 */
final class LenientJson {
  private LenientJson() {}

  static JsonNode object(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return MissingNode.getInstance();
    }
    if (!node.isObject()) {
      throw new RecordFormatException(path + field, "expected an object but got " + kind(node));
    }
    return node;
  }

  static String text(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isValueNode()) {
      String text = node.asText();
      return text.isEmpty() ? null : text;
    }
    throw new RecordFormatException(path + field, "expected text but got " + kind(node));
  }

  static Integer integer(JsonNode parent, String field, String path) {
    Long value = longValue(parent, field, path);
    if (value == null) {
      return null;
    }
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      throw new RecordFormatException(path + field, "number out of range: " + value);
    }
    return value.intValue();
  }

  static Long longValue(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      double d = node.doubleValue();
      if (d == Math.rint(d)) {
        return (long) d;
      }
      throw new RecordFormatException(path + field, "expected a whole number but got " + d);
    }
    if (node.isTextual()) {
      String text = node.asText().strip();
      if (text.isEmpty()) {
        return null;
      }
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        try {
          double d = Double.parseDouble(text);
          if (d == Math.rint(d)) {
            return (long) d;
          }
        } catch (NumberFormatException ignored) {
          // fall through to the error below
        }
        throw new RecordFormatException(path + field, "not a whole number: \"" + clip(text) + "\"");
      }
    }
    throw new RecordFormatException(path + field, "expected a number but got " + kind(node));
  }

  static Double decimal(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      String text = node.asText().strip();
      if (text.isEmpty()) {
        return null;
      }
      try {
        double d = Double.parseDouble(text);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new RecordFormatException(path + field, "not a number: \"" + clip(text) + "\"");
      }
    }
    throw new RecordFormatException(path + field, "expected a number but got " + kind(node));
  }

  static Boolean bool(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && (node.longValue() == 0 || node.longValue() == 1)) {
      return node.longValue() == 1;
    }
    if (node.isTextual()) {
      String text = node.asText().strip().toLowerCase();
      switch (text) {
        case "" -> {
          return null;
        }
        case "true", "yes", "1" -> {
          return true;
        }
        case "false", "no", "0" -> {
          return false;
        }
        default -> {
          // fall through to the error below
        }
      }
    }
    throw new RecordFormatException(path + field, "expected true or false but got " + kind(node));
  }

  static Instant instant(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return epoch(node.longValue());
    }
    if (!node.isTextual()) {
      throw new RecordFormatException(path + field, "expected a timestamp but got " + kind(node));
    }
    String text = node.asText().strip();
    if (text.isEmpty()) {
      return null;
    }
    Instant parsed = parseInstant(text);
    if (parsed == null) {
      throw new RecordFormatException(path + field, "not a timestamp: \"" + clip(text) + "\"");
    }
    return parsed;
  }

  /** Parses ISO-8601 with or without fraction and offset (no offset means UTC), or epoch digits. */
  static Instant parseInstant(String text) {
    Instant fast = parseUtc(text);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
          if (text.chars().allMatch(Character::isDigit) && text.length() <= 15) {
            return epoch(Long.parseLong(text));
          }
          return null;
        }
      }
    }
  }

  /**
   * The common shape of Tenable timestamps, {@code 2025-02-01T22:07:13.508Z} with or without a
   * fraction, parsed without java.time's general parser (it dominated the cost of a record).
   * Anything else returns null and goes to the general parsers.
   */
  static Instant parseUtc(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(n - 1) != 'Z'
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      if (t.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
        return null;
      }
      int fraction = digits(t, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = n - 21; i < 9; i++) {
        nanos *= 10;
      }
    }
    // A day past its month's end (Tenable's own example record has 2018-02-31) rolls over into
    // the next month, as a lenient calendar would: the value is a timestamp, only its day is off.
    long days = LocalDate.of(year, month, 1).toEpochDay() + day - 1;
    return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
  }

  private static int digits(String t, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Epoch seconds, or milliseconds when the number is too large to be seconds. */
  static Instant epoch(long value) {
    return value > 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
  }

  static List<String> strings(JsonNode parent, String field, String path) {
    return list(
        parent,
        field,
        path,
        (node) -> {
          if (!node.isValueNode()) {
            throw new RecordFormatException(
                path + field, "expected text items but got " + kind(node));
          }
          String text = node.asText();
          return text.isEmpty() ? null : text;
        });
  }

  static List<Integer> integers(JsonNode parent, String field, String path) {
    return list(
        parent,
        field,
        path,
        (node) -> {
          if (node.isIntegralNumber()) {
            return node.intValue();
          }
          if (node.isTextual() && !node.asText().isBlank()) {
            try {
              return Integer.parseInt(node.asText().strip());
            } catch (NumberFormatException e) {
              throw new RecordFormatException(
                  path + field, "not a whole number: " + clip(node.asText()));
            }
          }
          throw new RecordFormatException(
              path + field, "expected whole numbers but got " + kind(node));
        });
  }

  /** The items of an array field (a lone value counts as a one-item list), nulls dropped. */
  static <T> List<T> list(JsonNode parent, String field, String path, Function<JsonNode, T> item) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      if (node.isObject()) {
        throw new RecordFormatException(path + field, "expected a list but got an object");
      }
      T single = item.apply(node);
      return single == null ? List.of() : List.of(single);
    }
    List<T> out = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      if (element.isNull()) {
        continue;
      }
      T value = item.apply(element);
      if (value != null) {
        out.add(value);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The first of several spellings of a field that the record carries, for documented vs real keys.
   */
  static String firstPresent(JsonNode parent, String... fields) {
    for (String field : fields) {
      JsonNode node = parent.get(field);
      if (node != null && !node.isNull()) {
        return field;
      }
    }
    return fields[0];
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "text \"" + clip(node.asText()) + "\"";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "the number " + node.asText();
      default -> node.getNodeType().name().toLowerCase();
    };
  }

  private static String clip(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}

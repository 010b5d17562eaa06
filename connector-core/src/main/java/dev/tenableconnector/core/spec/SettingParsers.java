package dev.tenableconnector.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.core.spec.Setting.Surface;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One parser per {@link SettingType}, the same for the command line (text) and the API (JSON). */
public final class SettingParsers {
  private SettingParsers() {}

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F-]{36}");
  private static final Pattern CIDR =
      Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}|[0-9a-fA-F:]+/[0-9]{1,3}");

  static Object defaultOf(Setting s) {
    return switch (s.type()) {
      case CHOICE -> s.defaultValue();
      case CHOICES -> List.of();
      case TAGS -> Map.of();
      case INTEGER -> Integer.parseInt(s.defaultValue());
      case DURATION -> duration(s.defaultValue());
      case UUID, CIDR -> null;
    };
  }

  static Object parse(
      Setting s, JsonNode given, Surface surface, List<String> problems, List<String> warnings) {
    String name = s.nameOn(surface);
    return switch (s.type()) {
      case CHOICE -> {
        String text = text(given, name, problems);
        String choice = text == null ? null : choice(s, text);
        if (text != null && choice == null) {
          problems.add(name + ": must be " + choices(s, surface) + ", not '" + text + "'");
        }
        yield choice == null ? defaultOf(s) : choice;
      }
      case CHOICES -> {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String text : texts(given, name, problems)) {
          String choice = choice(s, text);
          if (choice == null) {
            problems.add(name + ": '" + text + "' is not one of " + choices(s, surface));
          } else {
            out.add(choice);
          }
        }
        yield s.choices().stream()
            .filter(out::contains)
            .toList(); // in the table's order, for stable JSON
      }
      case INTEGER -> {
        Long n = integer(given);
        if (n == null) {
          problems.add(
              name
                  + ": must be a whole number "
                  + s.min()
                  + "-"
                  + s.max()
                  + ", not "
                  + shown(given));
          yield defaultOf(s);
        }
        if (n < s.min() || n > s.max()) {
          problems.add(name + ": must be " + s.min() + "-" + s.max() + ", not " + n);
          yield defaultOf(s);
        }
        yield n.intValue();
      }
      case DURATION -> {
        String text = text(given, name, problems);
        Duration d = text == null ? null : duration(text);
        if (text != null && d == null) {
          problems.add(name + ": '" + text + "' is not a duration such as 30s, 15m, 2h or 1d");
        }
        if (d == null) {
          yield defaultOf(s);
        }
        long seconds = d.toSeconds();
        if (seconds < s.min() || seconds > s.max()) {
          problems.add(
              name
                  + ": must be "
                  + format(Duration.ofSeconds(s.min()))
                  + "-"
                  + format(Duration.ofSeconds(s.max()))
                  + ", not "
                  + format(d));
          yield defaultOf(s);
        }
        if (s.softMin() != null && seconds < s.softMin()) {
          Duration raised = Duration.ofSeconds(s.softMin());
          warnings.add(name + ": " + format(d) + " is raised to " + format(raised));
          yield raised;
        }
        if (s.softMax() != null && seconds > s.softMax()) {
          Duration lowered = Duration.ofSeconds(s.softMax());
          warnings.add(name + ": " + format(d) + " is lowered to " + format(lowered));
          yield lowered;
        }
        yield d;
      }
      case TAGS -> tags(given, name, problems);
      case UUID -> pattern(given, name, problems, UUID, "is not a Tenable network UUID");
      case CIDR -> pattern(given, name, problems, CIDR, "is not an IP range such as 10.0.0.0/8");
    };
  }

  private static String pattern(
      JsonNode given, String name, List<String> problems, Pattern p, String not) {
    String text = text(given, name, problems);
    if (text == null || text.isBlank()) {
      return null;
    }
    if (!p.matcher(text.strip()).matches()) {
      problems.add(name + ": '" + text + "' " + not);
      return null;
    }
    return text.strip();
  }

  private static Map<String, List<String>> tags(
      JsonNode given, String name, List<String> problems) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (given.isObject()) {
      given
          .fields()
          .forEachRemaining(
              e -> {
                List<String> values = texts(e.getValue(), name + "." + e.getKey(), problems);
                if (e.getKey().isBlank()) {
                  problems.add(name + ": a tag category is empty");
                } else if (values.isEmpty()) {
                  problems.add(name + "." + e.getKey() + ": needs at least one value");
                } else {
                  out.put(e.getKey().strip(), values);
                }
              });
      return out;
    }
    if (given.isArray() || given.isTextual()) {
      for (String pair : texts(given, name, problems)) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
          problems.add(name + ": '" + pair + "' must be CATEGORY=VALUE");
        } else {
          out.computeIfAbsent(pair.substring(0, eq).strip(), k -> new ArrayList<>())
              .add(pair.substring(eq + 1).strip());
        }
      }
      return out;
    }
    problems.add(name + ": must be an object of category -> [values]");
    return out;
  }

  private static String choice(Setting s, String text) {
    String wanted = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    return s.choices().stream().filter(c -> c.equals(wanted)).findFirst().orElse(null);
  }

  private static String choices(Setting s, Surface surface) {
    List<String> shown =
        s.choices().stream()
            .map(c -> surface == Surface.CLI ? c.toLowerCase(Locale.ROOT).replace('_', '-') : c)
            .toList();
    return shown.size() == 1
        ? shown.get(0)
        : String.join(", ", shown.subList(0, shown.size() - 1))
            + " or "
            + shown.get(shown.size() - 1);
  }

  private static String text(JsonNode node, String name, List<String> problems) {
    if (!node.isTextual() && !node.isNumber()) {
      problems.add(name + ": must be a string");
      return null;
    }
    return node.asText();
  }

  /** A list from a JSON array, or from text separated by commas (as the command line gives it). */
  private static List<String> texts(JsonNode node, String name, List<String> problems) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      for (String part : node.asText().split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
      return out;
    }
    if (!node.isArray()) {
      problems.add(name + ": must be a list of strings");
      return out;
    }
    for (JsonNode n : node) {
      if (!n.isTextual() || n.asText().isBlank()) {
        problems.add(name + ": every entry must be a non-empty string");
      } else {
        out.add(n.asText().strip());
      }
    }
    return out;
  }

  private static Long integer(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.asLong();
    }
    if (node.isTextual() && node.asText().strip().matches("-?\\d{1,18}")) {
      return Long.parseLong(node.asText().strip());
    }
    return null;
  }

  private static String shown(JsonNode node) {
    return node.isTextual() ? "'" + node.asText() + "'" : node.toString();
  }

  /**
   * {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT15M});
   * null if neither.
   */
  public static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return t.startsWith("p") ? Duration.parse(t.toUpperCase(Locale.ROOT)) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}

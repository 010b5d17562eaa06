package dev.tenableconnector.core.decision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CISA's SSVC decision table (CISA Coordinator 2.0.3, the CSV CERT/CC publishes, bundled unchanged
 * with its licence): exploitation, automatable, technical impact and mission and well-being impact
 * decide Track, Track*, Attend or Act. Loaded and checked whole: 36 rows, each combination once.
 */
public final class Ssvc {
  /** The table's name and version, as reasons cite it. */
  public static final String TABLE = "CISA Coordinator 2.0.3";

  static final String RESOURCE = "/decision/ssvc/cisa_coordinator_2_0_3.csv";

  public enum Exploitation {
    NONE("none"),
    PUBLIC_POC("public poc"),
    ACTIVE("active");

    final String csv;

    Exploitation(String csv) {
      this.csv = csv;
    }
  }

  public enum Automatable {
    NO,
    YES
  }

  public enum TechnicalImpact {
    PARTIAL,
    TOTAL
  }

  /** Mission and well-being impact. */
  public enum Level {
    LOW,
    MEDIUM,
    HIGH
  }

  /** The decisions, as the export writes them ({@code TRACK_STAR} is the table's "track*"). */
  public enum Decision {
    TRACK("track"),
    TRACK_STAR("track*"),
    ATTEND("attend"),
    ACT("act");

    final String csv;

    Decision(String csv) {
      this.csv = csv;
    }
  }

  /** One row of the table: its number in the CSV, its inputs and its decision. */
  public record Row(
      int number,
      Exploitation exploitation,
      Automatable automatable,
      TechnicalImpact technicalImpact,
      Level missionImpact,
      Decision decision) {}

  private static final Ssvc BUNDLED = load();

  private final List<Row> rows;
  private final Map<String, Row> byInputs = new HashMap<>();

  private Ssvc(List<Row> rows) {
    this.rows = List.copyOf(rows);
    for (Row r : rows) {
      byInputs.put(
          key(r.exploitation(), r.automatable(), r.technicalImpact(), r.missionImpact()), r);
    }
  }

  /** The bundled table. */
  public static Ssvc table() {
    return BUNDLED;
  }

  public List<Row> rows() {
    return rows;
  }

  /** The row these inputs select (every combination has one). */
  public Row decide(Exploitation e, Automatable a, TechnicalImpact t, Level m) {
    return byInputs.get(key(e, a, t, m));
  }

  private static String key(Exploitation e, Automatable a, TechnicalImpact t, Level m) {
    return e + "/" + a + "/" + t + "/" + m;
  }

  private static Ssvc load() {
    try (InputStream in = Ssvc.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the built-in " + RESOURCE + " is missing from the build");
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new IllegalStateException("the built-in " + RESOURCE + " cannot be read", e);
    }
  }

  /** Reads the CSV and checks that it decides every combination exactly once. */
  static Ssvc parse(BufferedReader csv) throws IOException {
    String header = csv.readLine();
    if (header == null || !header.startsWith("row,Exploitation")) {
      throw new IllegalStateException(
          "the SSVC table's header is not CISA Coordinator's: " + header);
    }
    List<Row> rows = new ArrayList<>();
    for (String line = csv.readLine(); line != null; line = csv.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != 6) {
        throw new IllegalStateException("SSVC table row has " + cells.length + " cells: " + line);
      }
      rows.add(
          new Row(
              Integer.parseInt(cells[0]),
              match(Exploitation.values(), cells[1], x -> x.csv),
              Automatable.valueOf(cells[2].toUpperCase(Locale.ROOT)),
              TechnicalImpact.valueOf(cells[3].toUpperCase(Locale.ROOT)),
              Level.valueOf(cells[4].toUpperCase(Locale.ROOT)),
              match(Decision.values(), cells[5], x -> x.csv)));
    }
    Ssvc table = new Ssvc(rows);
    int combinations =
        Exploitation.values().length
            * Automatable.values().length
            * TechnicalImpact.values().length
            * Level.values().length;
    if (rows.size() != combinations || table.byInputs.size() != combinations) {
      throw new IllegalStateException(
          "the SSVC table must decide each of the " + combinations + " combinations once");
    }
    return table;
  }

  private static <T> T match(T[] values, String cell, java.util.function.Function<T, String> csv) {
    for (T v : values) {
      if (csv.apply(v).equals(cell)) {
        return v;
      }
    }
    throw new IllegalStateException("unknown value in the SSVC table: '" + cell + "'");
  }
}

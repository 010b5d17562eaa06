package dev.tenableconnector.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Markdown table the docs must hold, rendered from a declaration in code (a spec, an enum), and
 * the check that they do, so that a declaration and its documentation cannot drift apart.
 */
public final class DocsTable {
  private DocsTable() {}

  /** The table, one row a line, as the docs write it. */
  public static String markdown(List<String> header, List<List<String>> rows) {
    StringBuilder t = new StringBuilder(line(header));
    t.append("|").append(" --- |".repeat(header.size())).append('\n');
    rows.forEach(row -> t.append(line(row)));
    return t.toString();
  }

  /**
   * Throws an AssertionError, with the table to paste, unless {@code docs/<file>} (from a module's
   * directory) holds it; {@code source} names the declaration to regenerate it from.
   */
  public static void assertHeldBy(String file, String table, String source) {
    String docs;
    try {
      docs = Files.readString(Path.of("..", "docs", file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!docs.contains(table)) {
      throw new AssertionError(
          "docs/" + file + " must hold this table (regenerate it from " + source + "):\n" + table);
    }
  }

  private static String line(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }
}

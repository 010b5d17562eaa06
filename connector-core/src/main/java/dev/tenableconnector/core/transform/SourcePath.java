package dev.tenableconnector.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A transform map row's source: one or more alternatives separated by {@code |}, the first that
 * yields a non-empty value wins. An alternative is a quoted literal ({@code 'Tenable'}), or a path
 * into the Tenable record: dotted names, {@code []} to take every element of an array, {@code [n]}
 * for one element, and for findings a {@code $asset.} prefix that reads the asset-export record of
 * the finding's asset instead of the vuln record. A path may end in a derived value ({@code @name},
 * see {@link DerivedValue}).
 */
public final class SourcePath {
  private final String text;
  private final List<Alternative> alternatives;

  private SourcePath(String text, List<Alternative> alternatives) {
    this.text = text;
    this.alternatives = alternatives;
  }

  /** Parses the expression, or throws {@link IllegalArgumentException} saying what is wrong. */
  public static SourcePath parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the source is empty");
    }
    List<Alternative> alternatives = new ArrayList<>();
    for (String part : splitAlternatives(text)) {
      alternatives.add(Alternative.parse(part.strip()));
    }
    return new SourcePath(text.strip(), List.copyOf(alternatives));
  }

  private static List<String> splitAlternatives(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      }
      if (c == '|' && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("a quoted literal is not closed");
    }
    parts.add(current.toString());
    return parts;
  }

  public String text() {
    return text;
  }

  public List<Alternative> alternatives() {
    return alternatives;
  }

  /** True when some alternative reads the finding's asset record. */
  public boolean readsAssetContext() {
    return alternatives.stream().anyMatch(Alternative::assetContext);
  }

  /**
   * Adds the values of the first alternative that has any to {@code out}: scalars as value nodes,
   * objects as object nodes, arrays flattened one level. {@code asset} may be null.
   */
  public void evaluate(JsonNode record, JsonNode asset, List<JsonNode> out) {
    for (Alternative alternative : alternatives) {
      int before = out.size();
      alternative.evaluate(record, asset, out);
      if (out.size() > before) {
        return;
      }
    }
  }

  @Override
  public String toString() {
    return text;
  }

  /** One alternative: a literal, or a path from the record (or the asset context). */
  public record Alternative(
      String literal, boolean assetContext, List<Step> steps, DerivedValue derived) {

    static Alternative parse(String text) {
      if (text.isEmpty()) {
        throw new IllegalArgumentException("an alternative between '|' is empty");
      }
      if (text.startsWith("'")) {
        if (text.length() < 2 || !text.endsWith("'")) {
          throw new IllegalArgumentException("literal " + text + " must be one quoted string");
        }
        return new Alternative(text.substring(1, text.length() - 1), false, List.of(), null);
      }
      boolean assetContext = false;
      String rest = text;
      if (rest.startsWith("$")) {
        if (!rest.startsWith("$asset.")) {
          throw new IllegalArgumentException("'" + text + "': the only context is $asset.");
        }
        assetContext = true;
        rest = rest.substring("$asset.".length());
      }
      List<Step> steps = new ArrayList<>();
      DerivedValue derived = null;
      String[] names = rest.split("\\.", -1);
      for (int i = 0; i < names.length; i++) {
        String name = names[i];
        if (name.startsWith("@")) {
          if (i != names.length - 1) {
            throw new IllegalArgumentException(
                "'" + text + "': a derived value (" + name + ") must end the path");
          }
          derived =
              DerivedValue.named(name.substring(1))
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "'"
                                  + text
                                  + "': unknown derived value "
                                  + name
                                  + "; known: "
                                  + DerivedValue.names()));
          break;
        }
        steps.add(Step.parse(text, name));
      }
      return new Alternative(null, assetContext, List.copyOf(steps), derived);
    }

    void evaluate(JsonNode record, JsonNode asset, List<JsonNode> out) {
      if (literal != null) {
        out.add(TextNode.valueOf(literal));
        return;
      }
      JsonNode root = assetContext ? asset : record;
      if (root == null) {
        return;
      }
      if (steps.isEmpty()) {
        derived.evaluate(root, out);
        return;
      }
      walk(root, 0, out);
    }

    private void walk(JsonNode node, int step, List<JsonNode> out) {
      if (node == null || node.isNull() || node.isMissingNode()) {
        return;
      }
      if (step == steps.size()) {
        if (derived != null) {
          derived.evaluate(node, out);
        } else if (node.isArray()) {
          for (JsonNode item : node) {
            if (!item.isNull()) {
              out.add(item);
            }
          }
        } else {
          out.add(node);
        }
        return;
      }
      Step s = steps.get(step);
      JsonNode child = node.get(s.name());
      if (child == null || child.isNull()) {
        return;
      }
      if (s.index() == Step.ALL) {
        if (child.isArray()) {
          for (JsonNode item : child) {
            walk(item, step + 1, out);
          }
        } else {
          walk(child, step + 1, out);
        }
      } else if (s.index() >= 0) {
        // A scalar where an array was expected counts as a one-element array, as in real data.
        JsonNode item = child.isArray() ? child.get(s.index()) : (s.index() == 0 ? child : null);
        walk(item, step + 1, out);
      } else {
        walk(child, step + 1, out);
      }
    }
  }

  /** One dotted name, with {@code []} (every element) or {@code [n]} (one element) or neither. */
  public record Step(String name, int index) {
    static final int NONE = -1;
    static final int ALL = -2;

    static Step parse(String whole, String text) {
      String name = text;
      int index = NONE;
      int bracket = text.indexOf('[');
      if (bracket >= 0) {
        if (!text.endsWith("]")) {
          throw new IllegalArgumentException("'" + whole + "': '" + text + "' has an unclosed [");
        }
        name = text.substring(0, bracket);
        String inside = text.substring(bracket + 1, text.length() - 1);
        if (inside.isEmpty()) {
          index = ALL;
        } else if (inside.chars().allMatch(Character::isDigit) && inside.length() < 6) {
          index = Integer.parseInt(inside);
        } else {
          throw new IllegalArgumentException(
              "'" + whole + "': index [" + inside + "] must be empty or a number");
        }
      }
      if (name.isEmpty()) {
        throw new IllegalArgumentException("'" + whole + "' has an empty name between dots");
      }
      if (!name.chars().allMatch(c -> c == '_' || c == '-' || Character.isLetterOrDigit(c))) {
        throw new IllegalArgumentException(
            "'" + whole + "': '" + name + "' is not a field name (letters, digits, _ and - only)");
      }
      return new Step(name, index);
    }
  }
}

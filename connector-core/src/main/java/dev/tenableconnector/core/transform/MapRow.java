package dev.tenableconnector.core.transform;

import dev.tenableconnector.core.model.TargetField;
import java.util.Locale;
import java.util.Map;

/**
 * One row of a transform map: a Tenable source, the target field it fills, whether a record without
 * a value there is rejected, and an optional value map (keys compared case-insensitively; {@code
 * otherwise} replaces unmapped values when set, else they pass through).
 */
public record MapRow(
    int position,
    String label,
    SourcePath source,
    TargetField target,
    boolean required,
    Map<String, String> valueMap,
    String otherwise) {

  /** The mapped value of one source text. */
  public String mapValue(String value) {
    if (valueMap.isEmpty()) {
      return value;
    }
    String mapped = valueMap.get(value.toLowerCase(Locale.ROOT));
    if (mapped != null) {
      return mapped;
    }
    return otherwise != null ? otherwise : value;
  }

  @Override
  public String toString() {
    return target.entity().plural()
        + " row "
        + position
        + " ("
        + label
        + " -> "
        + target.name()
        + ")";
  }
}

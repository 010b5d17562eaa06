package dev.tenableconnector.core.model;

import java.time.Instant;
import java.util.List;

/**
 * One asset or finding in the normalized model: a value per {@link TargetField} of its entity, or
 * null when empty. Values are String, Long, Double, Boolean, Instant, List of String or List of
 * {@link NetworkInterface}, as the field's type says.
 */
public final class NormalizedRecord {
  private final FieldCatalog catalog;
  private final Object[] values;

  public NormalizedRecord(Entity entity) {
    this.catalog = FieldCatalog.of(entity);
    this.values = new Object[catalog.size()];
  }

  public Entity entity() {
    return catalog.entity();
  }

  public FieldCatalog catalog() {
    return catalog;
  }

  public Object get(TargetField field) {
    return values[field.index()];
  }

  public Object get(String name) {
    return values[catalog.require(name).index()];
  }

  public void set(TargetField field, Object value) {
    values[field.index()] = value;
  }

  public void set(String name, Object value) {
    set(catalog.require(name), value);
  }

  public String text(String name) {
    Object value = get(name);
    return value == null ? null : value.toString();
  }

  public Long integer(String name) {
    return (Long) get(name);
  }

  public Instant instant(String name) {
    return (Instant) get(name);
  }

  @SuppressWarnings("unchecked")
  public List<String> strings(String name) {
    Object value = get(name);
    return value == null ? List.of() : (List<String>) value;
  }

  /** True when no field has a value. */
  public boolean isBlank() {
    for (Object value : values) {
      if (!isEmpty(value)) {
        return false;
      }
    }
    return true;
  }

  /** True when both records have the same value in every field. */
  public boolean sameValues(NormalizedRecord other) {
    return catalog == other.catalog && java.util.Arrays.equals(values, other.values);
  }

  public static boolean isEmpty(Object value) {
    return value == null
        || value instanceof List<?> list && list.isEmpty()
        || value instanceof String s && s.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(entity().plural()).append('{');
    for (TargetField field : catalog.fields()) {
      if (!isEmpty(values[field.index()])) {
        out.append(field.name()).append('=').append(values[field.index()]).append(", ");
      }
    }
    return out.append('}').toString();
  }
}

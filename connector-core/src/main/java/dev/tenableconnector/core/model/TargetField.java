package dev.tenableconnector.core.model;

/**
 * One field of the normalized model. {@code index} is its position in {@link FieldCatalog}'s list
 * for its entity, which is also its position in a {@link NormalizedRecord}.
 */
public record TargetField(
    Entity entity, String name, FieldType type, int index, String description) {
  @Override
  public String toString() {
    return entity.plural() + "." + name;
  }
}

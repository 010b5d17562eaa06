package dev.tenableconnector.core.model;

/**
 * One field of the normalized model. {@code index} is its position in {@link FieldCatalog}'s list
 * for its entity, which is also its position in a {@link NormalizedRecord}; {@code owner} says
 * whose fact it is (see {@link FactOwner}).
 */
public record TargetField(
    Entity entity, String name, FieldType type, int index, String description, FactOwner owner) {
  @Override
  public String toString() {
    return entity.plural() + "." + name;
  }
}

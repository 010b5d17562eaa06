package dev.tenableconnector.core.store;

/** Reads an enum stored by name, with an error that says which column held what. */
final class StoredName {
  private StoredName() {}

  static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new StoreException(
          "the run log holds " + what + " '" + text + "', which this release does not know", e);
    }
  }
}

package dev.tenableconnector.core.model;

/** The two kinds of inventory record: a host asset and a vulnerability finding on one. */
public enum Entity {
  ASSET("assets"),
  FINDING("findings");

  private final String plural;

  Entity(String plural) {
    this.plural = plural;
  }

  /** The name used in map files, commands and tables: {@code assets} or {@code findings}. */
  public String plural() {
    return plural;
  }
}

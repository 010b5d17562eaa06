package dev.tenableconnector.kafka;

/** The plugin's version, as Connect reports it for the connector and its tasks. */
final class Versions {
  static final String VERSION =
      java.util.Objects.requireNonNullElse(
          Versions.class.getPackage().getImplementationVersion(), "0.1.0-SNAPSHOT");

  private Versions() {}
}

package dev.tenableconnector.app;

import dev.tenableconnector.core.transform.SeverityMapping;
import dev.tenableconnector.core.transform.TransformMap;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --map} and {@code --severity-map} options, and the files they name. */
final class MapOptions {
  @Option(
      names = "--map",
      paramLabel = "FILE",
      description = "Transform map file (default: the built-in map).")
  Path mapFile;

  @Option(
      names = "--severity-map",
      paramLabel = "FILE",
      description = "Risk severity mapping file (default: the built-in mapping).")
  Path severityMapFile;

  /** The transform map; throws TransformMapException naming every problem of the file. */
  TransformMap map() {
    return mapFile == null ? TransformMap.defaults() : TransformMap.load(mapFile);
  }

  /** The severity mapping; throws TransformMapException naming every problem of the file. */
  SeverityMapping severity() {
    return severityMapFile == null
        ? SeverityMapping.defaults()
        : SeverityMapping.load(severityMapFile);
  }
}

package dev.tenableconnector.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that say where Tenable is and where the keys are, shared by the commands that call
 * it.
 */
final class TenableAccessOptions {
  @Option(
      names = "--tenable-url",
      paramLabel = "URL",
      description = "Tenable VM API URL (default: $TIO_URL, else https://cloud.tenable.com).")
  String tenableUrl;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file with tenable.url, tenable.access-key, tenable.secret-key (chmod 600).")
  Path config;

  /** The URL and keys from these options, the environment and the config file. */
  TenableAccess resolve() throws TenableAccess.Problem {
    return TenableAccess.resolve(tenableUrl, config, System.getenv());
  }
}

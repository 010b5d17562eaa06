package dev.tenableconnector.app;

import dev.tenableconnector.client.ApiKeys;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where a command finds Tenable: the URL from the option, {@code TIO_URL}/{@code TENABLE_URL} or
 * the config file, and the keys from {@code TENABLE_ACCESS_KEY}/{@code TENABLE_SECRET_KEY},
 * pyTenable's {@code TIO_ACCESS_KEY}/{@code TIO_SECRET_KEY}, or the config file. Keys never come
 * from options: command lines end up in shell history and process lists.
 */
record TenableAccess(String url, ApiKeys keys, String warning) {
  static final String DEFAULT_URL = "https://cloud.tenable.com";

  /** Thrown when the keys or the config file are missing or unusable; the message says which. */
  static final class Problem extends Exception {
    Problem(String message) {
      super(message);
    }
  }

  static TenableAccess resolve(String urlOption, Path configFile, Map<String, String> env)
      throws Problem {
    Properties config = new Properties();
    String warning = null;
    if (configFile != null) {
      if (!Files.isReadable(configFile)) {
        throw new Problem("the config file " + configFile + " cannot be read");
      }
      try (Reader reader = Files.newBufferedReader(configFile)) {
        config.load(reader);
      } catch (IOException e) {
        throw new Problem("the config file " + configFile + " cannot be read: " + e.getMessage());
      }
      warning = permissionWarning(configFile);
    }
    String url =
        first(
            urlOption,
            env.get("TIO_URL"),
            env.get("TENABLE_URL"),
            config.getProperty("tenable.url"),
            DEFAULT_URL);
    String access =
        first(
            env.get("TENABLE_ACCESS_KEY"),
            env.get("TIO_ACCESS_KEY"),
            config.getProperty("tenable.access-key"));
    String secret =
        first(
            env.get("TENABLE_SECRET_KEY"),
            env.get("TIO_SECRET_KEY"),
            config.getProperty("tenable.secret-key"));
    if (access == null || secret == null) {
      throw new Problem(
          "no Tenable API keys: set TENABLE_ACCESS_KEY and TENABLE_SECRET_KEY (or"
              + " TIO_ACCESS_KEY and TIO_SECRET_KEY), or give --config FILE with tenable.access-key and"
              + " tenable.secret-key. To try the connector without Tenable, run `bin/tenable-connector demo`.");
    }
    try {
      return new TenableAccess(url, new ApiKeys(access, secret), warning);
    } catch (ApiKeys.InvalidKeys e) {
      throw new Problem(e.getMessage());
    }
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return null;
  }

  private static String permissionWarning(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        return "warning: "
            + file
            + " holds API keys and is readable by other users; run chmod 600 "
            + file;
      }
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
    return null;
  }
}

package dev.tenableconnector.core.transform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the text of a shipped mapping file or of a user's copy, with the error each deserves. */
final class MappingFiles {
  private MappingFiles() {}

  /** A file shipped in the jar: its absence is a broken build, not a user error. */
  static String builtIn(String resource) {
    try (InputStream in = MappingFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the built-in " + resource + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("the built-in " + resource + " cannot be read", e);
    }
  }

  /** A user's file: a problem reading it is reported like any other problem of the file. */
  static String user(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new TransformMapException(file.toString(), List.of("cannot be read: " + e));
    }
  }
}

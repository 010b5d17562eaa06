package dev.tenableconnector.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a shipped mapping file or a user's copy, with the error each deserves, and the parts every
 * mapping file has.
 */
final class MappingFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper();

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

  /** The file's JSON; text that is not JSON is the file's one problem. */
  static JsonNode json(String text, String origin) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new TransformMapException(origin, List.of("is not valid JSON: " + e.getMessage()));
    }
  }

  /** The file's {@code name}, noting a problem when it is missing. */
  static String name(JsonNode root, List<String> problems) {
    String name = root.path("name").asText("");
    if (name.isBlank()) {
      problems.add("'name' is missing");
    }
    return name;
  }
}

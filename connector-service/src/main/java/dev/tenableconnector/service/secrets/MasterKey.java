package dev.tenableconnector.service.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The 256-bit key that encrypts connector keys: from {@code TENABLE_CONNECTOR_MASTER_KEY} (base64
 * of 32 bytes, e.g. {@code openssl rand -base64 32}) or from a key file, which is created with
 * owner-only permissions the first time the service starts.
 */
public final class MasterKey {
  public static final String ENV = "TENABLE_CONNECTOR_MASTER_KEY";
  private static final int BYTES = 32;

  private final byte[] bytes;
  private final String origin;

  private MasterKey(byte[] bytes, String origin) {
    this.bytes = bytes;
    this.origin = origin;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  /** Where the key came from, for messages (never the key). */
  public String origin() {
    return origin;
  }

  /** The environment variable if set, else the file (created when missing). */
  public static MasterKey resolve(Map<String, String> env, Path file) {
    return resolve(env, file, false);
  }

  /**
   * As {@link #resolve(Map, Path)}, but when the database already holds secrets sealed with a
   * master key, a missing key file is an error, not a reason to make a new key: the new key could
   * not open them, and the old one would be harder to restore once a new file sits there.
   */
  public static MasterKey resolve(Map<String, String> env, Path file, boolean secretsExist) {
    String value = env.get(ENV);
    if (value != null && !value.isBlank()) {
      return new MasterKey(decode(value, "$" + ENV), "$" + ENV);
    }
    if (secretsExist && !Files.exists(file)) {
      throw new IllegalArgumentException(
          "the master key file "
              + file
              + " is missing, but the"
              + " inventory holds connector keys sealed with a master key: restore the file from your"
              + " backup (or set "
              + ENV
              + "); a new key could not open them. To start over, enter the"
              + " connectors' keys again after deleting them.");
    }
    return fromFile(file);
  }

  public static MasterKey fromFile(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII);
      return new MasterKey(decode(text, file.toString()), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the master key file " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] key = new byte[BYTES];
    new SecureRandom().nextBytes(key);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system: the directory's protection applies
    } catch (FileAlreadyExistsException e) {
      return; // another process created it first
    }
    Files.writeString(
        file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
  }

  private static byte[] decode(String text, String origin) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the master key in " + origin + " is not base64");
    }
    if (key.length != BYTES) {
      throw new IllegalArgumentException(
          "the master key in "
              + origin
              + " must be "
              + BYTES
              + " bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`), not "
              + key.length);
    }
    return key;
  }
}

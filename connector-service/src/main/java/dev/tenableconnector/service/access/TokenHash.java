package dev.tenableconnector.service.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What a secret token (a user's, a session's) is stored as: its SHA-256, never the token. */
public final class TokenHash {
  private TokenHash() {}

  /** The SHA-256 of the text's UTF-8 bytes. */
  public static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The same, as lower-case hex: the form kept in the database. */
  public static String of(String token) {
    return HexFormat.of().formatHex(digest(token));
  }
}

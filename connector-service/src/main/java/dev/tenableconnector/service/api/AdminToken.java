package dev.tenableconnector.service.api;

import dev.tenableconnector.service.registry.ConnectorRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The bearer token of the API: {@code TENABLE_CONNECTOR_ADMIN_TOKEN} when set, else one generated
 * at first start and shown once; only its SHA-256 is stored, and requests are compared in constant
 * time.
 */
public final class AdminToken {
  public static final String ENV = "TENABLE_CONNECTOR_ADMIN_TOKEN";
  private static final String SETTING = "admin_token_sha256";

  private final byte[] hash;
  private final String generated;
  private final String origin;

  private AdminToken(byte[] hash, String generated, String origin) {
    this.hash = hash;
    this.generated = generated;
    this.origin = origin;
  }

  /** From the environment, the stored hash, or a new token ({@link #generated()} then shows it). */
  public static AdminToken resolve(
      Map<String, String> env, ConnectorRegistry registry, boolean rotate) {
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      if (fromEnv.strip().length() < 16) {
        throw new IllegalArgumentException(ENV + " must be at least 16 characters");
      }
      return new AdminToken(sha256(fromEnv.strip()), null, "$" + ENV);
    }
    if (!rotate) {
      var stored = registry.setting(SETTING);
      if (stored.isPresent()) {
        return new AdminToken(
            HexFormat.of().parseHex(stored.get()), null, "the token generated at first start");
      }
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    byte[] hash = sha256(token);
    registry.putSetting(SETTING, HexFormat.of().formatHex(hash));
    return new AdminToken(hash, token, "a newly generated token");
  }

  /** The token in clear when it was just generated (to print once), else null. */
  public String generated() {
    return generated;
  }

  public String origin() {
    return origin;
  }

  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(hash, sha256(presented));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

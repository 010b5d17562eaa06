package dev.tenableconnector.service.secrets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Encrypts connector keys at rest with AES-256-GCM (Tink) under the service's master key. Each
 * ciphertext is bound to the connector and the key's role as associated data, so a ciphertext
 * copied to another row or column does not decrypt.
 */
public final class SecretBox {
  private final Aead aead;

  public SecretBox(MasterKey masterKey) {
    try {
      AeadConfig.register();
      AesGcmParameters parameters =
          AesGcmParameters.builder()
              .setKeySizeBytes(32)
              .setIvSizeBytes(12)
              .setTagSizeBytes(16)
              .setVariant(AesGcmParameters.Variant.NO_PREFIX)
              .build();
      AesGcmKey key =
          AesGcmKey.builder()
              .setParameters(parameters)
              .setKeyBytes(SecretBytes.copyFrom(masterKey.bytes(), InsecureSecretKeyAccess.get()))
              .build();
      KeysetHandle handle =
          KeysetHandle.newBuilder()
              .addEntry(KeysetHandle.importKey(key).withFixedId(1).makePrimary())
              .build();
      this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up encryption: " + e.getMessage(), e);
    }
  }

  public byte[] encrypt(String plaintext, String context) {
    try {
      return aead.encrypt(
          plaintext.getBytes(StandardCharsets.UTF_8), context.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  /** Throws {@link WrongMasterKeyException} when the ciphertext was made under another key. */
  public String decrypt(byte[] ciphertext, String context) {
    try {
      return new String(
          aead.decrypt(ciphertext, context.getBytes(StandardCharsets.UTF_8)),
          StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new WrongMasterKeyException();
    }
  }

  /**
   * A salted SHA-256 of an access key: lets the service see that two connectors use the same key
   * without storing or decrypting it. Access keys are 256-bit random values, so this cannot be
   * reversed; the per-installation salt keeps fingerprints from matching across installations.
   */
  public static String fingerprint(String accessKey, String salt) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(accessKey.strip().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stored ciphertexts were made with a different master key. */
  public static final class WrongMasterKeyException extends RuntimeException {
    public WrongMasterKeyException() {
      super(
          "the stored connector keys cannot be decrypted with this master key: start the service"
              + " with the master key it was first started with (TENABLE_CONNECTOR_MASTER_KEY or the key file)");
    }
  }
}

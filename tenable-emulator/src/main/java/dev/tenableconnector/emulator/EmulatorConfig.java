package dev.tenableconnector.emulator;

import dev.tenableconnector.emulator.data.EstateSettings;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How an emulator runs: where it listens, which keys and role it accepts, the estate it serves,
 * export timing and limits, and the faults it injects. Defaults suit tests: loopback, no delays.
 */
public record EmulatorConfig(
    String host,
    int port,
    String accessKey,
    String secretKey,
    int permissions,
    boolean denyExports,
    boolean customRole,
    EstateSettings estate,
    Duration queuedFor,
    Duration chunkInterval,
    Duration exportTtl,
    int maxConcurrentExports,
    int concurrencyRetryAfterSeconds,
    boolean replaceDuplicateAssetExports,
    List<FaultRule> faults,
    Clock clock,
    long chunkCacheBytes) {

  public static final String DEFAULT_ACCESS_KEY = "emulator-access-key";
  public static final String DEFAULT_SECRET_KEY = "emulator-secret-key";

  public EmulatorConfig {
    faults = List.copyOf(faults);
    List<String> problems = new ArrayList<>();
    if (port < 0 || port > 65535) {
      problems.add("port must be between 0 and 65535");
    }
    if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
      problems.add("access and secret keys must not be blank");
    }
    if (queuedFor.isNegative() || chunkInterval.isNegative() || exportTtl.isNegative()) {
      problems.add("durations must not be negative");
    }
    if (chunkCacheBytes < 0) {
      problems.add("chunkCacheBytes must not be negative");
    }
    if (maxConcurrentExports < 1) {
      problems.add("maxConcurrentExports must be at least 1");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid emulator configuration: " + String.join("; ", problems));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a configuration; every setting has a default. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private String accessKey = DEFAULT_ACCESS_KEY;
    private String secretKey = DEFAULT_SECRET_KEY;
    private int permissions = 64;
    private boolean denyExports;
    private boolean customRole;
    private long seed = 42;
    private int assets = 200;
    private int findingsPerAsset = 10;
    private EstateSettings estate;
    private Duration queuedFor = Duration.ZERO;
    private Duration chunkInterval = Duration.ZERO;
    private Duration exportTtl = Duration.ofHours(24);
    private int maxConcurrentExports = 10;
    private int concurrencyRetryAfterSeconds = 30;
    private boolean replaceDuplicateAssetExports;
    private final List<FaultRule> faults = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private long chunkCacheBytes;

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder keys(String accessKey, String secretKey) {
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    /** The {@code permissions} of the API user: 0, 16, 24, 32, 40 or 64 (default 64). */
    public Builder permissions(int permissions) {
      this.permissions = permissions;
      return this;
    }

    /** Answer 403 on the export endpoints whatever the role (a custom role without exports). */
    public Builder denyExports(boolean deny) {
      this.denyExports = deny;
      return this;
    }

    /**
     * The user holds a custom role with the export privilege: exports are allowed whatever {@code
     * permissions} says (Tenable reports a custom role's value, which may be below 16).
     */
    public Builder customRole(boolean custom) {
      this.customRole = custom;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder assets(int assets) {
      this.assets = assets;
      return this;
    }

    public Builder findingsPerAsset(int findings) {
      this.findingsPerAsset = findings;
      return this;
    }

    /** Full control of the estate; overrides seed, assets and findings per asset. */
    public Builder estate(EstateSettings settings) {
      this.estate = settings;
      return this;
    }

    public Builder queuedFor(Duration d) {
      this.queuedFor = d;
      return this;
    }

    public Builder chunkInterval(Duration d) {
      this.chunkInterval = d;
      return this;
    }

    public Builder exportTtl(Duration d) {
      this.exportTtl = d;
      return this;
    }

    public Builder maxConcurrentExports(int n) {
      this.maxConcurrentExports = n;
      return this;
    }

    /**
     * Answers an asset export identical to a running one the other way Tenable's description gives:
     * "the old export is canceled and a new export is submitted" (instead of 409).
     */
    public Builder replaceDuplicateAssetExports(boolean replace) {
      this.replaceDuplicateAssetExports = replace;
      return this;
    }

    public Builder concurrencyRetryAfterSeconds(int seconds) {
      this.concurrencyRetryAfterSeconds = seconds;
      return this;
    }

    public Builder fault(String spec) {
      this.faults.add(FaultRule.parse(spec));
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Renders each export's chunks ahead of their download, as Tenable does while an export is
     * PROCESSING, into gzip files of at most {@code bytes} in all (0, the default: every chunk is
     * generated as it is downloaded).
     */
    public Builder chunkCache(long bytes) {
      this.chunkCacheBytes = bytes;
      return this;
    }

    public EmulatorConfig build() {
      EstateSettings settings =
          estate != null ? estate : EstateSettings.of(seed, assets, findingsPerAsset);
      return new EmulatorConfig(
          host,
          port,
          accessKey,
          secretKey,
          permissions,
          denyExports,
          customRole,
          settings,
          queuedFor,
          chunkInterval,
          exportTtl,
          maxConcurrentExports,
          concurrencyRetryAfterSeconds,
          replaceDuplicateAssetExports,
          faults,
          clock,
          chunkCacheBytes);
    }
  }
}

package dev.tenableconnector.service.connector;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.model.TenableSession;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.sync.Scope;
import dev.tenableconnector.service.check.ConnectionTestResult;
import dev.tenableconnector.service.check.ConnectionTester;
import dev.tenableconnector.service.registry.ConnectorRegistry;
import dev.tenableconnector.service.registry.ConnectorRow;
import dev.tenableconnector.service.secrets.SecretBox;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managed connectors: create (only after Test Connection passes, unless explicitly told to skip
 * it), edit (key rotation, Retain Delta, schedule), delete, and test; keys encrypted at rest; one
 * connector per Tenable account.
 */
public final class Connectors {
  private static final Logger log = LoggerFactory.getLogger(Connectors.class);
  private static final String SALT = "key_fingerprint_salt";
  private static final String KEY_CHECK = "master_key_check";

  /** How long Delete waits for a cancelled run to stop. */
  private static final java.time.Duration DELETE_WAIT = java.time.Duration.ofSeconds(30);

  /**
   * Connectors one service holds: one per Tenable account, so far past a real estate, and small
   * enough that the list, the scheduler tick and the UI stay quick (10,000 took the list to 7.7
   * MB).
   */
  public static final int MAX_CONNECTORS = 200;

  /** Tenable's own cloud hosts: stored keys may follow a URL change to one of these. */
  static final java.util.Set<String> KNOWN_TENABLE_HOSTS =
      java.util.Set.of("cloud.tenable.com", "fedcloud.tenable.com");

  private static String host(String url) {
    try {
      String h = java.net.URI.create(url.strip()).getHost();
      return h == null ? "" : h.toLowerCase(java.util.Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private final InventoryStore store;
  private final ConnectorRegistry registry;
  private final SecretBox box;
  private final ConnectionTester tester;
  private final Clock clock;
  private final String salt;
  private volatile ConnectorActivity activity = ConnectorActivity.NONE;

  /** Throws {@link SecretBox.WrongMasterKeyException} when the master key is not the one in use. */
  private final AccountGuard accountGuard;

  public Connectors(InventoryStore store, SecretBox box, ConnectionTester tester, Clock clock) {
    this.store = store;
    this.registry = ConnectorRegistry.in(store);
    this.accountGuard = new AccountGuard(registry);
    this.box = box;
    this.tester = tester;
    this.clock = clock;
    Optional<String> check = registry.setting(KEY_CHECK);
    if (check.isPresent()) {
      box.decrypt(Base64.getDecoder().decode(check.get()), KEY_CHECK);
    } else {
      registry.putSetting(
          KEY_CHECK,
          Base64.getEncoder().encodeToString(box.encrypt("tenable-connector", KEY_CHECK)));
    }
    this.salt =
        registry
            .setting(SALT)
            .orElseGet(
                () -> {
                  byte[] bytes = new byte[16];
                  new SecureRandom().nextBytes(bytes);
                  String s = Base64.getEncoder().encodeToString(bytes);
                  registry.putSetting(SALT, s);
                  return s;
                });
  }

  /** Whether this database holds secrets sealed with a master key (it has seen one). */
  public static boolean holdsSealedSecrets(ConnectorRegistry registry) {
    return registry.setting(KEY_CHECK).isPresent();
  }

  public void setActivity(ConnectorActivity activity) {
    this.activity = activity;
  }

  public InventoryStore store() {
    return store;
  }

  public List<Connector> list() {
    return registry.list().stream().map(Connector::of).toList();
  }

  public Connector get(String id) {
    return registry
        .get(id)
        .map(Connector::of)
        .orElseThrow(() -> ServiceException.notFound("connector " + id));
  }

  /** The connector's keys, decrypted for a run or a test; never logged or returned. */
  public ApiKeys keys(Connector c) {
    return new ApiKeys(
        box.decrypt(c.row().accessKeyCipher(), c.id() + ":accessKey"),
        box.decrypt(c.row().secretKeyCipher(), c.id() + ":secretKey"));
  }

  /** Test Connection on settings not saved yet. */
  public ConnectionTestResult test(ConnectorRequest request) {
    return test(request, check -> {});
  }

  /** Test Connection on settings not saved yet, telling {@code onCheck} each check as it ends. */
  public ConnectionTestResult test(
      ConnectorRequest request,
      java.util.function.Consumer<dev.tenableconnector.service.check.CheckResult> onCheck) {
    if (!request.hasKeys()) {
      throw ServiceException.invalid(List.of("accessKey: required", "secretKey: required"));
    }
    String url = request.tenableUrl() != null ? request.tenableUrl() : ConnectorRequest.DEFAULT_URL;
    boolean findings = request.sync().scope() != Scope.ASSETS;
    return tester.test(
        url, new ApiKeys(request.accessKey(), request.secretKey()), findings, onCheck);
  }

  /** Test Connection on a saved connector, with its stored keys. */
  public ConnectionTestResult test(String id) {
    Connector c = get(id);
    return tester.test(c.row().tenableUrl(), keys(c), c.config().dataToSync() != Scope.ASSETS);
  }

  public Connector create(ConnectorRequest r, boolean skipTest) {
    if (registry.list().size() >= MAX_CONNECTORS) {
      throw new ServiceException(
          ApiError.CONNECTOR_LIMIT,
          "this service already has "
              + MAX_CONNECTORS
              + " connectors, its limit (one per Tenable account); run another instance for more");
    }
    if (registry.byName(r.name()).isPresent()) {
      throw new ServiceException(
          ApiError.NAME_TAKEN, "a connector named '" + r.name() + "' exists already");
    }
    ConnectorConfig defaults = ConnectorConfig.defaults();
    ConnectorConfig config =
        new ConnectorConfig(
            r.sync(),
            r.schedule() != null ? r.schedule() : defaults.schedule(),
            r.transformMap(),
            r.severityMapping());
    ApiKeys keys = new ApiKeys(r.accessKey(), r.secretKey());
    String fingerprint = SecretBox.fingerprint(keys.accessKey(), salt);
    accountGuard.refuseDuplicate(
        null, fingerprint, null); // the same key is refused before Tenable is asked anything
    TenableSession session = null;
    if (!skipTest) {
      session =
          requirePassing(tester.test(r.tenableUrl(), keys, config.dataToSync() != Scope.ASSETS));
      accountGuard.refuseDuplicate(null, fingerprint, session);
    }
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    ConnectorRow row =
        new ConnectorRow(
            id,
            r.name(),
            blankToNull(r.description()),
            r.tenableUrl(),
            box.encrypt(keys.accessKey(), id + ":accessKey"),
            box.encrypt(keys.secretKey(), id + ":secretKey"),
            fingerprint,
            session == null ? null : session.uuid(),
            session == null ? null : session.containerUuid(),
            AccountGuard.label(session),
            config.toJson(),
            true,
            r.enabled() == null || r.enabled(),
            ConnectorState.REGISTERED.name(),
            now,
            null,
            null,
            null,
            skipTest ? null : now,
            now,
            now,
            now);
    registry.insert(row);
    log.info(
        "connector '{}' ({}) created{}", r.name(), id, skipTest ? " without Test Connection" : "");
    Connector created = get(id);
    activity.changed(created);
    return get(id);
  }

  public Connector update(String id, ConnectorRequest r, boolean skipTest) {
    Connector current = get(id);
    ConnectorRow row = current.row();
    String name = r.name() != null ? r.name() : row.name();
    registry
        .byName(name)
        .filter(other -> !other.id().equals(id))
        .ifPresent(
            other -> {
              throw new ServiceException(
                  ApiError.NAME_TAKEN, "a connector named '" + name + "' exists already");
            });
    ConnectorConfig old = current.config();
    ConnectorConfig config =
        new ConnectorConfig(
            r.sync(),
            r.schedule() != null ? r.schedule() : old.schedule(),
            r.hasTransformMap() ? r.transformMap() : old.transformMap(),
            r.hasSeverityMapping() ? r.severityMapping() : old.severityMapping());
    String url = r.tenableUrl() != null ? r.tenableUrl() : row.tenableUrl();
    boolean newKeys = r.hasKeys();
    boolean newUrl = !url.equals(row.tenableUrl());
    if (newUrl && !newKeys && !KNOWN_TENABLE_HOSTS.contains(host(url))) {
      // The stored keys go only where they were entered for, or to Tenable's own cloud: an edit
      // must not be able to send them to a host of its choosing (even for a Test Connection).
      throw ServiceException.invalid(
          List.of(
              "tenableUrl: a new URL needs the keys entered again"
                  + " (accessKey and secretKey): the stored keys are sent only to the URL they were entered"
                  + " for, or to "
                  + String.join(" or ", new java.util.TreeSet<>(KNOWN_TENABLE_HOSTS))));
    }
    boolean account = newKeys || newUrl;
    ApiKeys keys = newKeys ? new ApiKeys(r.accessKey(), r.secretKey()) : keys(current);
    String fingerprint =
        newKeys ? SecretBox.fingerprint(keys.accessKey(), salt) : row.keyFingerprint();
    String accountUser = row.accountUser();
    String accountContainer = row.accountContainer();
    String accountLabel = row.accountLabel();
    Instant testedAt = row.testedAt();
    Instant now = clock.instant();
    if (account) {
      accountGuard.refuseDuplicate(id, fingerprint, null);
      TenableSession session = null;
      if (!skipTest) {
        session = requirePassing(tester.test(url, keys, config.dataToSync() != Scope.ASSETS));
        testedAt = now;
        accountGuard.refuseDuplicate(id, fingerprint, session);
      } else {
        testedAt = null;
      }
      if (session != null) {
        accountUser = session.uuid();
        accountContainer = session.containerUuid();
        accountLabel = AccountGuard.label(session);
      }
    }
    ConnectorRow updated =
        new ConnectorRow(
            id,
            name,
            r.hasDescription() ? blankToNull(r.description()) : row.description(),
            url,
            newKeys ? box.encrypt(keys.accessKey(), id + ":accessKey") : row.accessKeyCipher(),
            newKeys ? box.encrypt(keys.secretKey(), id + ":secretKey") : row.secretKeyCipher(),
            fingerprint,
            accountUser,
            accountContainer,
            accountLabel,
            config.toJson(),
            row.retainDelta(),
            r.enabled() != null ? r.enabled() : row.enabled(),
            row.state(),
            row.stateChangedAt(),
            row.nextRunAt(),
            row.lastRunId(),
            row.lastError(),
            testedAt,
            row.createdAt(),
            now,
            newKeys ? now : row.keysUpdatedAt());
    registry.updateConfiguration(updated);
    if (Boolean.FALSE.equals(r.retainDelta())) {
      // Seed 002: clearing Retain Delta resets delta tracking; the next run imports everything.
      store.resetWatermark(id);
      registry.updateRetainDelta(id, false);
      log.info("connector '{}': Retain Delta cleared, the next run is a full import", name);
    } else if (Boolean.TRUE.equals(r.retainDelta())) {
      registry.updateRetainDelta(id, true);
    }
    if (newKeys) {
      log.info("connector '{}': keys replaced", name);
    }
    activity.changed(get(id));
    return get(id);
  }

  public void delete(String id) {
    Connector c = get(id);
    // A run under way is cancelled first (its Tenable export too), so that nothing writes for a
    // connector that no longer exists.
    if (!activity.cancelAndWait(id, "because the connector was deleted", DELETE_WAIT)) {
      throw new ServiceException(
          ApiError.CONNECTOR_BUSY,
          "connector '"
              + c.name()
              + "' has a run that is still"
              + " stopping after "
              + DELETE_WAIT.toSeconds()
              + " s (it finishes the chunk it is storing); try the"
              + " delete again shortly");
    }
    registry.delete(id);
    log.info(
        "connector '{}' ({}) deleted; its inventory records and run history stay", c.name(), id);
  }

  /** After a full run completed with Retain Delta cleared, delta tracking is on again. */
  public void deltaRetained(String id) {
    registry.updateRetainDelta(id, true);
  }

  public ConnectorRegistry registry() {
    return registry;
  }

  private static TenableSession requirePassing(ConnectionTestResult result) {
    if (!result.passed()) {
      var failed = result.firstFailure();
      throw new ServiceException(
          ApiError.TEST_CONNECTION_FAILED,
          "Test Connection failed at '" + failed.name() + "': " + failed.message(),
          failed.remedy() == null ? List.of() : List.of("remedy: " + failed.remedy()),
          result);
    }
    return result.session();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}

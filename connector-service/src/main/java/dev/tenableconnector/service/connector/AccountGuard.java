package dev.tenableconnector.service.connector;

import dev.tenableconnector.client.model.TenableSession;
import dev.tenableconnector.service.registry.ConnectorRegistry;
import dev.tenableconnector.service.registry.ConnectorRow;
import java.util.List;

/** Refuses a second connector on a Tenable account that a connector already syncs. */
final class AccountGuard {
  private final ConnectorRegistry registry;

  AccountGuard(ConnectorRegistry registry) {
    this.registry = registry;
  }

  /**
   * Seed 002: a second connector on one Tenable account fails on Tenable's export concurrency, so
   * it is refused here: same access key, or the same user in the same container.
   */
  void refuseDuplicate(String selfId, String fingerprint, TenableSession session) {
    for (ConnectorRow other : registry.list()) {
      if (other.id().equals(selfId)) {
        continue;
      }
      boolean sameKey = other.keyFingerprint().equals(fingerprint);
      boolean sameUser =
          session != null
              && session.uuid() != null
              && session.uuid().equals(other.accountUser())
              && java.util.Objects.equals(session.containerUuid(), other.accountContainer());
      if (sameKey || sameUser) {
        String who =
            sameKey
                ? "the same access key"
                : "the same Tenable user ("
                    + (other.accountLabel() != null ? other.accountLabel() : other.accountUser())
                    + ")";
        throw new ServiceException(
            ApiError.DUPLICATE_ACCOUNT,
            "connector '"
                + other.name()
                + "' already syncs"
                + " this Tenable account ("
                + who
                + "). Only one connector per Tenable account: a second one"
                + " would fail on Tenable's export concurrency limits. Edit or delete '"
                + other.name()
                + "', or use a dedicated Tenable user for this connector.",
            List.of(),
            null);
      }
    }
  }

  /** How the account reads in messages: the user, and its container when Tenable names it. */
  static String label(TenableSession session) {
    if (session == null) {
      return null;
    }
    String user = session.username() != null ? session.username() : session.uuid();
    return session.containerName() != null
        ? user + " in container " + session.containerName()
        : user;
  }
}

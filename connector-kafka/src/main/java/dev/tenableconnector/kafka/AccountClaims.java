package dev.tenableconnector.kafka;

import dev.tenableconnector.client.model.TenableSession;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which connector in this JVM syncs which Tenable account, so that a second connector on the same
 * account is refused: two would export everything twice and share the account's export limits. An
 * account is Tenable's host (and port) and container (the user when no container is given).
 */
final class AccountClaims {
  private static final Map<String, String> CLAIMS = new ConcurrentHashMap<>();

  private AccountClaims() {}

  static String account(String tenableUrl, TenableSession session) {
    String id =
        session.containerUuid() != null && !session.containerUuid().isBlank()
            ? "container " + session.containerUuid()
            : "user " + session.uuid();
    return URI.create(tenableUrl).getAuthority().toLowerCase(Locale.ROOT) + " " + id;
  }

  /** The other connector that has the account, if any. */
  static Optional<String> heldByOther(String account, String connector) {
    String holder = CLAIMS.get(account);
    return holder == null || holder.equals(connector) ? Optional.empty() : Optional.of(holder);
  }

  /** Takes the account for the connector; the other holder when it has it already. */
  static Optional<String> claim(String account, String connector) {
    String holder = CLAIMS.putIfAbsent(account, connector);
    return holder == null || holder.equals(connector) ? Optional.empty() : Optional.of(holder);
  }

  static void release(String account, String connector) {
    if (account != null) {
      CLAIMS.remove(account, connector);
    }
  }

  static String refusal(String account, String holder) {
    return "DUPLICATE_ACCOUNT: connector '"
        + holder
        + "' already syncs this Tenable account ("
        + account
        + "). Run one connector per account: two would export everything twice and share the"
        + " account's export limits. Delete or reconfigure '"
        + holder
        + "' first.";
  }
}

package dev.tenableconnector.client.http;

import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableError;

/**
 * Nothing at the Tenable URL has ever answered and no retry can change that (the name does not
 * resolve, nothing listens on the port, the TLS handshake is refused): callers must not retry it.
 */
public final class UnreachableException extends TenableApiException {
  UnreachableException(String message, Throwable cause) {
    super(TenableError.NETWORK, 0, null, message, cause);
  }
}

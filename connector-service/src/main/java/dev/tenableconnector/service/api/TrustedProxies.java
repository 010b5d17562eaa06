package dev.tenableconnector.service.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The client's address behind the reverse proxies the operator trusts: for a request that comes
 * from one of them, the right-most {@code X-Forwarded-For} address that is not a trusted proxy; for
 * any other request, the peer's own address (a header from anyone else is ignored, so it cannot be
 * forged). Everything that keys on the client (the wrong-token limit, the audit log) then sees the
 * client, not the proxy.
 */
final class TrustedProxies implements Filter {
  private final Set<String> trusted;

  TrustedProxies(Set<String> trusted) {
    this.trusted = Set.copyOf(trusted);
  }

  /** The address this request is from, given its peer and its X-Forwarded-For header. */
  String client(String peer, String forwardedFor) {
    if (!trusted.contains(peer) || forwardedFor == null || forwardedFor.isBlank()) {
      return peer;
    }
    List<String> hops = List.of(forwardedFor.split(","));
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i).strip();
      if (!hop.isEmpty() && !trusted.contains(hop)) {
        return hop;
      }
    }
    return peer;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (trusted.isEmpty() || !(request instanceof HttpServletRequest http)) {
      chain.doFilter(request, response);
      return;
    }
    String client = client(http.getRemoteAddr(), http.getHeader("X-Forwarded-For"));
    chain.doFilter(
        new HttpServletRequestWrapper(http) {
          @Override
          public String getRemoteAddr() {
            return client;
          }

          @Override
          public String getRemoteHost() {
            return client;
          }
        },
        response);
  }
}

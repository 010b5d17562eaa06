package dev.tenableconnector.service.api;

import dev.tenableconnector.service.connector.ApiError;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Refuses, before any handler (authentication included) runs, the requests the service never takes:
 * a body over the limit whatever its transfer encoding (Javalin's own limit checks only {@code
 * Content-Length}, so a chunked body was read whole into memory), a method override header (it
 * turned a GET into a DELETE), and a {@code Host} the service does not answer to (a DNS rebinding
 * page in the operator's browser names its own host).
 */
final class RequestGuard implements Filter {
  private final long limit;
  private final Set<String> allowedHosts;

  /** {@code allowedHosts}: host names without port, lower case; empty allows any. */
  RequestGuard(long limit, Set<String> allowedHosts) {
    this.limit = limit;
    this.allowedHosts = Set.copyOf(allowedHosts);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse out = (HttpServletResponse) response;
    if (http.getContentLengthLong() > limit) {
      out.setHeader("Connection", "close");
      refuse(
          out,
          ApiError.PAYLOAD_TOO_LARGE,
          "the request body is larger than the " + ApiServer.BODY_LIMIT_TEXT + " limit");
      return;
    }
    for (String header : OVERRIDES) {
      if (http.getHeader(header) != null) {
        refuse(out, ApiError.METHOD_OVERRIDE, header + " is not accepted: send the method itself");
        return;
      }
    }
    String host = hostName(http.getHeader("Host"));
    if (!allowedHosts.isEmpty() && (host == null || !allowedHosts.contains(host))) {
      refuse(
          out,
          ApiError.MISDIRECTED_REQUEST,
          "this service does not answer to the host '"
              + (host == null ? "" : host)
              + "'; add it with serve --allowed-host if it is yours");
      return;
    }
    Bounded bounded = new Bounded(http, limit);
    chain.doFilter(bounded, response);
    if (bounded.stream != null && bounded.stream.tripped) {
      // Jetty would read the rest of the body to keep the connection; close it instead.
      response.flushBuffer();
      org.eclipse.jetty.server.Request base =
          org.eclipse.jetty.server.Request.getBaseRequest(request);
      if (base != null) {
        base.getHttpChannel().getEndPoint().close();
      }
    }
  }

  private static final java.util.List<String> OVERRIDES =
      java.util.List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

  /** The host part of a Host header, lower case, without its port; null when there is none. */
  static String hostName(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.strip().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static void refuse(HttpServletResponse out, ApiError error, String message)
      throws IOException {
    String code = error.name();
    out.setStatus(error.status());
    out.setContentType("application/json");
    out.setHeader("X-Content-Type-Options", "nosniff");
    out.setHeader("Cache-Control", "no-store");
    out.getOutputStream()
        .write(
            ("{\"code\":\"" + code + "\",\"message\":" + quoted(message) + ",\"details\":[]}")
                .getBytes(StandardCharsets.UTF_8));
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The request with an input stream that refuses to read past the limit. */
  private static final class Bounded extends HttpServletRequestWrapper {
    private final long limit;
    private LimitedStream stream;

    Bounded(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), limit);
      }
      return stream;
    }
  }

  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long read;
    private boolean tripped;

    LimitedStream(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, (int) Math.min(length, limit + 1 - read));
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > limit) {
        tripped = true;
        throw new HttpResponseException(
            413, "the request body is larger than the " + ApiServer.BODY_LIMIT_TEXT + " limit");
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}

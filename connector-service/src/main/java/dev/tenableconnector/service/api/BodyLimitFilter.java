package dev.tenableconnector.service.api;

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

/**
 * Bounds every request body, whatever its transfer encoding, before any handler (authentication
 * included) runs: a declared length over the limit is answered 413 at once, and a chunked body
 * stops being read at the limit (the read throws, which the API answers with 413). Javalin's own
 * limit only checks {@code Content-Length}, so a chunked body was read whole into memory.
 */
final class BodyLimitFilter implements Filter {
  private final long limit;

  BodyLimitFilter(long limit) {
    this.limit = limit;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    if (http.getContentLengthLong() > limit) {
      HttpServletResponse out = (HttpServletResponse) response;
      out.setStatus(413);
      out.setContentType("application/json");
      out.setHeader("Connection", "close");
      out.getOutputStream().write(("{\"code\":\"PAYLOAD_TOO_LARGE\",\"message\":\"the request"
          + " body is larger than the " + ApiServer.BODY_LIMIT_TEXT + " limit\",\"details\":[]}")
          .getBytes(StandardCharsets.UTF_8));
      return;
    }
    Bounded bounded = new Bounded(http, limit);
    chain.doFilter(bounded, response);
    if (bounded.stream != null && bounded.stream.tripped) {
      // Jetty would read the rest of the body to keep the connection; close it instead.
      response.flushBuffer();
      org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(request);
      if (base != null) {
        base.getHttpChannel().getEndPoint().close();
      }
    }
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
        throw new HttpResponseException(413, "the request body is larger than the "
            + ApiServer.BODY_LIMIT_TEXT + " limit");
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

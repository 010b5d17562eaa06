package dev.tenableconnector.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tenableconnector.client.export.AssetExportRequest;
import dev.tenableconnector.client.export.ExportListener;
import dev.tenableconnector.client.export.ExportOutcome;
import dev.tenableconnector.client.export.ExportResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The client reaches Tenable through a proxy when given one, as corporate networks require. */
class ProxyTest {
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "content-length",
          "host",
          "expect",
          "upgrade",
          "proxy-connection",
          "keep-alive",
          "transfer-encoding");

  @Test
  void shouldSendEveryRequestThroughTheConfiguredProxy() throws Exception {
    List<String> proxied = new CopyOnWriteArrayList<>();
    HttpServer proxy = forwardingProxy(proxied);
    try (EmulatorFixture f =
        EmulatorFixture.start(e -> {}, c -> c.proxy(ProxySelector.of(proxy.getAddress())))) {
      f.client.session();
      ExportResult result =
          f.client.export(
              AssetExportRequest.builder().chunkSize(100).build(),
              chunk -> chunk.read(a -> {}),
              ExportListener.NONE);

      assertThat(result.outcome()).isEqualTo(ExportOutcome.COMPLETED);
      assertThat(proxied)
          .contains("GET " + f.emulator.baseUrl() + "/session")
          .contains("POST " + f.emulator.baseUrl() + "/assets/export")
          .anyMatch(r -> r.contains("/chunks/"));
      assertThat(proxied).hasSize(f.emulator.requests().size());
    } finally {
      proxy.stop(0);
    }
  }

  /** A minimal HTTP forward proxy: absolute-URI requests in, the same request out. */
  private static HttpServer forwardingProxy(List<String> seen) throws IOException {
    HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        (HttpExchange ex) -> {
          seen.add(ex.getRequestMethod() + " " + ex.getRequestURI());
          byte[] body = ex.getRequestBody().readAllBytes();
          HttpRequest.Builder out =
              HttpRequest.newBuilder(ex.getRequestURI())
                  .method(
                      ex.getRequestMethod(),
                      body.length == 0
                          ? HttpRequest.BodyPublishers.noBody()
                          : HttpRequest.BodyPublishers.ofByteArray(body));
          ex.getRequestHeaders()
              .forEach(
                  (name, values) -> {
                    if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                      values.forEach(v -> out.header(name, v));
                    }
                  });
          try {
            HttpResponse<InputStream> response =
                upstream.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
            response
                .headers()
                .map()
                .forEach(
                    (name, values) -> {
                      if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                        ex.getResponseHeaders().put(name, values);
                      }
                    });
            ex.sendResponseHeaders(response.statusCode(), 0);
            try (InputStream in = response.body();
                OutputStream to = ex.getResponseBody()) {
              in.transferTo(to);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
          }
        });
    server.start();
    return server;
  }
}

package dev.tenableconnector.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;

/** A bare HTTP client for emulator tests, independent of the project's Tenable client. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEYS =
      "accessKey="
          + EmulatorConfig.DEFAULT_ACCESS_KEY
          + "; secretKey="
          + EmulatorConfig.DEFAULT_SECRET_KEY
          + ";";
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Http() {}

  record Reply(int status, java.net.http.HttpHeaders headers, byte[] raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    byte[] body() {
      try {
        boolean gzip = headers.firstValue("content-encoding").orElse("").contains("gzip");
        return gzip
            ? new GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readAllBytes()
            : raw;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String contentType() {
      return headers.firstValue("content-type").orElse("");
    }
  }

  static Reply get(TenableEmulator e, String path) {
    return send(e, "GET", path, null, KEYS, true);
  }

  static Reply post(TenableEmulator e, String path, String body) {
    return send(e, "POST", path, body, KEYS, true);
  }

  static Reply send(
      TenableEmulator e, String method, String path, String body, String keys, boolean gzip) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(e.baseUrl() + path));
    if (keys != null) {
      b.header("X-ApiKeys", keys);
    }
    if (gzip) {
      b.header("Accept-Encoding", "gzip");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')));
    try {
      HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  static String start(TenableEmulator e, String type, String body) {
    Reply r = post(e, "/" + type + "/export", body);
    if (r.status() != 200) {
      throw new AssertionError("export start: " + r.status() + " " + new String(r.body()));
    }
    return r.json().path("export_uuid").asText();
  }
}

package dev.tenableconnector.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the build ships, as an operator gets it: the archive unpacks to a launcher that runs; the
 * Debian package holds the jar, the launcher on the PATH, the settings as a conffile and the
 * systemd unit; and the packaged service, started by its launcher with the packaged settings file,
 * answers a signed-in request.
 */
class PackageIT {
  private static final Path TARGET = Path.of(System.getProperty("dist.dir", "target"));
  private static final String VERSION = System.getProperty("dist.version", "0.1.0-SNAPSHOT");
  private static final String TOKEN = "package-test-admin-token-0123456789";

  @TempDir Path dir;

  @Test
  void theArchiveUnpacksToALauncherThatRuns() throws Exception {
    Path archive = TARGET.resolve("tenable-connector-" + VERSION + ".tar.gz");
    assertThat(archive).exists();
    run(dir, "tar", "xzf", archive.toString());
    Path home = dir.resolve("tenable-connector-" + VERSION);
    assertThat(home.resolve("lib/tenable-connector.jar")).exists();
    assertThat(home.resolve("systemd/tenable-connector.service")).exists();
    assertThat(home.resolve("etc/tenable-connector.env")).exists();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve("bin/tenable-connector"))))
        .isEqualTo("rwxr-xr-x");
    String version = run(dir, home.resolve("bin/tenable-connector").toString(), "--version");
    assertThat(version).contains(VERSION);
  }

  @Test
  void theDebianPackageHoldsTheServiceAndItsLauncherServesASignedInRequest() throws Exception {
    Path deb = deb();
    String info = run(dir, "dpkg-deb", "--info", deb.toString());
    assertThat(info)
        .contains("Package: tenable-connector")
        .contains("openjdk-17-jre-headless")
        .contains("conffiles")
        .contains("postinst");
    String contents = run(dir, "dpkg-deb", "--contents", deb.toString());
    assertThat(contents)
        .contains("./opt/tenable-connector/lib/tenable-connector.jar")
        .contains("./opt/tenable-connector/bin/tenable-connector")
        .contains("./usr/bin/tenable-connector -> /opt/tenable-connector/bin/tenable-connector")
        .contains("./etc/tenable-connector/tenable-connector.env")
        .contains("./lib/systemd/system/tenable-connector.service");

    // Unpacked into a directory of its own: the host is left as it was.
    Path root = dir.resolve("root");
    run(dir, "dpkg-deb", "--extract", deb.toString(), root.toString());
    String unit = Files.readString(root.resolve("lib/systemd/system/tenable-connector.service"));
    assertThat(unit)
        .contains("EnvironmentFile=/etc/tenable-connector/tenable-connector.env")
        .contains("ExecStart=/opt/tenable-connector/bin/tenable-connector serve")
        .contains(" $TENABLE_CONNECTOR_SERVE_OPTIONS");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path env = dir.resolve("tenable-connector.env");
    String packaged = Files.readString(root.resolve("etc/tenable-connector/tenable-connector.env"));
    Files.writeString(
        env,
        packaged
            .replace(
                "/var/lib/tenable-connector/inventory.db", dir.resolve("inventory.db").toString())
            .replace("TENABLE_CONNECTOR_PORT=8080", "TENABLE_CONNECTOR_PORT=" + port)
            .replace("#TENABLE_CONNECTOR_ADMIN_TOKEN=", "TENABLE_CONNECTOR_ADMIN_TOKEN=" + TOKEN)
            .replace("-Xmx1g", "-Xmx256m")
            .replace(
                "#TENABLE_CONNECTOR_SERVE_OPTIONS=\"--oidc-issuer"
                    + " https://login.example.com/realms/corp --oidc-client-id tenable-connector\"",
                "TENABLE_CONNECTOR_SERVE_OPTIONS=\"--workers 1 --query-timeout 20s\""));
    assertThat(Files.readString(env)).contains("TENABLE_CONNECTOR_SERVE_OPTIONS=\"--workers 1");
    // The unit's command line, with the settings file it names.
    ProcessBuilder serve =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "set -a; . \"$TENABLE_CONNECTOR_ENV\"; set +a; exec \""
                    + root.resolve("opt/tenable-connector/bin/tenable-connector")
                    + "\" serve --db \"$TENABLE_CONNECTOR_DB\" --bind \"$TENABLE_CONNECTOR_BIND\""
                    + " --port \"$TENABLE_CONNECTOR_PORT\" $TENABLE_CONNECTOR_SERVE_OPTIONS")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("serve.log").toFile());
    serve.environment().put("TENABLE_CONNECTOR_ENV", env.toString());
    Process service = serve.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> answer = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline && service.isAlive()) {
        try {
          answer =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/connectors"))
                      .header("Authorization", "Bearer " + TOKEN)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          break;
        } catch (IOException notYet) {
          Thread.sleep(250);
        }
      }
      assertThat(answer).as(Files.readString(dir.resolve("serve.log"))).isNotNull();
      assertThat(answer.statusCode()).isEqualTo(200);
      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/connectors"))
                  .header("Authorization", "Bearer not-the-token-0123456789")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);
    } finally {
      service.destroy();
      service.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(dir.resolve("serve.log"))).doesNotContain(TOKEN);
  }

  /**
   * The real install, where the build runs as root on Debian with Java 17 from its archive (as CI
   * does): {@code dpkg -i}, the service's user and data directory made, the launcher on the PATH
   * serving a signed-in request as that user, then {@code dpkg --purge} leaves the host as it was.
   */
  @Test
  void dpkgInstallsItAndTheServiceRunsAsItsOwnUser() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/bin/dpkg"))
            && quiet("dpkg", "-s", "openjdk-17-jre-headless") == 0
            && quiet("dpkg", "-s", "adduser") == 0
            && quiet("dpkg", "-s", "tenable-connector") != 0,
        "installing needs root, dpkg, Java 17 from Debian and no tenable-connector installed");
    Path deb = deb();
    try {
      run(dir, "dpkg", "-i", deb.toString());
      assertThat(run(dir, "/usr/bin/tenable-connector", "--version")).contains(VERSION);
      assertThat(run(dir, "stat", "-c", "%U %a", "/var/lib/tenable-connector"))
          .contains("tenable-connector 750");
      assertThat(run(dir, "stat", "-c", "%G %a", "/etc/tenable-connector/tenable-connector.env"))
          .contains("tenable-connector 640");
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path env = Path.of("/var/lib/tenable-connector/test.env");
      Files.writeString(
          env,
          Files.readString(Path.of("/etc/tenable-connector/tenable-connector.env"))
              .replace("TENABLE_CONNECTOR_PORT=8080", "TENABLE_CONNECTOR_PORT=" + port)
              .replace("#TENABLE_CONNECTOR_ADMIN_TOKEN=", "TENABLE_CONNECTOR_ADMIN_TOKEN=" + TOKEN)
              .replace("-Xmx1g", "-Xmx256m"));
      run(dir, "chown", "tenable-connector", env.toString());
      Process service =
          new ProcessBuilder(
                  "runuser",
                  "-u",
                  "tenable-connector",
                  "--",
                  "/bin/sh",
                  "-c",
                  "cd /var/lib/tenable-connector && TENABLE_CONNECTOR_ENV="
                      + env
                      + " && export TENABLE_CONNECTOR_ENV && set -a && . "
                      + env
                      + " && set +a && exec /usr/bin/tenable-connector serve --db"
                      + " \"$TENABLE_CONNECTOR_DB\" --bind \"$TENABLE_CONNECTOR_BIND\" --port"
                      + " \"$TENABLE_CONNECTOR_PORT\"")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("installed.log").toFile())
              .start();
      try {
        assertThat(signedIn(service, port))
            .as(Files.readString(dir.resolve("installed.log")))
            .isEqualTo(200);
        assertThat(run(dir, "stat", "-c", "%U", "/var/lib/tenable-connector/inventory.db"))
            .contains("tenable-connector");
      } finally {
        service.destroy();
        service.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      quiet("dpkg", "--purge", "tenable-connector");
      quiet("rm", "-rf", "/var/lib/tenable-connector", "/etc/tenable-connector");
    }
    assertThat(Files.exists(Path.of("/opt/tenable-connector"))).isFalse();
  }

  /** The status of GET /api/connectors with the admin token, once the service answers. */
  private static int signedIn(Process service, int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline && service.isAlive()) {
      try {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/connectors"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode();
      } catch (IOException notYet) {
        Thread.sleep(250);
      }
    }
    return -1;
  }

  private static int quiet(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  private static Path deb() throws IOException {
    try (var files = Files.list(TARGET)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("_all.deb"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no .deb in " + TARGET));
    }
  }

  private static String run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }
}

package dev.tenableconnector.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Database credentials never show in what the store says about itself or in its errors. */
class PostgresCredentialsTest {
  @TempDir Path dir;

  @Test
  void urlsAreDescribedWithoutCredentials() {
    assertThat(
            PostgresInventoryStore.withoutCredentials(
                "jdbc:postgresql://db:5432/inv?user=admin&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/inv?user=***&password=***&ssl=true");
    assertThat(PostgresInventoryStore.withoutCredentials("jdbc:postgresql://admin:s3cret@db/inv"))
        .isEqualTo("jdbc:postgresql://***@db/inv");
  }

  @Test
  void aFailedOpenNamesTheDatabaseButNotThePassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path secret = dir.resolve("db-password");
    Files.writeString(secret, "pa55-from-a-file\n");
    String url =
        "jdbc:postgresql://127.0.0.1:" + port + "/inv?password=pa55-in-the-url&connectTimeout=2";
    assertThatThrownBy(
            () ->
                PostgresInventoryStore.open(
                    url,
                    Map.of(
                        "TENABLE_CONNECTOR_DB_USER",
                        "connector",
                        "TENABLE_CONNECTOR_DB_PASSWORD_FILE",
                        secret.toString())))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(
            "cannot open the inventory jdbc:postgresql://127.0.0.1:" + port + "/inv")
        .hasMessageNotContaining("pa55-from-a-file")
        .hasMessageNotContaining("pa55-in-the-url");
  }
}

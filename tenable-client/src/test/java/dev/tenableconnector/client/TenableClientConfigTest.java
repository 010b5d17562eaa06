package dev.tenableconnector.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenableClientConfigTest {

  @Test
  void shouldDefaultToTheTenableCloudAndTheIntegrationUserAgent() {
    TenableClientConfig config = TenableClientConfig.builder().keys(new ApiKeys("a", "b")).build();

    assertThat(config.baseUrl()).hasToString("https://cloud.tenable.com");
    assertThat(config.userAgent())
        .startsWith("Integration/1.0 (tenable-connector; tenable-connector; Build/");
  }

  @Test
  void shouldAllowPlainHttpOnlyForLoopbackHosts() {
    for (String url :
        new String[] {"http://127.0.0.1:8000", "http://localhost:1", "http://[::1]:9"}) {
      assertThat(
              TenableClientConfig.builder()
                  .baseUrl(url)
                  .keys(new ApiKeys("a", "b"))
                  .build()
                  .baseUrl())
          .hasToString(url);
    }
    assertThatThrownBy(
            () ->
                TenableClientConfig.builder()
                    .baseUrl("http://cloud.tenable.com")
                    .keys(new ApiKeys("a", "b"))
                    .build())
        .hasMessageContaining("plain http is allowed only for loopback hosts");
  }

  @Test
  void shouldReportEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                TenableClientConfig.builder()
                    .baseUrl("ftp://x")
                    .userAgent(" ")
                    .connectTimeout(java.time.Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme must be https")
        .hasMessageContaining("keys: the access key and secret key are required")
        .hasMessageContaining("userAgent")
        .hasMessageContaining("connectTimeout");
  }

  @Test
  void shouldRefuseBlankKeys() {
    assertThatThrownBy(() -> new ApiKeys(" ", "s")).hasMessage("access key is missing");
    assertThatThrownBy(() -> new ApiKeys("a", null)).hasMessage("secret key is missing");
  }
}

package dev.tenableconnector.service.schedule;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableClientConfig;

/** Opens the Tenable client a run uses; tests substitute shorter retry deadlines. */
public interface TenableClients {
  TenableClient open(String url, ApiKeys keys);

  static TenableClients standard() {
    return (url, keys) -> new TenableClient(TenableClientConfig.builder().baseUrl(url).keys(keys).build());
  }
}

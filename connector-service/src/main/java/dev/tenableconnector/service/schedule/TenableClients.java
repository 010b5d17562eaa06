package dev.tenableconnector.service.schedule;

import dev.tenableconnector.client.ApiKeys;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.core.spec.SpecValues;

/**
 * Opens the Tenable client a run uses, as its connector's settings say; tests substitute shorter
 * waits.
 */
public interface TenableClients {
  TenableClient open(String url, ApiKeys keys, SpecValues settings);

  static TenableClients standard() {
    return (url, keys, settings) -> new TenableClient(settings.client(url, keys).build());
  }
}

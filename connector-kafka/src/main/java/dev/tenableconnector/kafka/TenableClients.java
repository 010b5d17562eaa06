package dev.tenableconnector.kafka;

import dev.tenableconnector.client.TenableClientConfig;
import java.time.Duration;

/** The Tenable client a connector's settings call for (the CLI's, from the same settings). */
final class TenableClients {
  private TenableClients() {}

  static TenableClientConfig.Builder config(KafkaSettings settings) {
    return settings
        .sync()
        .client(settings.tenableUrl(), settings.keys())
        .exportOptions(
            dev.tenableconnector.client.export.ExportOptions.defaults()
                .withParallelChunks(settings.sync().parallelChunks())
                .withPolling(settings.pollInterval(), maxPoll(settings.pollInterval())));
  }

  private static Duration maxPoll(Duration poll) {
    return poll.multipliedBy(6);
  }
}

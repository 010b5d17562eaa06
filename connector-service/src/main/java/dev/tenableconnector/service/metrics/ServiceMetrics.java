package dev.tenableconnector.service.metrics;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.RunRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's Prometheus metrics: runs by outcome, run durations, records read, Tenable 429s and
 * each connector's last successful run, labelled by connector name.
 */
public final class ServiceMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

  public void runEnded(String connector, RunRecord run, boolean completed, long rateLimited) {
    String outcome = completed ? "completed" : "failed";
    Counter.builder("tenable_connector_runs")
        .description("Connector runs by outcome")
        .tag("connector", connector)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    if (run != null && run.elapsed() != null) {
      Timer.builder("tenable_connector_run_duration")
          .description("How long connector runs take")
          .tag("connector", connector)
          .tag("outcome", outcome)
          .register(registry)
          .record(run.elapsed());
    }
    if (run != null) {
      for (Entity entity : Entity.values()) {
        Counter.builder("tenable_connector_records")
            .description("Records read from Tenable exports")
            .tag("connector", connector)
            .tag("entity", entity.plural())
            .register(registry)
            .increment(run.counts(entity).seen);
      }
    }
    Counter.builder("tenable_connector_rate_limited")
        .description("HTTP 429 answers from Tenable")
        .tag("connector", connector)
        .register(registry)
        .increment(rateLimited);
    if (completed && run != null && run.finishedAt() != null) {
      lastSuccess
          .computeIfAbsent(
              connector,
              name -> {
                AtomicLong holder = new AtomicLong();
                Gauge.builder(
                        "tenable_connector_last_success_timestamp_seconds", holder, AtomicLong::get)
                    .description("When the connector's last run completed (Unix seconds)")
                    .tag("connector", name)
                    .register(registry);
                return holder;
              })
          .set(run.finishedAt().getEpochSecond());
    }
  }

  public void requestServed(String route, int status, Duration elapsed) {
    Timer.builder("tenable_connector_http_requests")
        .description("HTTP API requests")
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry)
        .record(elapsed);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}

package dev.tenableconnector.client.http;

import java.time.Duration;

/** Waits for a while; injected so that tests can record waits instead of taking them. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}

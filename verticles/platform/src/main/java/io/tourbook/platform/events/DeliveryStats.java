package io.tourbook.platform.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/** What one subscription's dispatcher on this node has done: metrics and its status counts. */
final class DeliveryStats {

  private final AtomicLong delivered = new AtomicLong();
  private final Counter deliveredCounter;
  private final Counter retriedCounter;
  private final Counter parkedCounter;

  DeliveryStats(String subscriptionId) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    deliveredCounter = counter(registry, "tourbook.subscription.delivered", subscriptionId);
    retriedCounter = counter(registry, "tourbook.subscription.retried", subscriptionId);
    parkedCounter = counter(registry, "tourbook.subscription.parked", subscriptionId);
  }

  /** Registers a gauge of the dispatcher, where metrics are on. */
  static <T> void gauge(String name, String subscriptionId, T source, ToDoubleFunction<T> value) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry != null) {
      Gauge.builder(name, source, value).tag("subscription", subscriptionId).register(registry);
    }
  }

  private static Counter counter(MeterRegistry registry, String name, String subscriptionId) {
    return registry == null
        ? null
        : Counter.builder(name).tag("subscription", subscriptionId).register(registry);
  }

  long deliveredCount() {
    return delivered.get();
  }

  void delivered() {
    delivered.incrementAndGet();
    increment(deliveredCounter);
  }

  void retried() {
    increment(retriedCounter);
  }

  void parked() {
    increment(parkedCounter);
  }

  private static void increment(Counter counter) {
    if (counter != null) {
      counter.increment();
    }
  }
}

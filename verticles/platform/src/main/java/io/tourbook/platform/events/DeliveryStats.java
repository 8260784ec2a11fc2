package io.tourbook.platform.events;

import io.micrometer.core.instrument.Counter;
import io.tourbook.platform.health.Metrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/** What one subscription's dispatcher on this node has done: metrics and its status counts. */
final class DeliveryStats {

  private static final String SUBSCRIPTION = "subscription";

  private final AtomicLong delivered = new AtomicLong();
  private final Counter deliveredCounter;
  private final Counter retriedCounter;
  private final Counter parkedCounter;

  DeliveryStats(String subscriptionId) {
    deliveredCounter =
        Metrics.counter(
            "tourbook.subscription.delivered",
            "Events this node delivered to the subscription's consumer group and it acked",
            SUBSCRIPTION,
            subscriptionId);
    retriedCounter =
        Metrics.counter(
            "tourbook.subscription.retried",
            "Deliveries of the subscription that failed and were tried again",
            SUBSCRIPTION,
            subscriptionId);
    parkedCounter =
        Metrics.counter(
            "tourbook.subscription.parked",
            "Events of the subscription parked in dead letters after their last attempt",
            SUBSCRIPTION,
            subscriptionId);
  }

  /** Registers a gauge of the dispatcher. */
  static <T> void gauge(
      String name, String description, String subscriptionId, T source, ToDoubleFunction<T> value) {
    Metrics.gauge(name, description, source, value, SUBSCRIPTION, subscriptionId);
  }

  long deliveredCount() {
    return delivered.get();
  }

  void delivered() {
    delivered.incrementAndGet();
    deliveredCounter.increment();
  }

  void retried() {
    retriedCounter.increment();
  }

  void parked() {
    parkedCounter.increment();
  }
}

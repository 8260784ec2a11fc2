package io.tourbook.cart.impl;

import io.tourbook.cart.store.CartStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the checkouts that a killed node left running after recording their charge, so that
 * their payments do not stay pending until the customer happens to retry. Every {@code
 * cart.recovery-interval-ms} (and once at start), each checkout whose lease expired is resumed
 * through {@link Checkout#resume}: the recorded charge is sent again under the same key, which
 * payment.service takes over from the dead run and settles without charging twice. Nodes sweep
 * concurrently; the lease decides which one resumes a checkout.
 */
public final class CheckoutRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(CheckoutRecovery.class);
  private static final int BATCH = 50;

  private final Vertx vertx;
  private final CartStore store;
  private final Checkout checkout;
  private final Duration interval;
  private final Clock clock;
  private long timer = -1;
  private boolean sweeping;

  public CheckoutRecovery(
      Vertx vertx, CartStore store, Checkout checkout, Duration interval, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.checkout = checkout;
    this.interval = interval;
    this.clock = clock;
  }

  /** {@code cart.recovery-interval-ms}: how often stalled checkouts are looked for. */
  public static Duration interval(JsonObject config) {
    long millis =
        config.getJsonObject("cart", new JsonObject()).getLong("recovery-interval-ms", 30_000L);
    if (millis < 1) {
      throw new IllegalArgumentException("cart.recovery-interval-ms must be at least 1");
    }
    return Duration.ofMillis(millis);
  }

  /** Sweeps now and then every interval, until {@link #stop}. Call on the verticle's context. */
  public void start() {
    sweepLogged();
    timer = vertx.setPeriodic(interval.toMillis(), tick -> sweepLogged());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Resumes the stalled checkouts found now; the count it finished. */
  Future<Integer> sweep() {
    return store
        .stalledCheckouts(clock.instant(), BATCH)
        .compose(stalled -> resumeEach(stalled, 0, 0));
  }

  private Future<Integer> resumeEach(List<JsonObject> stalled, int index, int finished) {
    if (index >= stalled.size()) {
      return Future.succeededFuture(finished);
    }
    JsonObject record = stalled.get(index);
    return checkout
        .resume(record)
        .transform(
            resumed -> {
              if (resumed.failed()) {
                LOG.warn(
                    "Stalled checkout {} is not finished yet: {}",
                    record.getString("_id"),
                    resumed.cause().getMessage());
              }
              boolean done = resumed.succeeded() && resumed.result();
              return resumeEach(stalled, index + 1, done ? finished + 1 : finished);
            });
  }

  private void sweepLogged() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    sweep()
        .onComplete(
            swept -> {
              sweeping = false;
              if (swept.failed()) {
                LOG.warn("Looking for stalled checkouts failed: {}", swept.cause().getMessage());
              } else if (swept.result() > 0) {
                LOG.info("Finished {} checkouts that a stopped node left running", swept.result());
              }
            });
  }
}

package io.tourbook.cart.http;

import io.tourbook.cart.CartSettings;
import io.tourbook.cart.store.CartStore;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.events.DurableEvents;
import io.tourbook.platform.http.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns checkouts away while the platform is behind (#14), before they read or charge anything,
 * with 429 and Retry-After: while this node already runs {@code
 * cart.backpressure.max-concurrent-checkouts} checkouts, or while any subscription of the booking
 * pipeline has an event older than {@code cart.backpressure.max-lag-ms} still unsettled on any
 * node. Offered far more than it can take, the platform then keeps booking at its capacity instead
 * of queueing without bound; every other route keeps answering. A checkout whose Idempotency-Key is
 * already recorded passes the lag bound: it adds no booking, and its client must learn the outcome
 * of what was already accepted (or charged) even while a restarted node catches up.
 */
final class BookingBackpressure {

  private static final long MAX_RETRY_AFTER_SECONDS = 60;

  private final DurableEvents events;
  private final CartStore store;
  private final CartSettings settings;
  private final AtomicInteger running = new AtomicInteger();

  BookingBackpressure(DurableEvents events, CartStore store, CartSettings settings) {
    this.events = events;
    this.store = store;
    this.settings = settings;
  }

  /** Runs after the Idempotency-Key is validated and stored under {@code keyAttribute}. */
  void admit(RoutingContext ctx, String keyAttribute) {
    if (running.incrementAndGet() > settings.maxConcurrentCheckouts()) {
      running.decrementAndGet();
      refuse(ctx, 1, "This node is running as many checkouts as it can");
      return;
    }
    ctx.addEndHandler(ended -> running.decrementAndGet());
    long lag = 0;
    for (String subscription : settings.bookingPipeline()) {
      lag = Math.max(lag, events.lagMillis(subscription));
    }
    if (lag <= settings.maxPipelineLag().toMillis()) {
      ctx.next();
      return;
    }
    long behind = lag;
    store
        .checkout(Auth.caller(ctx).subject(), ctx.get(keyAttribute))
        .onSuccess(
            recorded -> {
              if (recorded != null) {
                ctx.next();
                return;
              }
              // Wait about as long as the backlog is old: by then the pipeline has caught up.
              refuse(
                  ctx,
                  Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, (behind + 999) / 1000)),
                  "Bookings are behind by " + behind / 1000 + " s");
            })
        .onFailure(ctx::fail);
  }

  private static void refuse(RoutingContext ctx, long retryAfter, String why) {
    CheckoutOutcomes.count(CheckoutOutcomes.TURNED_AWAY);
    ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
    ctx.fail(
        ApiException.tooManyRequests(
            why
                + "; nothing was charged. Try again in "
                + retryAfter
                + " s with the same Idempotency-Key."));
  }
}

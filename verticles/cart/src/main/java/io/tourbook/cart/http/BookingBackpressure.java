package io.tourbook.cart.http;

import io.tourbook.cart.CartSettings;
import io.tourbook.platform.events.DurableEvents;
import io.tourbook.platform.http.ApiException;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns checkouts away while the booking pipeline is behind (#14): when any of its subscriptions
 * has an event older than {@code cart.backpressure.max-lag-ms} still unsettled on any node, a
 * checkout answers 429 with Retry-After, before it reads or charges anything. Offered far more than
 * it can take, the platform then keeps booking at its capacity instead of queueing without bound;
 * every other route keeps answering.
 */
final class BookingBackpressure {

  private static final long MAX_RETRY_AFTER_SECONDS = 60;

  private final DurableEvents events;
  private final CartSettings settings;

  BookingBackpressure(DurableEvents events, CartSettings settings) {
    this.events = events;
    this.settings = settings;
  }

  void admit(RoutingContext ctx) {
    long lag = 0;
    for (String subscription : settings.bookingPipeline()) {
      lag = Math.max(lag, events.lagMillis(subscription));
    }
    if (lag <= settings.maxPipelineLag().toMillis()) {
      ctx.next();
      return;
    }
    // Wait about as long as the backlog is old: by then the pipeline has caught up with it.
    long retryAfter = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, (lag + 999) / 1000));
    ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
    ctx.fail(
        ApiException.tooManyRequests(
            "Bookings are behind by "
                + lag / 1000
                + " s; nothing was charged. Try again in "
                + retryAfter
                + " s with the same Idempotency-Key."));
  }
}

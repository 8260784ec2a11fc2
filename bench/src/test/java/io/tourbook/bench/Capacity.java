package io.tourbook.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The search for the highest offered checkout rate the booking pipeline sustains: every tour
 * SCHEDULED within the drain and p99 checkout → SCHEDULED under {@value #P99_BOUND_MS} ms. The rate
 * doubles from a low start while it is sustained, then the bench bisects between the last rate
 * sustained and the first that was not.
 */
final class Capacity {

  static final double P99_BOUND_MS = 1000;

  /** Tours of the shortest probe, so that a low rate still has a p99 worth reading. */
  static final int MIN_TOURS = 10;

  /** The probes in the order they ran, and the highest rate sustained (0 when none was). */
  record Search(double sustainedPerSecond, List<BookingLoad.Result> probes) {

    JsonObject toJson() {
      JsonArray runs = new JsonArray();
      probes.forEach(probe -> runs.add(probe.toJson().put("sustained", sustained(probe))));
      return new JsonObject()
          .put("sustainedPerSecond", sustainedPerSecond)
          .put("p99BoundMs", P99_BOUND_MS)
          .put("probes", runs);
    }
  }

  private Capacity() {}

  /** How many checkouts a probe at {@code perSecond} offers: {@code duration} of them, or more. */
  static int tours(double perSecond, Duration duration) {
    return Math.max(MIN_TOURS, (int) Math.round(perSecond * duration.toMillis() / 1000.0));
  }

  static boolean sustained(BookingLoad.Result result) {
    return result.sent() > 0
        && result.scheduled() == result.sent()
        && result.latency().millis(99) < P99_BOUND_MS;
  }

  /**
   * Probes {@code start}, {@code 2 * start}, ... while sustained and below {@code max}, then
   * bisects {@code bisections} times between the highest rate sustained (or 0) and the lowest that
   * was not.
   */
  static Search search(
      DoubleFunction<BookingLoad.Result> probe, double start, double max, int bisections) {
    List<BookingLoad.Result> probes = new ArrayList<>();
    double sustained = 0;
    double refused = 0;
    for (double rate = start; rate <= max; rate *= 2) {
      BookingLoad.Result result = probe.apply(rate);
      probes.add(result);
      if (!sustained(result)) {
        refused = rate;
        break;
      }
      sustained = rate;
    }
    for (int step = 0; step < bisections && refused > 0; step++) {
      double rate = (sustained + refused) / 2;
      BookingLoad.Result result = probe.apply(rate);
      probes.add(result);
      if (sustained(result)) {
        sustained = rate;
      } else {
        refused = rate;
      }
    }
    return new Search(sustained, probes);
  }
}

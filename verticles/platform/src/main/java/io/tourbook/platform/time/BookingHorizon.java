package io.tourbook.platform.time;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one rule for a customer's preferred time, wherever one is given (checkout, reschedule): it
 * starts in the future, and it starts and ends within {@code booking.horizon-days} of now. A time
 * outside it would hold a realtor's calendar for as long as it lies ahead (year 9999: for good).
 *
 * @param length how far ahead of now a preferred time may lie
 */
public record BookingHorizon(Duration length) {

  public static BookingHorizon from(JsonObject config) {
    long days = config.getJsonObject("booking", new JsonObject()).getLong("horizon-days", 90L);
    if (days < 1) {
      throw new IllegalArgumentException("booking.horizon-days must be at least 1, not " + days);
    }
    return new BookingHorizon(Duration.ofDays(days));
  }

  /**
   * Why the preferred time from {@code start} to {@code end} (null: no end) is refused at {@code
   * now}, or empty when it is within the horizon.
   */
  public Optional<String> refusal(Instant start, Instant end, Instant now) {
    if (!start.isAfter(now)) {
      return Optional.of("A preferred time must be in the future.");
    }
    Instant last = now.plus(length);
    if (start.isAfter(last) || (end != null && end.isAfter(last))) {
      return Optional.of("A preferred time must lie within the next " + length.toDays() + " days.");
    }
    return Optional.empty();
  }
}

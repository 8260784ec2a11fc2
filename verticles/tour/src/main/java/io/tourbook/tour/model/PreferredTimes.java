package io.tourbook.tour.model;

import io.tourbook.contracts.Times;
import io.tourbook.platform.time.BookingHorizon;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A customer's preferred times, stored as {@code [{start, end?}]} in {@link Times} format, earliest
 * first. Without an end the tour should start at {@code start}; with one it should fit between.
 */
public final class PreferredTimes {

  private PreferredTimes() {}

  /** One preferred time. */
  public record Window(Instant start, Instant end) {

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("start", Times.format(start));
      if (end != null) {
        json.put("end", Times.format(end));
      }
      return json;
    }
  }

  /**
   * The windows of a request, every one of which must be well formed: a {@code start}, an optional
   * {@code end} after it, and within the {@link BookingHorizon} at {@code now}.
   *
   * @throws IllegalArgumentException naming the first window that is not
   */
  public static JsonArray strict(JsonArray items, BookingHorizon horizon, Instant now) {
    List<Window> windows = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Window window = window(items.getValue(i));
      if (window == null) {
        throw new IllegalArgumentException(
            "preferredTimes/" + i + " needs a start and, if it has an end, an end after it.");
      }
      String refusal = horizon.refusal(window.start(), window.end(), now).orElse(null);
      if (refusal != null) {
        throw new IllegalArgumentException("preferredTimes/" + i + ": " + refusal);
      }
      windows.add(window);
    }
    return toJson(windows);
  }

  /**
   * The well-formed windows of a producer's document; the others are dropped, since a tour is
   * better created with fewer preferences than not at all.
   */
  public static JsonArray lenient(JsonArray items) {
    List<Window> windows = new ArrayList<>();
    if (items != null) {
      for (Object item : items) {
        Window window = window(item);
        if (window != null) {
          windows.add(window);
        }
      }
    }
    return toJson(windows);
  }

  private static JsonArray toJson(List<Window> windows) {
    JsonArray json = new JsonArray();
    windows.stream()
        .sorted(Comparator.comparing(Window::start))
        .map(Window::toJson)
        .forEach(json::add);
    return json;
  }

  /** A window from {@code "start"} or {@code {start, end?}}, or null if it is not one. */
  private static Window window(Object item) {
    if (item instanceof String start) {
      Instant instant = instant(start);
      return instant == null ? null : new Window(instant, null);
    }
    if (item instanceof JsonObject object && object.getValue("start") instanceof String start) {
      Instant from = instant(start);
      Object endValue = object.getValue("end");
      if (from == null || (endValue != null && !(endValue instanceof String))) {
        return null;
      }
      Instant to = endValue == null ? null : instant((String) endValue);
      if (endValue != null && (to == null || !to.isAfter(from))) {
        return null;
      }
      return new Window(from, to);
    }
    return null;
  }

  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

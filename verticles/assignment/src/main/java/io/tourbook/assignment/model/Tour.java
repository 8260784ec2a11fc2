package io.tourbook.assignment.model;

import io.tourbook.contracts.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What assignment needs of a tour: from the tour's event data, or from its waiting entry.
 *
 * @param location the tour's centroid {lat, lon}, or null when it has none that realtors can be
 *     searched around
 * @param createdAt when the tour was created; waiting tours are retried oldest first by it
 * @param preferredTimes the customer's windows, earliest first
 * @param legKm the itinerary's legs in visiting order (the first is 0): how long the tour lasts
 * @param firstStop where the tour starts, or null
 * @param lastStop where the tour ends, or null
 * @param preferencesVersion how many times the customer asked for new times
 */
public record Tour(
    String id,
    String status,
    String customerId,
    JsonObject location,
    Instant createdAt,
    List<Window> preferredTimes,
    List<Double> legKm,
    JsonObject firstStop,
    JsonObject lastStop,
    int preferencesVersion) {

  public static final String PENDING = "PENDING";
  public static final String ASSIGNED = "ASSIGNED";
  public static final String SCHEDULED = "SCHEDULED";
  public static final String COMPLETED = "COMPLETED";
  public static final String CANCELLED = "CANCELLED";

  /** A preferred time: a start, or a window the whole tour must fit in when {@code end} is set. */
  public record Window(Instant start, Instant end) {

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("start", Times.format(start));
      if (end != null) {
        json.put("end", Times.format(end));
      }
      return json;
    }
  }

  /** The tour document of a tour event. */
  public static Tour fromEvent(JsonObject data, Instant fallbackCreatedAt) {
    Instant created = Times.parse(data.getValue("createdAt"));
    List<JsonObject> stops = stops(data);
    List<Double> legs = new ArrayList<>();
    stops.forEach(
        stop ->
            legs.add(
                stop.getValue("legKm") instanceof Number km ? Math.max(0, km.doubleValue()) : 0.0));
    return new Tour(
        data.getString("_id"),
        data.getValue("status") instanceof String status ? status : "",
        data.getValue("customerId") instanceof String customer ? customer : null,
        point(data.getValue("location")),
        created == null ? fallbackCreatedAt : created,
        windows(data.getValue("preferredTimes")),
        legs.isEmpty() ? List.of(0.0) : List.copyOf(legs),
        stops.isEmpty() ? null : point(stops.get(0).getValue("location")),
        stops.isEmpty() ? null : point(stops.get(stops.size() - 1).getValue("location")),
        data.getValue("preferencesVersion") instanceof Number version ? version.intValue() : 0);
  }

  /** A waiting entry (see {@link #waitingEntry}): a tour still PENDING. */
  public static Tour fromWaiting(JsonObject waiting) {
    Instant since = Times.parse(waiting.getValue("since"));
    List<Double> legs = new ArrayList<>();
    if (waiting.getValue("legKm") instanceof JsonArray stored) {
      stored.forEach(km -> legs.add(km instanceof Number n ? n.doubleValue() : 0.0));
    }
    return new Tour(
        waiting.getString("_id"),
        PENDING,
        waiting.getValue("customerId") instanceof String customer ? customer : null,
        point(waiting.getValue("location")),
        since == null ? Instant.EPOCH : since,
        windows(waiting.getValue("preferredTimes")),
        legs.isEmpty() ? List.of(0.0) : List.copyOf(legs),
        point(waiting.getValue("firstStop")),
        point(waiting.getValue("lastStop")),
        0);
  }

  /**
   * What the waiting list keeps of the tour (besides {@code _id} and {@code since}), enough to
   * retry it without the tour event.
   */
  public JsonObject waitingEntry() {
    JsonArray windows = new JsonArray();
    preferredTimes.forEach(window -> windows.add(window.toJson()));
    JsonObject entry =
        new JsonObject()
            .put("location", location)
            .put("preferredTimes", windows)
            .put("legKm", new JsonArray(new ArrayList<>(legKm)));
    if (customerId != null) {
      entry.put("customerId", customerId);
    }
    if (firstStop != null) {
      entry.put("firstStop", firstStop);
    }
    if (lastStop != null) {
      entry.put("lastStop", lastStop);
    }
    return entry;
  }

  public double lat() {
    return location.getDouble("lat");
  }

  public double lon() {
    return location.getDouble("lon");
  }

  /** Realtors are found by Redis GEO search, which indexes latitudes up to this. */
  private static final double MAX_LAT = 85.05112878;

  private static JsonObject point(Object value) {
    if (value instanceof JsonObject point
        && point.getValue("lat") instanceof Number lat
        && point.getValue("lon") instanceof Number lon
        && Math.abs(lat.doubleValue()) <= MAX_LAT
        && Math.abs(lon.doubleValue()) <= 180) {
      return new JsonObject().put("lat", lat.doubleValue()).put("lon", lon.doubleValue());
    }
    return null;
  }

  /** The itinerary in visiting order; the listings (each a leg of 0 km) when it is missing. */
  private static List<JsonObject> stops(JsonObject tour) {
    List<JsonObject> stops = new ArrayList<>();
    Object itinerary = tour.getValue("itinerary");
    if (itinerary instanceof JsonArray items) {
      items.forEach(
          item -> {
            if (item instanceof JsonObject stop) {
              stops.add(stop);
            }
          });
      stops.sort(Comparator.comparingInt(stop -> stop.getInteger("order", 0)));
    }
    if (stops.isEmpty() && tour.getValue("listings") instanceof JsonArray listings) {
      listings.forEach(
          item -> {
            if (item instanceof JsonObject listing) {
              stops.add(listing);
            }
          });
    }
    return stops;
  }

  /** Preferred times: ISO strings (a start) or {start, end?}; unreadable ones are left out. */
  private static List<Window> windows(Object value) {
    List<Window> windows = new ArrayList<>();
    if (value instanceof JsonArray items) {
      for (Object item : items) {
        if (item instanceof JsonObject window) {
          Instant start = Times.parse(window.getValue("start"));
          Instant end = Times.parse(window.getValue("end"));
          if (start != null && (end == null || end.isAfter(start))) {
            windows.add(new Window(start, end));
          }
        } else {
          Instant start = Times.parse(item);
          if (start != null) {
            windows.add(new Window(start, null));
          }
        }
      }
    }
    windows.sort(Comparator.comparing(Window::start));
    return List.copyOf(windows);
  }
}

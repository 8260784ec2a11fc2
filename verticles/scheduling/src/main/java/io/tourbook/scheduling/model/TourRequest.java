package io.tourbook.scheduling.model;

import io.tourbook.contracts.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What scheduling reads from a tour.tours document: who, where in which order, and when the
 * customer would like it.
 *
 * @param preferencesVersion how many times the customer asked for new times
 * @param slot the time assignment booked for the tour ({@code slot {start, end}}), or null
 * @param cancelReason why a cancelled tour was cancelled ({@code no-realtor} by the platform), or
 *     null
 */
public record TourRequest(
    String tourId,
    String status,
    String customerId,
    String realtorId,
    String assignmentId,
    int preferencesVersion,
    List<Stop> stops,
    List<Window> preferredTimes,
    Window slot,
    String cancelReason) {

  /**
   * One listing to visit, with the distance from the previous one.
   *
   * @param title null when the tour does not say
   * @param address null for a tour from before stops carried one
   */
  public record Stop(String listingId, String title, Address address, double legKm) {}

  /** A preferred time: a start, or a window to fit the tour in when {@code end} is set. */
  public record Window(Instant start, Instant end) {}

  /**
   * Reads a tour document.
   *
   * @throws IllegalArgumentException if it has no id or nothing to visit
   */
  public static TourRequest fromJson(JsonObject tour) {
    String tourId = tour.getString("_id");
    if (tourId == null || tourId.isBlank()) {
      throw new IllegalArgumentException("a tour without _id");
    }
    List<Stop> stops = stops(tour);
    if (stops.isEmpty()) {
      throw new IllegalArgumentException("tour " + tourId + " has no listings to visit");
    }
    return new TourRequest(
        tourId,
        tour.getString("status"),
        tour.getString("customerId"),
        tour.getString("realtorId"),
        tour.getString("assignmentId"),
        tour.getValue("preferencesVersion") instanceof Number version ? version.intValue() : 0,
        stops,
        windows(tour.getJsonArray("preferredTimes")),
        tour.getValue("slot") instanceof JsonObject slot ? window(slot) : null,
        tour.getValue("cancelReason") instanceof String reason ? reason : null);
  }

  /**
   * The itinerary in visiting order, each stop titled and addressed by itself or else by its
   * listing; the listings if it is missing.
   */
  private static List<Stop> stops(JsonObject tour) {
    Map<String, JsonObject> listings = new HashMap<>();
    List<String> listingOrder = new ArrayList<>();
    for (Object value : tour.getJsonArray("listings", new JsonArray())) {
      if (value instanceof JsonObject listing && listing.getString("listingId") != null) {
        listings.put(listing.getString("listingId"), listing);
        listingOrder.add(listing.getString("listingId"));
      }
    }
    List<JsonObject> itinerary = new ArrayList<>();
    for (Object value : tour.getJsonArray("itinerary", new JsonArray())) {
      if (value instanceof JsonObject stop && stop.getString("listingId") != null) {
        itinerary.add(stop);
      }
    }
    itinerary.sort(Comparator.comparingInt(stop -> stop.getInteger("order", 0)));
    List<Stop> stops = new ArrayList<>();
    if (!itinerary.isEmpty()) {
      for (JsonObject stop : itinerary) {
        double legKm = stop.getValue("legKm") instanceof Number km ? km.doubleValue() : 0;
        stops.add(stop(stop, listings.get(stop.getString("listingId")), Math.max(0, legKm)));
      }
    } else {
      listingOrder.forEach(id -> stops.add(stop(listings.get(id), null, 0)));
    }
    return stops;
  }

  private static Stop stop(JsonObject stop, JsonObject listing, double legKm) {
    JsonObject fallback = listing == null ? new JsonObject() : listing;
    String title = stop.getValue("title") instanceof String own ? own : fallback.getString("title");
    Address address = Address.fromJson(stop.getValue("address"));
    return new Stop(
        stop.getString("listingId"),
        title,
        address != null ? address : Address.fromJson(fallback.getValue("address")),
        legKm);
  }

  private static List<Window> windows(JsonArray preferredTimes) {
    List<Window> windows = new ArrayList<>();
    if (preferredTimes != null) {
      for (Object value : preferredTimes) {
        Window window = window(value);
        if (window != null) {
          windows.add(window);
        }
      }
    }
    windows.sort(Comparator.comparing(Window::start));
    return List.copyOf(windows);
  }

  private static Window window(Object value) {
    if (value instanceof String start) {
      Instant instant = Times.parse(start);
      return instant == null ? null : new Window(instant, null);
    }
    if (value instanceof JsonObject object) {
      Instant start = Times.parse(object.getString("start"));
      Instant end = Times.parse(object.getString("end"));
      if (start == null || (end != null && !end.isAfter(start))) {
        return null;
      }
      return new Window(start, end);
    }
    return null;
  }
}

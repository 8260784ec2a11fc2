package io.tourbook.tour.model;

import io.tourbook.contracts.events.EventTypes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Builds tour documents (the tour.tours shape of the data contracts). */
public final class TourDocuments {

  /** The actor of the stamps that events, not people, cause. */
  public static final String SYSTEM = "system";

  private TourDocuments() {}

  /**
   * The id of the tour of a payment: a name-based UUID of the payment id, so every delivery of the
   * same payment names the same tour and a second insert is a duplicate key.
   */
  public static String tourIdOf(String paymentId) {
    return UUID.nameUUIDFromBytes(("tour:" + paymentId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * The PENDING tour of a succeeded payment: its listings, their centroid, the itinerary and the
   * customer's preferred times, stamped {@code tour.created}.
   *
   * @throws IllegalArgumentException if the payment has no customer, no items, or an item without a
   *     listing id or a location
   */
  public static JsonObject fromPayment(JsonObject payment, ItineraryPlanner planner, Instant now) {
    String paymentId = text(payment.getValue("_id"), "payment _id");
    String customerId = text(payment.getValue("customerId"), "payment customerId");
    JsonArray items = payment.getJsonArray("items");
    if (items == null || items.isEmpty()) {
      throw new IllegalArgumentException("payment " + paymentId + " has no items");
    }
    List<JsonObject> listings = new ArrayList<>();
    List<GeoPoint> points = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Object value : items) {
      if (!(value instanceof JsonObject item)) {
        throw new IllegalArgumentException(
            "payment " + paymentId + " has an item that is no object");
      }
      String listingId = text(item.getValue("listingId"), "item listingId");
      if (!seen.add(listingId)) {
        continue;
      }
      GeoPoint location = GeoPoint.fromJson(item.getJsonObject("location"));
      JsonObject listing = new JsonObject().put("listingId", listingId);
      if (item.getValue("title") instanceof String title) {
        listing.put("title", title);
      }
      listings.add(listing.put("location", location.toJson()));
      points.add(location);
    }
    List<Integer> order = planner.order(points);
    JsonArray itinerary = new JsonArray();
    double travelKm = 0;
    for (int stop = 0; stop < order.size(); stop++) {
      int index = order.get(stop);
      double legKm = stop == 0 ? 0 : points.get(order.get(stop - 1)).distanceKm(points.get(index));
      travelKm += legKm;
      itinerary.add(
          new JsonObject()
              .put("listingId", listings.get(index).getString("listingId"))
              .put("order", stop + 1)
              .put("location", points.get(index).toJson())
              .put("legKm", roundKm(legKm)));
    }
    String at = Times.format(now);
    return new JsonObject()
        .put("_id", tourIdOf(paymentId))
        .put("paymentId", paymentId)
        .put("customerId", customerId)
        .put("listings", new JsonArray(new ArrayList<>(listings)))
        .put("itinerary", itinerary)
        .put("travelKm", roundKm(travelKm))
        .put("location", GeoPoint.centroid(points).toJson())
        .put("preferredTimes", PreferredTimes.lenient(payment.getJsonArray("preferredTimes")))
        .put("preferencesVersion", 0)
        .put("status", TourStatus.PENDING.name())
        .put("createdAt", at)
        .put("lastChange", stamp(EventTypes.TOUR_CREATED, at, SYSTEM));
  }

  /** The whole {@code lastChange} stamp, as every meaningful write sets it. */
  public static JsonObject stamp(String type, String at, String actor) {
    return new JsonObject().put("type", type).put("at", at).put("actor", actor);
  }

  /** The document as the API shows it: {@code id} instead of {@code _id}. */
  public static JsonObject view(JsonObject tour) {
    JsonObject view = new JsonObject().put("id", tour.getValue("_id"));
    tour.forEach(
        field -> {
          if (!field.getKey().equals("_id")) {
            view.put(field.getKey(), field.getValue());
          }
        });
    return view;
  }

  private static double roundKm(double km) {
    return Math.round(km * 1000) / 1000.0;
  }

  private static String text(Object value, String what) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return text;
  }
}

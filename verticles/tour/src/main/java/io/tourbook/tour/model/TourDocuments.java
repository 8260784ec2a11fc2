package io.tourbook.tour.model;

import io.tourbook.contracts.GeoPoint;
import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.trace.ChangeStamp;
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
   * The PENDING tour of a succeeded payment: its listings (each with its provider, title and
   * address when the payment's item has them), their centroid, the itinerary (titled and addressed
   * stops) and the customer's preferred times, stamped {@code tour.created}.
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
      if (item.getValue("providerId") instanceof String providerId) {
        listing.put("providerId", providerId);
      }
      listings.add(describe(item, listing).put("location", location.toJson()));
      points.add(location);
    }
    List<Integer> order = planner.order(points);
    JsonArray itinerary = new JsonArray();
    double travelKm = 0;
    for (int stop = 0; stop < order.size(); stop++) {
      int index = order.get(stop);
      double legKm = stop == 0 ? 0 : points.get(order.get(stop - 1)).distanceKm(points.get(index));
      travelKm += legKm;
      JsonObject listing = listings.get(index);
      itinerary.add(
          describe(listing, new JsonObject().put("listingId", listing.getString("listingId")))
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

  /**
   * Copies what tells people where a stop is, {@code title} and {@code address}, from {@code from}
   * to {@code stop}, when {@code from} has them: a payment from before items carried an address has
   * none.
   */
  private static JsonObject describe(JsonObject from, JsonObject stop) {
    if (from.getValue("title") instanceof String title) {
      stop.put("title", title);
    }
    if (from.getValue("address") instanceof JsonObject address) {
      stop.put("address", address.copy());
    }
    return stop;
  }

  /** The whole {@code lastChange} stamp, as every meaningful write sets it. */
  public static JsonObject stamp(String type, String at, String actor) {
    return ChangeStamp.of(type, at, actor);
  }

  /**
   * A tour as a provider sees it in the list of their listing's tours: its id, status, creation and
   * times, and only the stops of their own listings (each with its visiting order, title, address
   * and, once scheduled, its times). Nothing of the customer, the realtor, the payment or the other
   * providers' listings.
   *
   * @param listingId the listing the provider asked about, checked as theirs: its stops count as
   *     theirs even on a tour from before stops carried the provider
   */
  public static JsonObject providerView(JsonObject tour, String providerId, String listingId) {
    JsonObject view =
        new JsonObject()
            .put("id", tour.getValue("_id"))
            .put("status", tour.getValue("status"))
            .put("createdAt", tour.getValue("createdAt"));
    if (tour.getValue("slot") instanceof JsonObject slot) {
      view.put(
          "slot",
          new JsonObject().put("start", slot.getValue("start")).put("end", slot.getValue("end")));
    }
    JsonObject schedule =
        tour.getValue("schedule") instanceof JsonObject found ? found : new JsonObject();
    if (schedule.getValue("start") != null) {
      JsonObject times =
          new JsonObject()
              .put("start", schedule.getValue("start"))
              .put("end", schedule.getValue("end"));
      if (schedule.getValue("timeZone") != null) {
        times.put("timeZone", schedule.getValue("timeZone"));
      }
      view.put("schedule", times);
    }
    JsonArray stops = new JsonArray();
    for (JsonObject listing : objects(tour.getJsonArray("listings"))) {
      String id = listing.getString("listingId");
      if (!providerId.equals(listing.getString("providerId")) && !listingId.equals(id)) {
        continue;
      }
      JsonObject stop = describe(listing, new JsonObject().put("listingId", id));
      objects(tour.getJsonArray("itinerary")).stream()
          .filter(leg -> id.equals(leg.getString("listingId")))
          .findFirst()
          .ifPresent(leg -> stop.put("order", leg.getValue("order")));
      objects(schedule.getJsonArray("stops")).stream()
          .filter(timed -> id.equals(timed.getString("listingId")))
          .findFirst()
          .ifPresent(
              timed ->
                  stop.put("start", timed.getValue("start")).put("end", timed.getValue("end")));
      stops.add(stop);
    }
    return view.put("stops", stops);
  }

  private static List<JsonObject> objects(JsonArray array) {
    return array == null
        ? List.of()
        : array.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList();
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

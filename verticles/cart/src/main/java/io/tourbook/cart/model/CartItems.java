package io.tourbook.cart.model;

import io.tourbook.contracts.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cart items: snapshots of listings as {@code listing.service} returned them, {@code {listingId,
 * providerId, title, address {street, city, state, country, postcode}, tourFee {amount, currency},
 * location {lat, lon}, addedAt}}, which is also the item shape that {@code payment.service} charges
 * (without {@code addedAt}). The provider and the address travel with the payment to the tour: its
 * stops show where to go, and a provider sees the tours of their own listings.
 */
public final class CartItems {

  /** The address fields a snapshot keeps, all strings. */
  private static final List<String> ADDRESS_FIELDS =
      List.of("street", "city", "state", "country", "postcode");

  /** Whether an item's listing can still be toured (live views only). */
  public static final String TOURABLE = "tourable";

  private CartItems() {}

  /**
   * The snapshot of a listing; its tour fee, or {@code defaultFee} when it sets none. Empty when
   * the listing has no usable location (a tour could not reach it).
   */
  public static Optional<JsonObject> snapshot(JsonObject listing, Money defaultFee, Instant now) {
    if (!(listing.getValue("location") instanceof JsonObject location)
        || !(location.getValue("lat") instanceof Number lat)
        || !(location.getValue("lon") instanceof Number lon)) {
      return Optional.empty();
    }
    Money fee = Money.parse(listing.getValue("tourFee")).orElse(defaultFee);
    JsonObject item = new JsonObject().put("listingId", listing.getString("_id"));
    if (listing.getValue("providerId") instanceof String providerId) {
      item.put("providerId", providerId);
    }
    item.put("title", listing.getValue("title") instanceof String title ? title : "");
    address(location).ifPresent(address -> item.put("address", address));
    return Optional.of(
        item.put("tourFee", fee.toJson())
            .put(
                "location",
                new JsonObject().put("lat", lat.doubleValue()).put("lon", lon.doubleValue()))
            .put("addedAt", Times.format(now)));
  }

  /** The string fields of a listing's {@code location.address}; empty when it has none. */
  private static Optional<JsonObject> address(JsonObject location) {
    if (!(location.getValue("address") instanceof JsonObject stored)) {
      return Optional.empty();
    }
    JsonObject address = new JsonObject();
    for (String field : ADDRESS_FIELDS) {
      if (stored.getValue(field) instanceof String value) {
        address.put(field, value);
      }
    }
    return address.isEmpty() ? Optional.empty() : Optional.of(address);
  }

  public static String listingId(JsonObject item) {
    return item.getString("listingId");
  }

  public static Money fee(JsonObject item) {
    return Money.parse(item.getValue("tourFee"))
        .orElseThrow(() -> new IllegalStateException("A cart item without a tour fee"));
  }

  /** The items of a cart document (none for a cart that does not exist). */
  public static List<JsonObject> of(JsonObject cart) {
    if (cart == null || !(cart.getValue("items") instanceof JsonArray items)) {
      return List.of();
    }
    return items.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList();
  }

  /** The sum of the items' tour fees, in {@code currency} when there are none. */
  public static Money total(List<JsonObject> items, String currency) {
    Money total = Money.zero(items.isEmpty() ? currency : fee(items.get(0)).currency());
    for (JsonObject item : items) {
      total = total.plus(fee(item));
    }
    return total;
  }

  /** The cart as the API shows it from its stored snapshots (the admins' list of carts). */
  public static JsonObject view(String customerId, JsonObject cart, String defaultCurrency) {
    List<JsonObject> items = of(cart);
    return view(customerId, cart, items, total(items, defaultCurrency));
  }

  /**
   * The cart as its customer sees it: each item with its listing's current title and fee and {@code
   * tourable} (false for a listing gone, hidden, without a location or with its fee in another
   * currency than the cart's first tourable item), and the total of the tourable items, which is
   * what a checkout charges.
   *
   * @param current the listings that may be toured now, by id (from {@code listing.service})
   */
  public static JsonObject liveView(
      String customerId,
      JsonObject cart,
      Map<String, JsonObject> current,
      Money defaultFee,
      Instant now) {
    List<JsonObject> items = new ArrayList<>();
    List<JsonObject> tourable = new ArrayList<>();
    for (JsonObject stored : of(cart)) {
      JsonObject listing = current.get(listingId(stored));
      Optional<JsonObject> fresh =
          listing == null ? Optional.empty() : snapshot(listing, defaultFee, now);
      boolean sameCurrency =
          fresh.isPresent()
              && (tourable.isEmpty()
                  || fee(fresh.get()).currency().equals(fee(tourable.get(0)).currency()));
      JsonObject item = sameCurrency ? fresh.get() : stored.copy();
      item.put("addedAt", stored.getValue("addedAt")).put(TOURABLE, sameCurrency);
      if (sameCurrency) {
        tourable.add(item);
      }
      items.add(item);
    }
    return view(customerId, cart, items, total(tourable, defaultFee.currency())).put("live", true);
  }

  private static JsonObject view(
      String customerId, JsonObject cart, List<JsonObject> items, Money total) {
    JsonObject view =
        new JsonObject()
            .put("customerId", customerId)
            .put("items", new JsonArray(List.copyOf(items)))
            .put("itemCount", items.size())
            .put("total", total.toJson());
    if (cart != null && cart.getValue("updatedAt") != null) {
      view.put("updatedAt", cart.getValue("updatedAt"));
    }
    return view;
  }
}

package io.tourbook.cart.impl;

import io.tourbook.cart.CartSettings;
import io.tourbook.cart.model.CartItems;
import io.tourbook.cart.store.CartStore;
import io.tourbook.contracts.listing.ListingService;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading a cart and adding or removing its listings. */
public final class CartCommands {

  private static final Logger LOG = LoggerFactory.getLogger(CartCommands.class);

  private final CartStore store;
  private final ListingService listings;
  private final CartSettings settings;
  private final Clock clock;

  public CartCommands(
      CartStore store, ListingService listings, CartSettings settings, Clock clock) {
    this.store = store;
    this.listings = listings;
    this.settings = settings;
    this.clock = clock;
  }

  public Future<JsonObject> cart(String customerId) {
    return store.cart(customerId).compose(cart -> liveView(customerId, cart));
  }

  public Future<JsonObject> carts(Pages.Page page) {
    return Future.all(store.carts(page), store.countCarts())
        .map(
            found ->
                page.response(
                    found.<List<JsonObject>>resultAt(0).stream()
                        .map(cart -> view(cart.getString("_id"), cart))
                        .toList(),
                    found.<Long>resultAt(1)));
  }

  /**
   * Adds a listing that {@code listing.service} returns as visible, as a snapshot: 404 when it does
   * not (or no longer may be toured), 409 when the cart holds it already, is full, or holds fees in
   * another currency.
   */
  public Future<JsonObject> add(String customerId, String listingId) {
    return store
        .cart(customerId)
        .compose(
            cart -> {
              List<JsonObject> items = CartItems.of(cart);
              requireAddable(items, listingId);
              return listings
                  .getListings(List.of(listingId))
                  .map(found -> snapshot(found, listingId, items));
            })
        .compose(
            item ->
                store
                    .addItem(customerId, item, settings.maxItems(), clock.instant())
                    .compose(
                        added ->
                            store
                                .cart(customerId)
                                .map(cart -> added ? cart : refused(cart, listingId))))
        .compose(cart -> liveView(customerId, cart));
  }

  public Future<JsonObject> remove(String customerId, String listingId) {
    return store
        .removeItem(customerId, listingId, clock.instant())
        .compose(
            removed -> {
              if (!removed) {
                throw ApiException.notFound("Listing " + listingId + " is not in your cart.");
              }
              return cart(customerId);
            });
  }

  private void requireAddable(List<JsonObject> items, String listingId) {
    if (items.stream().anyMatch(item -> listingId.equals(CartItems.listingId(item)))) {
      throw ApiException.conflict("Listing " + listingId + " is already in your cart.");
    }
    if (items.size() >= settings.maxItems()) {
      throw ApiException.conflict(
          "Your cart is full: it holds at most " + settings.maxItems() + " listings.");
    }
  }

  private JsonObject snapshot(JsonObject found, String listingId, List<JsonObject> items) {
    JsonObject listing = Listings.visible(found).get(listingId);
    if (listing == null) {
      throw ApiException.notFound(
          "Listing " + listingId + " does not exist or is not open for tours.");
    }
    JsonObject item =
        CartItems.snapshot(listing, settings.defaultTourFee(), clock.instant())
            .orElseThrow(
                () ->
                    ApiException.conflict(
                        "Listing " + listingId + " has no location, so it cannot be toured."));
    String currency = CartItems.fee(item).currency();
    if (!items.isEmpty() && !CartItems.fee(items.get(0)).currency().equals(currency)) {
      throw ApiException.conflict(
          "Listing "
              + listingId
              + " has its tour fee in "
              + currency
              + " but your cart is in "
              + CartItems.fee(items.get(0)).currency()
              + "; check out separately.");
    }
    return item;
  }

  /** Why a conditional add did not apply: a concurrent change filled the cart or added it. */
  private JsonObject refused(JsonObject cart, String listingId) {
    requireAddable(CartItems.of(cart), listingId);
    throw ApiException.conflict("Your cart changed meanwhile; try again.");
  }

  private JsonObject view(String customerId, JsonObject cart) {
    return CartItems.view(customerId, cart, settings.defaultTourFee().currency());
  }

  /**
   * The cart with its listings as they are now, read through {@code listing.service}; the stored
   * snapshots, marked {@code live: false}, when listing.service does not answer.
   */
  private Future<JsonObject> liveView(String customerId, JsonObject cart) {
    List<String> ids = CartItems.of(cart).stream().map(CartItems::listingId).toList();
    if (ids.isEmpty()) {
      return Future.succeededFuture(view(customerId, cart).put("live", true));
    }
    return listings
        .getListings(ids)
        .map(
            found ->
                CartItems.liveView(
                    customerId,
                    cart,
                    Listings.visible(found),
                    settings.defaultTourFee(),
                    clock.instant()))
        .recover(
            unreachable -> {
              LOG.warn(
                  "listing.service did not answer for the cart of {}: {}",
                  customerId,
                  unreachable.getMessage());
              return Future.succeededFuture(view(customerId, cart).put("live", false));
            });
  }
}

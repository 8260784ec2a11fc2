package io.tourbook.contracts.listing;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What the listing service offers other services on the event bus (the cart, mainly). */
@ProxyGen
@VertxGen
public interface ListingService {

  String ADDRESS = "listing.service";

  /** Failure code: the request itself is wrong (too many ids, an invalid id). */
  int INVALID = 400;

  static ListingService createProxy(Vertx vertx, long timeoutMs) {
    return new ListingServiceVertxEBProxy(
        vertx, ADDRESS, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /**
   * The visible listings among {@code ids}: {@code {listings: [listing...], missing: [id...]}}. A
   * listing is visible when it exists and its provider is verified and active; every other id is in
   * {@code missing}.
   */
  Future<JsonObject> getListings(List<String> ids);
}

package io.tourbook.listing.impl;

import io.tourbook.contracts.Times;
import io.tourbook.listing.model.ListingDocuments;
import io.tourbook.listing.model.ProviderState;
import io.tourbook.listing.store.ListingStore;
import io.tourbook.listing.store.ProviderStore;
import io.tourbook.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.UUID;

/**
 * Create, update and delete of listings by their provider. Each command checks, as explicit steps:
 * that the listing exists and is the caller's (for update and delete), then that the caller is a
 * provider the listing service knows as verified and active.
 *
 * <p>Another provider's listing answers 403 when it is visible (anyone may read it, so its
 * existence is no secret) and 404 when it is hidden, exactly as a GET by that provider would.
 */
public final class ListingCommands {

  private final ListingStore listings;
  private final ProviderStore providers;
  private final Clock clock;

  public ListingCommands(ListingStore listings, ProviderStore providers, Clock clock) {
    this.listings = listings;
    this.providers = providers;
    this.clock = clock;
  }

  /** Creates a listing from a body valid against create.json; the stored document. */
  public Future<JsonObject> create(String providerId, JsonObject body) {
    String id = UUID.randomUUID().toString();
    return requireEligible(providerId)
        .compose(
            eligible ->
                listings.insert(
                    ListingDocuments.newListing(
                        id, providerId, body, Times.format(clock.instant()))))
        .compose(inserted -> hideIfNoLongerEligible(providerId))
        .compose(checked -> listings.find(id));
  }

  /** Applies a body valid against patch.json to the caller's listing; the stored document. */
  public Future<JsonObject> update(String providerId, String listingId, JsonObject body) {
    return requireOwned(providerId, listingId)
        .compose(owned -> requireEligible(providerId))
        .compose(
            eligible ->
                listings.update(
                    listingId,
                    providerId,
                    ListingDocuments.patch(body, providerId, Times.format(clock.instant()))))
        .compose(matched -> matched ? listings.find(listingId) : Future.succeededFuture())
        .compose(
            updated ->
                updated != null
                    ? Future.succeededFuture(updated)
                    : Future.failedFuture(notFound(listingId)));
  }

  /** Deletes the caller's listing. */
  public Future<Void> delete(String providerId, String listingId) {
    return requireOwned(providerId, listingId)
        .compose(owned -> requireEligible(providerId))
        .compose(eligible -> listings.delete(listingId, providerId))
        .compose(
            deleted ->
                deleted ? Future.succeededFuture() : Future.failedFuture(notFound(listingId)));
  }

  private Future<JsonObject> requireOwned(String providerId, String listingId) {
    return listings
        .find(listingId)
        .compose(
            listing -> {
              if (listing == null) {
                return Future.failedFuture(notFound(listingId));
              }
              if (!providerId.equals(listing.getString("providerId"))) {
                return Future.failedFuture(
                    Boolean.TRUE.equals(listing.getBoolean("visible"))
                        ? ApiException.forbidden("Only the listing's provider may change it.")
                        : notFound(listingId));
              }
              return Future.succeededFuture(listing);
            });
  }

  private Future<ProviderState> requireEligible(String providerId) {
    return providers
        .find(providerId)
        .compose(
            state -> {
              if (state == null) {
                return Future.failedFuture(
                    ApiException.forbidden(
                        "Your provider account is not verified yet: listings can be managed once"
                            + " an admin has verified it."));
              }
              return state
                  .refusal()
                  .<Future<ProviderState>>map(
                      reason -> Future.failedFuture(ApiException.forbidden(reason)))
                  .orElseGet(() -> Future.succeededFuture(state));
            });
  }

  /**
   * Closes the race with a suspension arriving while the listing was inserted: the event handler
   * saves the provider's state before it hides their listings, so reading it again after the insert
   * either sees the suspension (and hides the listing here) or comes before it (and the handler's
   * update finds the listing).
   */
  private Future<Void> hideIfNoLongerEligible(String providerId) {
    return providers
        .find(providerId)
        .compose(
            state ->
                state != null && state.eligible()
                    ? Future.succeededFuture()
                    : listings
                        .setVisibility(providerId, false, Times.format(clock.instant()))
                        .<Void>mapEmpty());
  }

  private static ApiException notFound(String listingId) {
    return ApiException.notFound("No listing " + listingId + ".");
  }
}

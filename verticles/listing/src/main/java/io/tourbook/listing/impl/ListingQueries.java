package io.tourbook.listing.impl;

import io.tourbook.contracts.GeoPoint;
import io.tourbook.listing.model.SearchCriteria;
import io.tourbook.listing.store.ListingStore;
import io.tourbook.platform.auth.Caller;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;

/**
 * Reading listings. The public sees visible listings only; a provider also sees their own hidden
 * ones, and an admin sees every listing by id.
 *
 * <p>Geo search uses no geo operator, so that it runs on the development server too (see {@code
 * PortableWrites}): MongoDB returns the listings inside the circle's latitude/longitude bounding
 * box (plain range filters), at most {@code listing.search.max-candidates} of them, and the exact
 * haversine distance, the radius cut, the distance sort and the paging happen here.
 */
public final class ListingQueries {

  private static final Comparator<JsonObject> BY_ID = Comparator.comparing(ListingQueries::id);

  private final ListingStore listings;
  private final int maxCandidates;

  public ListingQueries(ListingStore listings, int maxCandidates) {
    this.listings = listings;
    this.maxCandidates = maxCandidates;
  }

  /** The listing if the caller may see it; 404 otherwise, whether it exists or not. */
  public Future<JsonObject> get(Caller caller, String listingId) {
    return listings
        .find(listingId)
        .compose(
            listing ->
                listing != null && visibleTo(caller, listing)
                    ? Future.succeededFuture(listing)
                    : Future.failedFuture(ApiException.notFound("No listing " + listingId + ".")));
  }

  /**
   * A page of the search: {@code {items, page, size, total, totalPages}}, and for geo searches
   * {@code truncated}; with {@code near}, each item carries its {@code distanceKm}.
   */
  public Future<JsonObject> search(SearchCriteria criteria) {
    if (criteria.near() == null) {
      return Future.all(listings.searchPage(criteria), listings.count(criteria))
          .map(
              both ->
                  criteria
                      .page()
                      .response(both.<List<JsonObject>>resultAt(0), both.<Long>resultAt(1)));
    }
    return listings
        .searchCandidates(criteria, maxCandidates + 1)
        .map(candidates -> nearPage(criteria, candidates));
  }

  private JsonObject nearPage(SearchCriteria criteria, List<JsonObject> candidates) {
    boolean truncated = candidates.size() > maxCandidates;
    GeoPoint centre = criteria.near();
    List<JsonObject> inRadius =
        candidates.stream()
            .limit(maxCandidates)
            .map(listing -> withDistance(listing, centre))
            .filter(listing -> listing.getDouble("distanceKm") <= criteria.radiusKm())
            .sorted(order(criteria.sort()))
            .toList();
    int from = Math.min(criteria.page().skip(), inRadius.size());
    int to = Math.min(from + criteria.page().size(), inRadius.size());
    return criteria
        .page()
        .response(inRadius.subList(from, to), inRadius.size())
        .put("truncated", truncated);
  }

  private static JsonObject withDistance(JsonObject listing, GeoPoint centre) {
    JsonObject location = listing.getJsonObject("location");
    double km = centre.distanceKm(location.getDouble("lat"), location.getDouble("lon"));
    return listing.put("distanceKm", GeoPoint.shownKm(km));
  }

  private static Comparator<JsonObject> order(SearchCriteria.Sort sort) {
    Comparator<JsonObject> primary =
        switch (sort) {
          case DISTANCE -> Comparator.comparingDouble(listing -> listing.getDouble("distanceKm"));
          case PRICE -> Comparator.comparingDouble(ListingQueries::price);
          case NEWEST ->
              Comparator.comparing((JsonObject listing) -> listing.getString("createdAt", ""))
                  .reversed();
        };
    return primary.thenComparing(BY_ID);
  }

  private static double price(JsonObject listing) {
    return listing.getJsonObject("price").getDouble("amount");
  }

  private static String id(JsonObject listing) {
    return listing.getString("_id");
  }

  private static boolean visibleTo(Caller caller, JsonObject listing) {
    return Boolean.TRUE.equals(listing.getBoolean("visible"))
        || caller.subject().equals(listing.getString("providerId"))
        || caller.hasRole(Roles.ADMIN);
  }
}

package io.tourbook.listing.impl;

import io.tourbook.contracts.GeoPoint;
import io.tourbook.listing.model.SearchCriteria;
import io.tourbook.listing.store.ListingStore;
import io.tourbook.platform.auth.Caller;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
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
    // Each candidate's distance and sort key are read once, and only the page's listings get their
    // distance written: the candidates can be many times the page.
    List<Ranked> inRadius = new ArrayList<>();
    for (JsonObject listing : candidates.subList(0, Math.min(candidates.size(), maxCandidates))) {
      JsonObject location = listing.getJsonObject("location");
      double km =
          GeoPoint.shownKm(centre.distanceKm(location.getDouble("lat"), location.getDouble("lon")));
      if (km <= criteria.radiusKm()) {
        inRadius.add(Ranked.of(listing, km, criteria.sort()));
      }
    }
    inRadius.sort(Ranked.ORDER);
    int from = Math.min(criteria.page().skip(), inRadius.size());
    int to = Math.min(from + criteria.page().size(), inRadius.size());
    List<JsonObject> page =
        inRadius.subList(from, to).stream()
            .map(ranked -> ranked.listing().put("distanceKm", ranked.km()))
            .toList();
    return criteria.page().response(page, inRadius.size()).put("truncated", truncated);
  }

  /**
   * A listing in the radius with its sort key: the distance or the price ascending ({@code
   * number}), or the creation time newest first ({@code text}); ties go by id.
   */
  private record Ranked(
      JsonObject listing, double km, double number, String text, String listingId) {

    static final Comparator<Ranked> ORDER =
        Comparator.comparingDouble(Ranked::number)
            .thenComparing(Ranked::text, Comparator.nullsFirst(Comparator.reverseOrder()))
            .thenComparing(Ranked::listingId);

    static Ranked of(JsonObject listing, double km, SearchCriteria.Sort sort) {
      return switch (sort) {
        case DISTANCE -> new Ranked(listing, km, km, null, id(listing));
        case PRICE -> new Ranked(listing, km, price(listing), null, id(listing));
        case NEWEST -> new Ranked(listing, km, 0, listing.getString("createdAt", ""), id(listing));
      };
    }
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

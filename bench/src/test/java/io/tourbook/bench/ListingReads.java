package io.tourbook.bench;

import io.tourbook.contracts.GeoPoint;
import io.tourbook.listing.model.ListingSettings;
import io.tourbook.listing.model.SearchCriteria;
import io.tourbook.listing.store.ListingStore;
import io.tourbook.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Listing reads over HTTP against two baselines of the same run: a bare Vert.x endpoint answering a
 * listing-sized document, and the very query the listing store sends, straight to the same MongoDB
 * through the same client (the Vert.x MongoDB client, as {@code ListingVerticle} creates it) at the
 * same concurrency, so the database's own cost is in that baseline.
 */
final class ListingReads {

  static final String BARE = "bare Vert.x JSON";
  static final String SEARCH_DRIVER = "MongoDB search query (same driver)";
  static final String SEARCH = "listing search";
  static final String GET_DRIVER = "MongoDB get-by-id query (same driver)";
  static final String GET = "listing get-by-id";

  // Each endpoint is measured for ROUNDS slices, in turn with the others.
  private static final Duration SLICE = Duration.ofMillis(1500);
  private static final int ROUNDS = 4;
  private static final int CONCURRENCY = 32;
  private static final int RADIUS_KM = 5;

  private ListingReads() {}

  /**
   * Measures the endpoints in turn ({@link HttpLoad#interleaved}); the listings must exist around
   * {@link Population#LAT}, {@link Population#LON}.
   */
  static JsonObject measure(
      Vertx vertx,
      WebClient client,
      JsonObject config,
      int port,
      String customerToken,
      String listingId,
      int searchListings) {
    HttpServer bare = HttpLoad.bareServer(vertx);
    MongoClient driver =
        MongoClient.create(
            vertx,
            new JsonObject()
                .put("connection_string", config.getJsonObject("mongo").getString("uri"))
                .put("db_name", "listing"));
    ListingStore store = new ListingStore(driver);
    int candidates = ListingSettings.from(config).maxCandidates() + 1;
    // What SearchParams makes of the HTTP search below for a customer.
    SearchCriteria criteria =
        new SearchCriteria(
            new GeoPoint(Population.LAT, Population.LON),
            RADIUS_KM,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            SearchCriteria.Sort.DISTANCE,
            new Pages.Page(1, Pages.DEFAULT_SIZE),
            false);
    String searchPath =
        "/api/v1/listings?near=" + Population.LAT + "," + Population.LON + "&radiusKm=" + RADIUS_KM;
    try {
      Map<String, Supplier<Future<Boolean>>> endpoints = new LinkedHashMap<>();
      endpoints.put(BARE, HttpLoad.http(() -> client.get(bare.actualPort(), "127.0.0.1", "/")));
      endpoints.put(
          SEARCH_DRIVER,
          () -> store.searchCandidates(criteria, candidates).map(found -> !found.isEmpty()));
      endpoints.put(
          SEARCH,
          HttpLoad.http(
              () ->
                  client
                      .get(port, "127.0.0.1", searchPath)
                      .bearerTokenAuthentication(customerToken)));
      endpoints.put(GET_DRIVER, () -> store.find(listingId).map(Objects::nonNull));
      endpoints.put(
          GET,
          HttpLoad.http(
              () ->
                  client
                      .get(port, "127.0.0.1", "/api/v1/listings/" + listingId)
                      .bearerTokenAuthentication(customerToken)));
      Map<String, Double> rates = new LinkedHashMap<>();
      JsonArray results = new JsonArray();
      for (HttpLoad.Result result : HttpLoad.interleaved(endpoints, CONCURRENCY, SLICE, ROUNDS)) {
        rates.put(result.name(), result.requestsPerSecond());
        results.add(
            result
                .toJson()
                .put("ratioToBare", Report.ratio(result.requestsPerSecond(), rates.get(BARE))));
      }
      return new JsonObject()
          .put("concurrency", CONCURRENCY)
          .put("seconds", SLICE.multipliedBy(ROUNDS).toMillis() / 1000.0)
          .put("searchListings", searchListings)
          .put("endpoints", results)
          .put("getByIdOverRawDriver", Report.ratio(rates.get(GET), rates.get(GET_DRIVER)))
          .put("searchOverRawDriver", Report.ratio(rates.get(SEARCH), rates.get(SEARCH_DRIVER)));
    } finally {
      Sync.await(driver.close());
      Sync.await(bare.close());
    }
  }
}

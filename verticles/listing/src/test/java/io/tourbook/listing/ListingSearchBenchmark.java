package io.tourbook.listing;

import static io.tourbook.listing.ListingHarness.await;
import static io.tourbook.listing.ListingHarness.listingBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.listing.model.ListingDocuments;
import io.tourbook.listing.model.Timestamps;
import io.tourbook.platform.auth.Roles;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Geo-search throughput against a bare Vert.x JSON endpoint measured in the same run, on the same
 * Vert.x instance and with the same client; the ratio is what to compare across machines. Not part
 * of the normal build (surefire excludes *Benchmark); run it with
 *
 * <pre>
 * ./mvnw -B -o -q -pl verticles/listing -am verify -Dtest=ListingSearchBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Tunables (system properties): {@code bench.listings} (2000), {@code bench.concurrency} (16),
 * {@code bench.seconds} (5).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Benchmark: geo search vs a bare JSON endpoint")
class ListingSearchBenchmark {

  private static final int LISTINGS = Integer.getInteger("bench.listings", 2000);
  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
  private static final int SECONDS = Integer.getInteger("bench.seconds", 5);
  private static final int WARM_UP_SECONDS = 2;
  private static final double CENTRE_LAT = 6.45;
  private static final double CENTRE_LON = 3.40;

  private record Result(long ok, long failed, double perSecond) {}

  @Test
  @DisplayName("Geo search requests/s and its ratio to a bare JSON endpoint")
  void geoSearchThroughput(Vertx vertx) throws Exception {
    ListingHarness harness = ListingHarness.start(vertx);
    HttpServer bare = null;
    WebClient client =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("localhost"),
            new PoolOptions().setHttp1MaxSize(CONCURRENCY));
    try {
      harness.verifiedProvider("provider-a");
      seed(harness);
      // Measure the steady state: the seed's listing.created events are consumed first.
      ListingHarness.until("the seed's events consumed", () -> harness.events.size() >= LISTINGS);
      String token = harness.node.token("customer-1", Roles.CUSTOMER);
      String query = "near=" + CENTRE_LAT + "," + CENTRE_LON + "&radiusKm=5&size=20";
      JsonObject sample = harness.get(token, "?" + query).bodyAsJsonObject();

      Buffer constant =
          new JsonObject().put("items", List.of()).put("page", 1).put("total", 0).toBuffer();
      bare =
          await(
              vertx
                  .createHttpServer()
                  .requestHandler(
                      request ->
                          request
                              .response()
                              .putHeader("Content-Type", "application/json")
                              .end(constant))
                  .listen(0));

      HttpRequest<Buffer> search =
          client
              .get(harness.node.port, "localhost", ListingHarness.LISTINGS + "?" + query)
              .bearerTokenAuthentication(token);
      HttpRequest<Buffer> baseline = client.get(bare.actualPort(), "localhost", "/");

      run(vertx, search, WARM_UP_SECONDS);
      run(vertx, baseline, WARM_UP_SECONDS);
      Result geo = run(vertx, search, SECONDS);
      Result json = run(vertx, baseline, SECONDS);

      System.out.printf(
          "%nBENCHMARK listings=%d inRadius=%d concurrency=%d seconds=%d%n"
              + "BENCHMARK geo search: %.0f req/s (%d ok, %d failed)%n"
              + "BENCHMARK bare JSON:  %.0f req/s (%d ok, %d failed)%n"
              + "BENCHMARK ratio geo/bare: %.3f%n",
          LISTINGS,
          sample.getLong("total"),
          CONCURRENCY,
          SECONDS,
          geo.perSecond(),
          geo.ok(),
          geo.failed(),
          json.perSecond(),
          json.ok(),
          json.failed(),
          geo.perSecond() / json.perSecond());
      assertThat(sample.getLong("total")).isPositive();
      assertThat(geo.failed()).isZero();
      assertThat(json.failed()).isZero();
      assertThat(geo.ok()).isPositive();
    } finally {
      client.close();
      if (bare != null) {
        await(bare.close());
      }
      harness.stop();
    }
  }

  /**
   * Listings spread uniformly over a 60 km square around the centre, written straight to the store.
   */
  private static void seed(ListingHarness harness) throws Exception {
    Random random = new Random(42);
    String now = Timestamps.now();
    List<Future<String>> inserts = new ArrayList<>();
    for (int i = 0; i < LISTINGS; i++) {
      double lat = CENTRE_LAT + (random.nextDouble() - 0.5) * 0.54;
      double lon = CENTRE_LON + (random.nextDouble() - 0.5) * 0.54;
      JsonObject body =
          listingBody("Listing " + i, lat, lon)
              .put(
                  "price",
                  new JsonObject()
                      .put("amount", 100 + random.nextInt(5000))
                      .put("currency", "USD"));
      inserts.add(
          harness.listingDb.insert(
              "listings",
              ListingDocuments.newListing(UUID.randomUUID().toString(), "provider-a", body, now)));
      if (inserts.size() == 100) {
        await(Future.all(inserts));
        inserts.clear();
      }
    }
    await(Future.all(inserts));
  }

  /** {@link #CONCURRENCY} request loops for {@code seconds}; counts the 200s. */
  private static Result run(Vertx vertx, HttpRequest<Buffer> request, int seconds)
      throws Exception {
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < CONCURRENCY; i++) {
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(nothing -> loop(request, end, ok, failed, done));
      loops.add(done.future());
    }
    await(Future.all(loops));
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Result(ok.get(), failed.get(), ok.get() / elapsed);
  }

  private static void loop(
      HttpRequest<Buffer> request, long end, AtomicLong ok, AtomicLong failed, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      done.complete();
      return;
    }
    request
        .send()
        .onComplete(
            response -> {
              if (response.succeeded() && response.result().statusCode() == 200) {
                ok.incrementAndGet();
              } else {
                failed.incrementAndGet();
              }
              loop(request, end, ok, failed, done);
            });
  }
}

package io.tourbook.app;

import static io.tourbook.app.Platform.await;

import io.tourbook.platform.NodeRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checkout to SCHEDULED latency at light load (one booking at a time), against the latency of a
 * plain authenticated GET on the same node in the same run. Not part of the normal suite; run it
 * with {@code ./mvnw -B -pl verticles/app -am test -Dtest=BookingLatencyBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Booking latency benchmark")
class BookingLatencyBenchmark {

  private static final int BOOKINGS = Integer.getInteger("bench.bookings", 20);

  @Test
  @DisplayName("reports checkout -> SCHEDULED p50/p99 at light load")
  void measure(Vertx vertx) throws Exception {
    Platform platform = Platform.start(vertx, config -> {}, NodeRuntime.availableServices());
    String providerEmail = Platform.email("provider");
    String providerId = platform.register("provider", providerEmail, new JsonObject());
    platform.verify(providerId);
    String listingId =
        ContentionTest.createListing(platform, platform.login(providerEmail, Platform.PASSWORD));
    for (int i = 0; i < BOOKINGS; i++) {
      ContentionTest.availableRealtor(platform, i);
    }
    platform.poll(
        "/api/v1/availability/realtors?status=available&size=100",
        platform.adminToken,
        page -> page.getJsonArray("items").size() == BOOKINGS);

    List<Long> booking = new ArrayList<>();
    List<Long> baseline = new ArrayList<>();
    for (int i = 0; i < BOOKINGS; i++) {
      String email = Platform.email("customer" + i);
      platform.register("customer", email, new JsonObject());
      String token = platform.login(email, Platform.PASSWORD);
      platform.call(
          HttpMethod.POST,
          "/api/v1/carts/me/items",
          token,
          new JsonObject().put("listingId", listingId));

      long plain = System.nanoTime();
      platform.get("/api/v1/carts/me", token);
      baseline.add(System.nanoTime() - plain);

      long start = System.nanoTime();
      HttpResponse<Buffer> paid =
          await(
              platform
                  .node
                  .request(HttpMethod.POST, "/api/v1/carts/me/checkout", token)
                  .putHeader("Idempotency-Key", UUID.randomUUID().toString())
                  .sendJsonObject(
                      new JsonObject()
                          .put("paymentToken", "tok_visa")
                          .put("preferredTimes", Platform.preferredTimes())));
      if (paid.statusCode() != 201) {
        throw new AssertionError(paid.bodyAsString());
      }
      long deadline = start + Platform.DEADLINE.toNanos();
      while (!platform.get("/api/v1/tours", token).bodyAsString().contains("\"SCHEDULED\"")) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("booking " + i + " not scheduled in time");
        }
        TimeUnit.MILLISECONDS.sleep(5);
      }
      booking.add(System.nanoTime() - start);
    }
    System.out.printf(
        "%ncheckout -> SCHEDULED over %d bookings: p50 %.0f ms, p99 %.0f ms;"
            + " GET /carts/me p50 %.1f ms; ratio p50 booking/get = %.0f%n",
        BOOKINGS,
        percentile(booking, 50),
        percentile(booking, 99),
        percentile(baseline, 50),
        percentile(booking, 50) / percentile(baseline, 50));
  }

  private static double percentile(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}

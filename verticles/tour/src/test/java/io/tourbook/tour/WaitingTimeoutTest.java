package io.tourbook.tour;

import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static io.tourbook.tour.TourFixtures.item;
import static io.tourbook.tour.TourFixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.tourbook.tour.model.TourDocuments;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Tours waiting for a realtor")
class WaitingTimeoutTest {

  private static final String CUSTOMER = "customer-1";

  private TestNode node;
  private TourFixtures fixtures;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    TestBackingServices.get().reset();
    JsonObject config = TestBackingServices.get().config();
    config.getJsonObject("assignment").put("max-wait-seconds", 2);
    config.getJsonObject("tour").put("waiting-scan-ms", 100);
    node = await(TestNode.start(vertx, config, List.of(new TourModule())));
    fixtures = new TourFixtures(vertx, config);
  }

  @AfterEach
  void stop() throws Exception {
    await(node.stop());
    await(fixtures.close());
  }

  @Test
  @DisplayName(
      "A PENDING tour takes new preferred times; after max-wait-seconds without a realtor the"
          + " platform cancels it, reason no-realtor")
  void waitingThenTimeoutThenCancelled() throws Exception {
    String waiting = TourDocuments.tourIdOf("pay-1");
    await(fixtures.pay(payment("pay-1", CUSTOMER, item("listing-a", 40.0, -74.0))));
    until("PENDING", () -> await(fixtures.tour(waiting)), tour -> tour.getString("status") != null);

    Instant inThirtyDays = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);
    HttpResponse<Buffer> rescheduled =
        await(
            node.post(
                "/api/v1/tours/" + waiting + "/reschedule",
                node.token(CUSTOMER, Roles.CUSTOMER),
                new JsonObject()
                    .put(
                        "preferredTimes",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("start", inThirtyDays.toString())
                                    .put(
                                        "end",
                                        inThirtyDays.plus(Duration.ofHours(3)).toString())))));
    assertThat(rescheduled.statusCode()).as(rescheduled.bodyAsString()).isEqualTo(202);
    assertThat(rescheduled.bodyAsJsonObject().getString("status")).isEqualTo("PENDING");
    assertThat(rescheduled.bodyAsJsonObject().getInteger("preferencesVersion")).isEqualTo(1);

    JsonObject cancelled =
        until(
            "cancelled by the platform",
            () -> await(fixtures.tour(waiting)),
            tour -> "CANCELLED".equals(tour.getString("status")));
    assertThat(cancelled.getString("cancelledBy")).isEqualTo("platform");
    assertThat(cancelled.getString("cancelReason")).isEqualTo("no-realtor");
    assertThat(cancelled.getString("cancelledAt")).isNotBlank();
    assertThat(cancelled.getJsonObject("lastChange").getString("type")).isEqualTo("tour.cancelled");
  }

  @Test
  @DisplayName("A tour that got a realtor in time is never cancelled by the platform")
  void assignedInTimeStays() throws Exception {
    String assigned = TourDocuments.tourIdOf("pay-2");
    await(fixtures.pay(payment("pay-2", "customer-2", item("listing-a", 40.0, -74.0))));
    until(
        "PENDING", () -> await(fixtures.tour(assigned)), tour -> tour.getString("status") != null);
    await(fixtures.assign("assignment-2", assigned, "realtor-1"));
    until(
        "ASSIGNED",
        () -> await(fixtures.tour(assigned)),
        tour -> "ASSIGNED".equals(tour.getString("status")));
    String other = TourDocuments.tourIdOf("pay-3");
    await(fixtures.pay(payment("pay-3", "customer-3", item("listing-a", 40.0, -74.0))));

    until(
        "the later waiting tour cancelled",
        () -> await(fixtures.tour(other)),
        tour -> "CANCELLED".equals(tour.getString("status")));
    assertThat(await(fixtures.tour(assigned)).getString("status")).isEqualTo("ASSIGNED");
  }
}

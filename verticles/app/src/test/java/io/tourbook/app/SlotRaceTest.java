package io.tourbook.app;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.assignment.AssignmentSettings;
import io.tourbook.assignment.impl.Assigner;
import io.tourbook.assignment.impl.SlotPolicy;
import io.tourbook.assignment.model.Tour;
import io.tourbook.assignment.store.AssignmentStore;
import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.platform.calendar.CalendarRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Two assignment dispatchers racing for one realtor's slot")
class SlotRaceTest {

  @Test
  @DisplayName(
      "Two dispatchers assign two tours asking for the same hour with one realtor at once: the"
          + " claim script gives the hour to one, the other gets another time, never an overlap")
  void claimScriptIsTheGuard(Vertx vertx) throws Exception {
    Platform platform = Platform.start(vertx);
    try {
      String realtorId =
          platform.availableRealtor(
              Platform.email("realtor"), new JsonObject().put("lat", 6.45).put("lon", 3.39));
      platform.poll(
          "/api/v1/availability/realtors?status=available",
          platform.adminToken,
          page -> page.getJsonArray("items").size() == 1);
      JsonObject config = platform.node.config;
      Instant ten = Platform.businessDay(2).atTime(10, 0).toInstant(ZoneOffset.UTC);
      List<Future<Assigner.Outcome>> races = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        Assigner first = dispatcher(vertx, config);
        Assigner second = dispatcher(vertx, config);
        races.add(first.assign(tour("race-a-" + round, ten)));
        races.add(second.assign(tour("race-b-" + round, ten)));
      }
      await(Future.all(races));

      JsonArray items =
          platform
              .get("/api/v1/assignments?status=active&size=100", platform.adminToken)
              .bodyAsJsonObject()
              .getJsonArray("items");
      long assigned =
          races.stream().filter(race -> race.result() == Assigner.Outcome.ASSIGNED).count();
      assertThat(races)
          .as("a tour that lost every race it ran waits, to be retried")
          .allMatch(
              race ->
                  race.result() == Assigner.Outcome.ASSIGNED
                      || race.result() == Assigner.Outcome.NOBODY_AVAILABLE);
      assertThat(items).hasSize((int) assigned);
      assertThat(assigned).isGreaterThanOrEqualTo(2);
      List<Instant[]> slots = new ArrayList<>();
      for (Object item : items) {
        JsonObject assignment = (JsonObject) item;
        assertThat(assignment.getString("realtorId")).isEqualTo(realtorId);
        JsonObject slot = assignment.getJsonObject("slot");
        slots.add(
            new Instant[] {
              Instant.parse(slot.getString("start")), Instant.parse(slot.getString("end"))
            });
      }
      assertThat(slots.stream().filter(slot -> slot[0].equals(ten)).count())
          .as("one tour at the hour asked for")
          .isEqualTo(1);
      for (int i = 0; i < slots.size(); i++) {
        for (int j = i + 1; j < slots.size(); j++) {
          assertThat(
                  slots.get(i)[0].isBefore(slots.get(j)[1])
                      && slots.get(j)[0].isBefore(slots.get(i)[1]))
              .as("slot %d overlaps slot %d", i, j)
              .isFalse();
        }
      }
    } finally {
      await(platform.node.stop());
    }
  }

  /** An assignment dispatcher of its own, as another node would run it. */
  private static Assigner dispatcher(Vertx vertx, JsonObject config) {
    MongoClient mongo =
        MongoClient.create(
            vertx,
            new JsonObject()
                .put("connection_string", config.getJsonObject("mongo").getString("uri"))
                .put("db_name", "assignment"));
    return new Assigner(
        new AssignmentStore(mongo, Clock.systemUTC()),
        AvailabilityService.createProxy(vertx, 10_000),
        AssignmentSettings.from(config),
        new SlotPolicy(CalendarRules.from(config)),
        Clock.systemUTC());
  }

  private static Tour tour(String id, Instant start) {
    JsonObject location = new JsonObject().put("lat", 6.4505).put("lon", 3.3905);
    return Tour.fromEvent(
        new JsonObject()
            .put("_id", id)
            .put("status", Tour.PENDING)
            .put("customerId", "customer-" + id)
            .put("location", location)
            .put(
                "listings",
                new JsonArray()
                    .add(new JsonObject().put("listingId", "listing-1").put("location", location)))
            .put(
                "preferredTimes",
                new JsonArray().add(new JsonObject().put("start", start.toString()))),
        Instant.now());
  }
}

package io.tourbook.assignment;

import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.testsupport.EventProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Fifty tours at once near ten realtors' calendars")
class ContentionTest {

  private static final int TOURS = 50;
  private static final int REALTORS = 10;

  private Vertx vertx;
  private AssignmentNode testing;
  private EventProbe events;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    testing = AssignmentNode.start(vertx, AssignmentNode.freshConfig());
    events = await(EventProbe.start(vertx, testing.node, Streams.ASSIGNMENT_ASSIGNMENTS));
  }

  @AfterEach
  void stop() throws Exception {
    await(events.stop());
    testing.stop(vertx);
  }

  @Test
  @DisplayName(
      "Fifty tours for the same two hours: twenty fit in the window, thirty take other times that"
          + " day, no realtor's tours overlap")
  void fiftyToursShareTenCalendars() throws Exception {
    for (int i = 0; i < REALTORS; i++) {
      testing.availability.add("realtor-" + i, 52.52 + i * 0.002, 13.40 + i * 0.002);
    }
    Instant ten = Instant.parse("2030-01-08T10:00:00Z");
    JsonArray window =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("start", ten.toString())
                    .put("end", ten.plus(Duration.ofHours(2)).toString()));
    Instant base = Instant.parse("2030-01-01T10:00:00Z");
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < TOURS; i++) {
      writes.add(testing.tours.create(tourId(i), 52.521, 13.401, base.plusSeconds(i), window));
    }
    await(Future.all(writes));

    until("every tour assigned", () -> testing.active().size() == TOURS);
    testing.node.drained("tour.tours.assignment");
    List<JsonObject> active = testing.active();
    assertThat(testing.waiting()).isEmpty();
    assertThat(active).extracting(a -> a.getString("tourId")).doesNotHaveDuplicates();
    long inWindow =
        active.stream()
            .map(a -> a.getJsonObject("slot"))
            .filter(
                slot ->
                    !Instant.parse(slot.getString("start")).isBefore(ten)
                        && !Instant.parse(slot.getString("end"))
                            .isAfter(ten.plus(Duration.ofHours(2))))
            .count();
    assertThat(inWindow).as("two 45-minute tours per realtor fit in 10:00-12:00").isEqualTo(20);
    assertNoOverlap(active);
    assertThat(testing.availability.booked()).isEqualTo(TOURS);

    for (JsonObject assignment : active) {
      await(testing.tours.complete(assignment.getString("tourId")));
    }
    until("every tour released", () -> testing.active().isEmpty());

    List<JsonObject> all = testing.assignments("");
    assertThat(all).hasSize(TOURS);
    assertThat(all).allMatch(assignment -> "released".equals(assignment.getString("status")));
    until("every booking freed", () -> testing.availability.booked() == 0);
    until("every event seen", () -> events.seen().size() == 2 * TOURS);
    events.assertAllValid();
    assertThat(events.seen())
        .extracting(EventEnvelope::type)
        .containsOnly(EventTypes.ASSIGNMENT_CREATED, EventTypes.ASSIGNMENT_RELEASED);
  }

  private void assertNoOverlap(List<JsonObject> active) {
    Map<String, List<JsonObject>> byRealtor = new HashMap<>();
    for (JsonObject assignment : active) {
      byRealtor
          .computeIfAbsent(assignment.getString("realtorId"), id -> new ArrayList<>())
          .add(assignment.getJsonObject("slot"));
    }
    byRealtor.forEach(
        (realtor, slots) -> {
          slots.sort(Comparator.comparing(slot -> slot.getString("start")));
          for (int i = 1; i < slots.size(); i++) {
            assertThat(Instant.parse(slots.get(i).getString("start")))
                .as("%s: %s after %s", realtor, slots.get(i), slots.get(i - 1))
                .isAfterOrEqualTo(Instant.parse(slots.get(i - 1).getString("end")));
          }
          assertThat(testing.availability.bookingsOf(realtor)).hasSize(slots.size());
        });
  }

  private static String tourId(int i) {
    return String.format("tour-%02d", i);
  }
}

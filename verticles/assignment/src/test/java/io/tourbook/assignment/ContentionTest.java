package io.tourbook.assignment;

import static io.tourbook.assignment.AssignmentTesting.await;
import static io.tourbook.assignment.AssignmentTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.testsupport.EventProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Fifty tours at once near ten realtors")
class ContentionTest {

  private static final int TOURS = 50;
  private static final int REALTORS = 10;

  private Vertx vertx;
  private AssignmentTesting testing;
  private EventProbe events;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    testing = AssignmentTesting.start(vertx, AssignmentTesting.freshConfig());
    events = await(EventProbe.start(vertx, testing.node, Streams.ASSIGNMENT_ASSIGNMENTS));
  }

  @AfterEach
  void stop() throws Exception {
    await(events.stop());
    testing.stop(vertx);
  }

  @Test
  @DisplayName("Exactly ten are assigned and forty wait; releases assign the rest oldest first")
  void tenAssignedFortyWaitThenOldestFirst() throws Exception {
    for (int i = 0; i < REALTORS; i++) {
      testing.availability.add("realtor-" + i, 52.52 + i * 0.002, 13.40 + i * 0.002);
    }
    Instant base = Instant.parse("2030-01-01T10:00:00Z");
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < TOURS; i++) {
      writes.add(testing.tours.create(tourId(i), 52.521, 13.401, base.plusSeconds(i)));
    }
    await(Future.all(writes));

    eventually(
        "ten assigned and forty waiting",
        () -> testing.active().size() == REALTORS && testing.waiting().size() == TOURS - REALTORS);
    testing.drained("tour.tours.assignment");
    List<JsonObject> active = testing.active();
    assertThat(active).hasSize(REALTORS);
    assertThat(testing.waiting()).hasSize(TOURS - REALTORS);
    assertOneTourPerRealtor(active);
    assertThat(testing.availability.booked()).isEqualTo(REALTORS);

    for (int round = 1; round <= 3; round++) {
      List<String> waitingBefore = testing.waitingTours();
      String oldest = waitingBefore.get(0);
      await(testing.tours.complete(testing.active().get(0).getString("tourId")));

      int left = waitingBefore.size() - 1;
      eventually(
          "the oldest waiting tour assigned",
          () -> testing.waiting().size() == left && testing.active().size() == REALTORS);
      assertThat(testing.waitingTours()).isEqualTo(waitingBefore.subList(1, waitingBefore.size()));
      assertThat(testing.assignments("&tourId=" + oldest + "&status=active")).hasSize(1);
      assertOneTourPerRealtor(testing.active());
    }

    Set<String> completed = new HashSet<>();
    eventually(
        "every tour assigned, then completed",
        () -> {
          for (JsonObject assignment : testing.active()) {
            String tourId = assignment.getString("tourId");
            if (completed.add(tourId)) {
              AssignmentTesting.unchecked(testing.tours.complete(tourId));
            }
          }
          // Waiting first: a tour leaves the waiting list only after it is active, so an empty
          // list read before an empty active list means none is between the two.
          return testing.waiting().isEmpty() && testing.active().isEmpty();
        });

    List<JsonObject> all = testing.assignments("");
    assertThat(all).hasSize(TOURS);
    assertThat(all)
        .extracting(assignment -> assignment.getString("tourId"))
        .doesNotHaveDuplicates();
    assertThat(all).allMatch(assignment -> "released".equals(assignment.getString("status")));
    assertThat(testing.availability.booked()).isZero();
    eventually("every event seen", () -> events.seen().size() == 2 * TOURS);
    events.assertAllValid();
    assertThat(events.seen())
        .extracting(EventEnvelope::type)
        .containsOnly(EventTypes.ASSIGNMENT_CREATED, EventTypes.ASSIGNMENT_RELEASED);
  }

  private void assertOneTourPerRealtor(List<JsonObject> active) {
    assertThat(active)
        .extracting(assignment -> assignment.getString("realtorId"))
        .doesNotHaveDuplicates();
    for (JsonObject assignment : active) {
      assertThat(testing.availability.bookingOf(assignment.getString("realtorId")))
          .isEqualTo(assignment.getString("tourId"));
    }
  }

  private static String tourId(int i) {
    return String.format("tour-%02d", i);
  }
}

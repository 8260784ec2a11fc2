package io.tourbook.availability;

import static io.tourbook.availability.PoolFixtures.at;
import static io.tourbook.availability.PoolFixtures.availableNear;
import static io.tourbook.availability.PoolFixtures.day;
import static io.tourbook.availability.PoolFixtures.entry;
import static io.tourbook.availability.PoolFixtures.slot;
import static io.tourbook.availability.PoolFixtures.status;
import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.testsupport.EventProbe;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The pool follows iam accounts and assignments")
class PoolEventsTest {

  private Vertx vertx;
  private TestNode node;
  private OwnerWrites owners;
  private AvailabilityService pool;
  private final List<EventProbe> probes = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    JsonObject config = PoolFixtures.freshConfig();
    node = PoolFixtures.start(vertx, config);
    owners = new OwnerWrites(vertx, config);
    pool = PoolFixtures.proxy(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    for (EventProbe probe : probes) {
      await(probe.stop());
    }
    await(node.stop());
  }

  private EventProbe probe(StreamId stream) throws Exception {
    EventProbe probe = await(EventProbe.start(vertx, node, stream));
    probes.add(probe);
    return probe;
  }

  @Test
  @DisplayName("A realtor is in the pool only while active, verified and available, where they are")
  void accountStateDecides() throws Exception {
    EventProbe iamEvents = probe(Streams.IAM_ACCOUNTS);
    await(owners.account("customer-1", "customer"));
    await(owners.realtor("r-1", 52.52, 13.40, false));
    until("r-1 known as unavailable", () -> status(pool, "r-1").equals("unavailable"));
    assertThat(availableNear(pool, 52.52, 13.40)).isEmpty();

    await(owners.availability("r-1", true, null));
    until("r-1 available", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));

    await(owners.availability("r-1", true, OwnerWrites.point(48.14, 11.58)));
    until("r-1 moved to Munich", () -> availableNear(pool, 48.14, 11.58).contains("r-1"));
    assertThat(availableNear(pool, 52.52, 13.40)).isEmpty();

    await(owners.status("r-1", "suspended"));
    until("r-1 out of the pool", () -> status(pool, "r-1").equals("unavailable"));
    assertThat(availableNear(pool, 48.14, 11.58)).isEmpty();

    await(owners.status("r-1", "active"));
    until("r-1 back", () -> availableNear(pool, 48.14, 11.58).contains("r-1"));

    await(owners.availability("r-1", false, null));
    until("r-1 unavailable", () -> status(pool, "r-1").equals("unavailable"));
    node.drained("iam.accounts.availability");
    assertThat(entry(pool, "customer-1")).isEmpty();

    until("every iam event seen", () -> iamEvents.seen().size() == 7);
    iamEvents.assertAllValid();
    assertThat(iamEvents.seen())
        .extracting(event -> event.type())
        .contains(
            EventTypes.IAM_ACCOUNT_CREATED,
            EventTypes.IAM_REALTOR_AVAILABILITY_CHANGED,
            EventTypes.IAM_ACCOUNT_STATUS_CHANGED);
  }

  @Test
  @DisplayName("A realtor who goes off duty keeps their bookings but takes no new claim")
  void offDutyKeepsBookings() throws Exception {
    await(owners.realtor("r-1", 52.52, 13.40, true));
    until("r-1 available", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));
    assertThat(await(pool.claim("r-1", "tour-1", slot(at(day(1), 10, 0), 60)))).isTrue();

    await(owners.availability("r-1", false, OwnerWrites.point(52.53, 13.41)));
    until("r-1 off duty", () -> status(pool, "r-1").equals("unavailable"));
    JsonObject off = entry(pool, "r-1").orElseThrow();
    assertThat(off.getBoolean("onDuty")).isFalse();
    assertThat(off.getJsonObject("location").getDouble("lat")).isEqualTo(52.53);
    assertThat(off.getJsonArray("bookings").getJsonObject(0).getString("tourId"))
        .isEqualTo("tour-1");
    assertThat(await(pool.claim("r-1", "tour-2", slot(at(day(1), 14, 0), 60)))).isFalse();

    await(owners.availability("r-1", true, null));
    until("r-1 on duty", () -> status(pool, "r-1").equals("available"));
    await(owners.status("r-1", "suspended"));
    until("r-1 suspended", () -> status(pool, "r-1").equals("unavailable"));
    assertThat(availableNear(pool, 52.53, 13.41)).isEmpty();
    assertThat(await(pool.claim("r-1", "tour-2", slot(at(day(1), 14, 0), 60)))).isFalse();
  }

  @Test
  @DisplayName("An active assignment books its slot and its release frees that slot only")
  void assignmentsBookAndRelease() throws Exception {
    EventProbe assignmentEvents = probe(Streams.ASSIGNMENT_ASSIGNMENTS);
    await(owners.realtor("r-1", 52.52, 13.40, true));
    await(owners.realtor("r-2", 52.52, 13.40, true));
    until("both available", () -> availableNear(pool, 52.52, 13.40).size() == 2);
    JsonObject ten = slot(at(day(1), 10, 0), 60);
    JsonObject two = slot(at(day(1), 14, 0), 60);

    String assignment = await(owners.assign("r-1", "tour-1", ten));
    until("r-1 booked at ten", () -> bookings(pool, "r-1").contains("tour-1"));
    assertThat(await(pool.claim("r-1", "tour-2", ten))).isFalse();
    assertThat(await(pool.claim("r-1", "tour-1", ten))).isTrue();
    assertThat(await(pool.claim("r-1", "tour-2", two))).isTrue();

    await(owners.release(assignment));
    until("ten free again", () -> !bookings(pool, "r-1").contains("tour-1"));
    assertThat(bookings(pool, "r-1")).containsExactly("tour-2");

    assertThat(await(pool.claim("r-2", "tour-3", ten))).isTrue();
    String stale = await(owners.assign("r-2", "tour-4", ten));
    await(owners.release(stale));
    node.drained("assignment.assignments.availability");
    until("the probe saw the four events", () -> assignmentEvents.seen().size() == 4);
    assertThat(bookings(pool, "r-2")).containsExactly("tour-3");
    assignmentEvents.assertAllValid();
  }

  private static List<String> bookings(AvailabilityService pool, String realtorId) {
    return entry(pool, realtorId).orElseThrow().getJsonArray("bookings").stream()
        .map(JsonObject.class::cast)
        .map(booking -> booking.getString("tourId"))
        .toList();
  }
}

package io.tourbook.availability;

import static io.tourbook.availability.PoolTesting.availableNear;
import static io.tourbook.availability.PoolTesting.await;
import static io.tourbook.availability.PoolTesting.entry;
import static io.tourbook.availability.PoolTesting.eventually;
import static io.tourbook.availability.PoolTesting.status;
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
    JsonObject config = PoolTesting.freshConfig();
    node = PoolTesting.start(vertx, config);
    owners = new OwnerWrites(vertx, config);
    pool = PoolTesting.proxy(vertx);
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
    eventually("r-1 known as unavailable", () -> status(pool, "r-1").equals("unavailable"));
    assertThat(availableNear(pool, 52.52, 13.40)).isEmpty();

    await(owners.availability("r-1", true, null));
    eventually("r-1 available", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));

    await(owners.availability("r-1", true, OwnerWrites.point(48.14, 11.58)));
    eventually("r-1 moved to Munich", () -> availableNear(pool, 48.14, 11.58).contains("r-1"));
    assertThat(availableNear(pool, 52.52, 13.40)).isEmpty();

    await(owners.status("r-1", "suspended"));
    eventually("r-1 out of the pool", () -> status(pool, "r-1").equals("unavailable"));
    assertThat(availableNear(pool, 48.14, 11.58)).isEmpty();

    await(owners.status("r-1", "active"));
    eventually("r-1 back", () -> availableNear(pool, 48.14, 11.58).contains("r-1"));

    await(owners.availability("r-1", false, null));
    eventually("r-1 unavailable", () -> status(pool, "r-1").equals("unavailable"));
    PoolTesting.drained(node, "iam.accounts.availability");
    assertThat(entry(pool, "customer-1")).isEmpty();

    eventually("every iam event seen", () -> iamEvents.seen().size() == 7);
    iamEvents.assertAllValid();
    assertThat(iamEvents.seen())
        .extracting(event -> event.type())
        .contains(
            EventTypes.IAM_ACCOUNT_CREATED,
            EventTypes.IAM_REALTOR_AVAILABILITY_CHANGED,
            EventTypes.IAM_ACCOUNT_STATUS_CHANGED);
  }

  @Test
  @DisplayName("A booked realtor stays booked whatever iam says until the tour releases them")
  void bookedStaysBooked() throws Exception {
    await(owners.realtor("r-1", 52.52, 13.40, true));
    eventually("r-1 available", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));
    assertThat(await(pool.claim("r-1", "tour-1"))).isTrue();

    await(owners.availability("r-1", false, OwnerWrites.point(52.53, 13.41)));
    eventually(
        "r-1 moved",
        () -> entry(pool, "r-1").orElseThrow().getJsonObject("location").getDouble("lat") == 52.53);
    JsonObject booked = entry(pool, "r-1").orElseThrow();
    assertThat(booked.getString("status")).isEqualTo("booked");
    assertThat(booked.getString("currentTour")).isEqualTo("tour-1");
    assertThat(booked.getBoolean("iamAvailable")).isFalse();
    await(owners.availability("r-1", true, null));
    eventually("r-1 available in iam", () -> iamAvailable(pool, "r-1"));
    await(owners.status("r-1", "suspended"));
    eventually("r-1 suspended", () -> !iamAvailable(pool, "r-1"));
    assertThat(status(pool, "r-1")).isEqualTo("booked");

    await(pool.release("r-1", "tour-1"));

    assertThat(status(pool, "r-1")).isEqualTo("unavailable");
    assertThat(availableNear(pool, 52.52, 13.40)).isEmpty();
    assertThat(await(pool.claim("r-1", "tour-2"))).isFalse();
  }

  private static boolean iamAvailable(AvailabilityService pool, String realtorId) {
    return entry(pool, realtorId).orElseThrow().getBoolean("iamAvailable");
  }

  @Test
  @DisplayName("An active assignment books its realtor and its release frees them")
  void assignmentsBookAndRelease() throws Exception {
    EventProbe assignmentEvents = probe(Streams.ASSIGNMENT_ASSIGNMENTS);
    await(owners.realtor("r-1", 52.52, 13.40, true));
    await(owners.realtor("r-2", 52.52, 13.40, true));
    eventually("both available", () -> availableNear(pool, 52.52, 13.40).size() == 2);

    String assignment = await(owners.assign("r-1", "tour-1"));
    eventually("r-1 booked", () -> status(pool, "r-1").equals("booked"));
    assertThat(entry(pool, "r-1").orElseThrow().getString("currentTour")).isEqualTo("tour-1");
    assertThat(await(pool.claim("r-1", "tour-2"))).isFalse();
    assertThat(await(pool.claim("r-1", "tour-1"))).isTrue();

    await(owners.release(assignment));
    eventually("r-1 available", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));

    assertThat(await(pool.claim("r-2", "tour-3"))).isTrue();
    String stale = await(owners.assign("r-2", "tour-4"));
    await(owners.release(stale));
    PoolTesting.drained(node, "assignment.assignments.availability");
    eventually("the probe saw the four events", () -> assignmentEvents.seen().size() == 4);
    assertThat(status(pool, "r-2")).isEqualTo("booked");
    assertThat(entry(pool, "r-2").orElseThrow().getString("currentTour")).isEqualTo("tour-3");
    assignmentEvents.assertAllValid();
  }
}

package io.tourbook.assignment;

import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.assignment.impl.Assigner;
import io.tourbook.assignment.impl.SlotPolicy;
import io.tourbook.assignment.model.Tour;
import io.tourbook.assignment.store.AssignmentStore;
import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.calendar.CalendarRules;
import io.tourbook.platform.testsupport.EventProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Assigning realtors to tours")
class AssignmentFlowTest {

  private Vertx vertx;
  private AssignmentNode testing;
  private final List<EventProbe> probes = new ArrayList<>();

  private AssignmentNode start(Vertx vertx, JsonObject config) throws Exception {
    this.vertx = vertx;
    testing = AssignmentNode.start(vertx, config);
    return testing;
  }

  private EventProbe probe() throws Exception {
    return probe(Streams.ASSIGNMENT_ASSIGNMENTS);
  }

  private EventProbe probe(StreamId stream) throws Exception {
    EventProbe probe = await(EventProbe.start(vertx, testing.node, stream));
    probes.add(probe);
    return probe;
  }

  @AfterEach
  void stop() throws Exception {
    for (EventProbe probe : probes) {
      await(probe.stop());
    }
    testing.stop(vertx);
  }

  @Test
  @DisplayName("A new tour gets the nearest available realtor within the radius")
  void nearestRealtor(Vertx vertx) throws Exception {
    AssignmentNode t = start(vertx, AssignmentNode.freshConfig());
    EventProbe events = probe();
    t.availability.add("far", 52.60, 13.50);
    t.availability.add("near", 52.521, 13.401);
    t.availability.add("other-city", 48.14, 11.58);

    await(t.tours.create("tour-1", 52.52, 13.40, Instant.now()));

    until("tour-1 assigned", () -> t.active().size() == 1);
    JsonObject assignment = t.active().get(0);
    assertThat(assignment.getString("tourId")).isEqualTo("tour-1");
    assertThat(assignment.getString("realtorId")).isEqualTo("near");
    assertThat(assignment.getDouble("distanceKm")).isBetween(0.0, 0.5);
    assertThat(assignment.getString("customerId")).isEqualTo("customer-tour-1");
    assertThat(assignment.getJsonObject("location").getDouble("lat")).isEqualTo(52.52);
    assertThat(t.availability.bookingsOf("near")).containsExactly("tour-1");
    assertThat(assignment.getJsonObject("slot").getString("start")).isNotBlank();
    assertThat(t.waiting()).isEmpty();
    until("assignment.created seen", () -> events.seen().size() == 1);
    events.assertAllValid();
    EventEnvelope created = events.seen().get(0);
    assertThat(created.type()).isEqualTo(EventTypes.ASSIGNMENT_CREATED);
    assertThat(created.data().getString("realtorId")).isEqualTo("near");
  }

  @Test
  @DisplayName("With nobody in the radius the tour waits, and the timer retries it")
  void waitsThenTimerAssigns(Vertx vertx) throws Exception {
    JsonObject config = AssignmentNode.freshConfig();
    config.getJsonObject("assignment").put("retry-interval-ms", 100);
    AssignmentNode t = start(vertx, config);
    t.availability.add("other-city", 48.14, 11.58);

    await(t.tours.create("tour-1", 52.52, 13.40, Instant.now()));

    until("tour-1 waiting", () -> t.waitingTours().equals(List.of("tour-1")));
    assertThat(t.active()).isEmpty();
    JsonObject entry = t.waiting().get(0);
    assertThat(entry.getJsonObject("location").getDouble("lon")).isEqualTo(13.40);

    t.availability.add("arrived", 52.53, 13.41);

    until("tour-1 assigned by the timer", () -> t.active().size() == 1);
    assertThat(t.active().get(0).getString("realtorId")).isEqualTo("arrived");
    until("tour-1 off the waiting list", () -> t.waiting().isEmpty());
  }

  @Test
  @DisplayName(
      "A tour nobody can take is recorded as waiting once per wait (assignment.waiting), with when"
          + " the platform gives up")
  void waitingRecordedOncePerWait(Vertx vertx) throws Exception {
    JsonObject config = AssignmentNode.freshConfig();
    config.getJsonObject("assignment").put("max-wait-seconds", 3600);
    AssignmentNode t = start(vertx, config);
    EventProbe events = probe();
    t.availability.add("other-city", 48.14, 11.58);

    await(t.tours.create("tour-1", 52.52, 13.40, Instant.now()));
    until("assignment.waiting seen", () -> events.seen().size() == 1);
    EventEnvelope waiting = events.seen().get(0);
    assertThat(waiting.type()).isEqualTo(EventTypes.ASSIGNMENT_WAITING);
    assertThat(waiting.data().getString("tourId")).isEqualTo("tour-1");
    assertThat(waiting.data().getString("customerId")).isEqualTo("customer-tour-1");
    Instant since = Instant.parse(waiting.data().getString("since"));
    assertThat(Instant.parse(waiting.data().getString("cancelAt")))
        .isEqualTo(since.plusSeconds(3600));

    await(t.tours.redeliver("tour-1"));
    t.node.drained("tour.tours.assignment");
    await(t.tours.restamp("tour-1"));
    until("the new wait recorded", () -> events.seen().size() == 2);
    t.node.drained("tour.tours.assignment");
    t.node.drained("assignment.assignments.probeassignment");
    assertThat(events.seen()).as("one record per wait").hasSize(2);
    assertThat(events.seen().get(1).data().getString("since")).isNotEqualTo(since.toString());
    events.assertAllValid();
    assertThat(t.active()).isEmpty();
  }

  @Test
  @DisplayName("A realtor becoming available in iam retries the waiting tours")
  void iamAvailabilityRetries(Vertx vertx) throws Exception {
    AssignmentNode t = start(vertx, AssignmentNode.freshConfig());
    EventProbe iamEvents = probe(Streams.IAM_ACCOUNTS);
    await(t.tours.create("tour-1", 52.52, 13.40, Instant.now()));
    until("tour-1 waiting", () -> t.waitingTours().equals(List.of("tour-1")));

    t.availability.add("r-1", 52.52, 13.40);
    await(t.tours.availableRealtor("r-1", 52.52, 13.40));

    until("tour-1 assigned", () -> t.active().size() == 1);
    assertThat(t.availability.bookingsOf("r-1")).containsExactly("tour-1");
    until("the iam event seen", () -> iamEvents.seen().size() == 1);
    iamEvents.assertAllValid();
  }

  @Test
  @DisplayName("A tour with no location to search around is parked in dead letters, not waiting")
  void unlocatableTourIsParked(Vertx vertx) throws Exception {
    JsonObject config = AssignmentNode.freshConfig();
    config.getJsonObject("events").put("max-attempts", 2).put("backoff-initial-ms", 10);
    AssignmentNode t = start(vertx, config);
    t.availability.add("r-1", 52.52, 13.40);

    await(t.tours.create("tour-north", 89.5, 13.40, Instant.now()));

    until(
        "tour-north parked",
        () ->
            AssignmentNode.unchecked(
                        t.node.node.events().deadLetters("tour.tours.assignment", "parked", 0, 10))
                    .getLong("total")
                == 1);
    assertThat(t.waiting()).isEmpty();
    assertThat(t.assignments("")).isEmpty();
    assertThat(t.availability.booked()).isZero();
  }

  @Test
  @DisplayName("Cancelling an assigned tour releases its assignment and its realtor")
  void cancelReleases(Vertx vertx) throws Exception {
    AssignmentNode t = start(vertx, AssignmentNode.freshConfig());
    EventProbe events = probe();
    EventProbe tourEvents = probe(Streams.TOUR_TOURS);
    t.availability.add("r-1", 52.52, 13.40);
    await(t.tours.create("tour-1", 52.52, 13.40, Instant.now()));
    until("tour-1 assigned", () -> t.active().size() == 1);

    await(t.tours.cancel("tour-1"));
    until("both tour events seen", () -> tourEvents.seen().size() == 2);
    tourEvents.assertAllValid();

    until("released", () -> t.active().isEmpty());
    JsonObject released = t.assignments("&tourId=tour-1").get(0);
    assertThat(released.getString("status")).isEqualTo("released");
    assertThat(released.getString("releasedAt")).isNotBlank();
    assertThat(released.containsKey("activeTourId")).isFalse();
    assertThat(t.availability.bookingsOf("r-1")).isEmpty();
    until("both events seen", () -> events.seen().size() == 2);
    events.assertAllValid();
    assertThat(events.seen().get(1).type()).isEqualTo(EventTypes.ASSIGNMENT_RELEASED);
  }

  @Test
  @DisplayName("A tour cancelled while waiting leaves the list and is never assigned")
  void cancelWhileWaiting(Vertx vertx) throws Exception {
    AssignmentNode t = start(vertx, AssignmentNode.freshConfig());
    await(t.tours.create("tour-1", 52.52, 13.40, Instant.now()));
    until("tour-1 waiting", () -> t.waitingTours().equals(List.of("tour-1")));

    await(t.tours.cancel("tour-1"));
    until("tour-1 gone", () -> t.waiting().isEmpty());
    t.availability.add("r-1", 52.52, 13.40);
    await(t.tours.availableRealtor("r-1", 52.52, 13.40));
    await(t.tours.create("tour-2", 52.52, 13.40, Instant.now()));

    until("tour-2 assigned", () -> t.active().size() == 1);
    assertThat(t.active().get(0).getString("tourId")).isEqualTo("tour-2");
    assertThat(t.assignments("&tourId=tour-1")).isEmpty();
  }

  @Test
  @DisplayName("The same tour delivered again, or assigned twice at once, has one assignment")
  void oneAssignmentPerTour(Vertx vertx) throws Exception {
    JsonObject config = AssignmentNode.freshConfig();
    AssignmentNode t = start(vertx, config);
    for (int i = 0; i < 5; i++) {
      t.availability.add("r-" + i, 52.52 + i * 0.001, 13.40);
    }
    await(t.tours.create("tour-1", 52.52, 13.40, Instant.now()));
    until("tour-1 assigned", () -> t.active().size() == 1);

    await(t.tours.restamp("tour-1"));
    t.node.drained("tour.tours.assignment");
    assertThat(t.assignments("")).hasSize(1);

    Assigner assigner = assigner(vertx, config);
    Tour tour2 =
        Tour.fromEvent(
            new JsonObject()
                .put("_id", "tour-2")
                .put("status", Tour.PENDING)
                .put("customerId", "c-2")
                .put("location", new JsonObject().put("lat", 52.52).put("lon", 13.40)),
            Instant.now());
    List<Future<Assigner.Outcome>> attempts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      attempts.add(assigner.assign(tour2));
    }
    await(Future.join(attempts));

    assertThat(attempts).allMatch(Future::succeeded);
    assertThat(t.assignments("&tourId=tour-2")).hasSize(1);
    assertThat(t.availability.booked()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "One realtor takes tours at 10:00 and 14:00; a third asking for 10:00 gets another time that"
          + " day, never an overlap")
  void oneRealtorManySlots(Vertx vertx) throws Exception {
    AssignmentNode t = start(vertx, AssignmentNode.freshConfig());
    t.availability.add("r-1", 52.52, 13.40);
    Instant ten = Instant.parse("2030-01-08T10:00:00Z");
    Instant two = Instant.parse("2030-01-08T14:00:00Z");

    await(t.tours.create("tour-1", 52.52, 13.40, Instant.now(), at(ten)));
    await(t.tours.create("tour-2", 52.52, 13.40, Instant.now(), at(two)));
    until("two assigned", () -> t.active().size() == 2);
    await(t.tours.create("tour-3", 52.52, 13.40, Instant.now(), at(ten)));
    until("three assigned", () -> t.active().size() == 3);

    assertThat(slotStart(t, "tour-1")).isEqualTo(ten);
    assertThat(slotStart(t, "tour-2")).isEqualTo(two);
    Instant third = slotStart(t, "tour-3");
    assertThat(third).isNotEqualTo(ten);
    assertThat(third.toString()).startsWith("2030-01-08");
    assertThat(t.availability.bookingsOf("r-1")).hasSize(3);
    List<JsonObject> slots = t.active().stream().map(a -> a.getJsonObject("slot")).toList();
    for (JsonObject a : slots) {
      for (JsonObject b : slots) {
        if (a != b) {
          assertThat(
                  Instant.parse(a.getString("end")).isAfter(Instant.parse(b.getString("start")))
                      && Instant.parse(b.getString("end"))
                          .isAfter(Instant.parse(a.getString("start"))))
              .as("%s overlaps %s", a, b)
              .isFalse();
        }
      }
    }
  }

  @Test
  @DisplayName("A preferred window's end is honoured: a tour that fits in none takes the day")
  void windowEndHonoured(Vertx vertx) throws Exception {
    AssignmentNode t = start(vertx, AssignmentNode.freshConfig());
    t.availability.add("r-1", 52.52, 13.40);
    Instant ten = Instant.parse("2030-01-08T10:00:00Z");
    await(t.tours.create("tour-1", 52.52, 13.40, Instant.now(), at(ten)));
    until("tour-1 assigned", () -> t.active().size() == 1);

    JsonArray window =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("start", ten.toString())
                    .put("end", ten.plus(Duration.ofMinutes(60)).toString()))
            .add(
                new JsonObject()
                    .put("start", ten.plus(Duration.ofHours(1)).toString())
                    .put("end", ten.plus(Duration.ofMinutes(90)).toString()));
    await(t.tours.create("tour-2", 52.52, 13.40, Instant.now(), window));
    until("tour-2 assigned", () -> t.active().size() == 2);

    assertThat(slotStart(t, "tour-2"))
        .as("the first window is taken, the second is shorter than the tour: the day's earliest")
        .isEqualTo(Instant.parse("2030-01-08T00:00:00Z"));
  }

  private static JsonArray at(Instant start) {
    return new JsonArray().add(new JsonObject().put("start", start.toString()));
  }

  private static Instant slotStart(AssignmentNode t, String tourId) {
    return Instant.parse(
        t.assignments("&tourId=" + tourId + "&status=active")
            .get(0)
            .getJsonObject("slot")
            .getString("start"));
  }

  private static Assigner assigner(Vertx vertx, JsonObject config) {
    MongoClient mongo =
        MongoClient.createShared(
            vertx,
            new JsonObject()
                .put("connection_string", config.getJsonObject("mongo").getString("uri"))
                .put("db_name", "assignment"),
            "test-assignment");
    return new Assigner(
        new AssignmentStore(mongo, Clock.systemUTC()),
        AvailabilityService.createProxy(vertx, 5_000),
        io.tourbook.assignment.AssignmentSettings.from(config),
        new SlotPolicy(CalendarRules.from(config)),
        Clock.systemUTC());
  }
}

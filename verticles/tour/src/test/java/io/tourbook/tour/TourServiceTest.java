package io.tourbook.tour;

import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static io.tourbook.tour.TourFixtures.item;
import static io.tourbook.tour.TourFixtures.olderItem;
import static io.tourbook.tour.TourFixtures.payment;
import static io.tourbook.tour.TourFixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.tourbook.platform.testsupport.EventProbe;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.tourbook.tour.model.TourDocuments;
import io.vertx.core.Future;
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
@DisplayName("Tour service")
class TourServiceTest {

  /** A preferred time well within the booking horizon: 30 days ahead, on the hour. */
  private static final String SOON =
      Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS).toString();

  private static final String CUSTOMER = "customer-1";
  private static final String OTHER_CUSTOMER = "customer-2";
  private static final String REALTOR = "realtor-1";
  private static final String OTHER_REALTOR = "realtor-2";

  private TestNode node;
  private String listingService;
  private final FakeListings listings = new FakeListings();
  private TourFixtures fixtures;
  private EventProbe tourEvents;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    TestBackingServices.get().reset();
    JsonObject config = TestBackingServices.get().config();
    listingService = await(vertx.deployVerticle(listings));
    node = await(TestNode.start(vertx, config, List.of(new TourModule())));
    fixtures = new TourFixtures(vertx, config);
    tourEvents = await(EventProbe.start(vertx, node, Streams.TOUR_TOURS));
  }

  @AfterEach
  void stop(Vertx vertx) throws Exception {
    await(tourEvents.stop());
    await(node.stop());
    await(vertx.undeploy(listingService));
    await(fixtures.close());
    tourEvents.assertAllValid();
  }

  @Test
  @DisplayName("A paid tour goes PENDING, ASSIGNED, SCHEDULED, COMPLETED, with an event each")
  void lifecycle() throws Exception {
    String tourId = TourDocuments.tourIdOf("pay-1");
    await(fixtures.pay(payment("pay-1", CUSTOMER, item("listing-a", 40.0, -74.0))));
    JsonObject pending = awaitStatus(tourId, "PENDING");
    assertThat(pending.getString("paymentId")).isEqualTo("pay-1");
    assertThat(pending.getString("customerId")).isEqualTo(CUSTOMER);
    assertThat(pending.getJsonArray("preferredTimes").getJsonObject(0).getString("start"))
        .isEqualTo("2031-03-04T10:00:00.000Z");

    await(fixtures.assign("assignment-1", tourId, REALTOR));
    JsonObject assigned = awaitStatus(tourId, "ASSIGNED");
    assertThat(assigned.getString("realtorId")).isEqualTo(REALTOR);
    assertThat(assigned.getString("assignmentId")).isEqualTo("assignment-1");
    assertThat(assigned.getJsonObject("slot").getString("start")).isEqualTo("2031-03-04T10:00:00Z");

    await(
        fixtures.insertSchedule(
            schedule("schedule-1", tourId, "assignment-1", REALTOR, "2031-03-04T10:00:00Z")));
    JsonObject scheduled = awaitStatus(tourId, "SCHEDULED");
    assertThat(scheduled.getJsonObject("schedule").getString("start"))
        .isEqualTo("2031-03-04T10:00:00Z");
    assertThat(scheduled.getJsonObject("schedule").getJsonArray("stops")).hasSize(1);

    await(
        fixtures.updateSchedule(
            "schedule-1",
            new JsonObject()
                .put("start", "2031-03-05T11:00:00Z")
                .put("end", "2031-03-05T12:00:00Z"),
            EventTypes.SCHEDULE_UPDATED));
    until(
        "the new time on the tour",
        () -> await(fixtures.tour(tourId)),
        tour -> tour.getJsonObject("schedule").getString("start").equals("2031-03-05T11:00:00Z"));

    await(
        fixtures.updateSchedule(
            "schedule-1",
            new JsonObject().put("status", "completed"),
            EventTypes.SCHEDULE_COMPLETED));
    awaitStatus(tourId, "COMPLETED");

    until(
        "every tour event",
        () -> types(),
        types ->
            types.containsAll(
                List.of(
                    EventTypes.TOUR_CREATED,
                    EventTypes.TOUR_ASSIGNED,
                    EventTypes.TOUR_SCHEDULED,
                    EventTypes.TOUR_COMPLETED)));
    assertThat(types().stream().filter(EventTypes.TOUR_SCHEDULED::equals)).hasSize(2);
  }

  @Test
  @DisplayName("The tour's location is the centroid and its itinerary the shortest order")
  void itinerary() throws Exception {
    String tourId = TourDocuments.tourIdOf("pay-geo");
    await(
        fixtures.pay(
            payment(
                "pay-geo",
                CUSTOMER,
                item("listing-d", 40.0, -73.88),
                item("listing-a", 40.0, -74.00),
                item("listing-c", 40.0, -73.98),
                item("listing-b", 40.0, -73.99))));

    JsonObject tour = awaitStatus(tourId, "PENDING");

    JsonArray itinerary = tour.getJsonArray("itinerary");
    assertThat(itinerary.stream().map(stop -> ((JsonObject) stop).getString("listingId")))
        .containsExactly("listing-a", "listing-b", "listing-c", "listing-d");
    assertThat(itinerary.stream().map(stop -> ((JsonObject) stop).getInteger("order")))
        .containsExactly(1, 2, 3, 4);
    assertThat(itinerary.getJsonObject(0).getDouble("legKm")).isZero();
    // 0.01 degrees of longitude at 40° N is about 0.852 km.
    assertThat(itinerary.getJsonObject(1).getDouble("legKm")).isCloseTo(0.852, within(0.002));
    assertThat(itinerary.getJsonObject(3).getDouble("legKm")).isCloseTo(8.52, within(0.01));
    assertThat(tour.getJsonObject("location").getDouble("lon")).isCloseTo(-73.9625, within(1e-4));
    assertThat(tour.getJsonObject("location").getDouble("lat")).isCloseTo(40.0, within(1e-3));
    assertThat(tour.getJsonArray("listings")).hasSize(4);
  }

  @Test
  @DisplayName(
      "A tour's stops carry each listing's title, street address and provider; an older payment without them still makes a tour")
  void stopsCarryTitleAndAddress() throws Exception {
    String tourId = TourDocuments.tourIdOf("pay-addr");
    await(
        fixtures.pay(
            payment(
                "pay-addr",
                CUSTOMER,
                item("listing-b", "provider-2", 40.0, -73.99),
                item("listing-a", "provider-1", 40.0, -74.00))));
    String olderId = TourDocuments.tourIdOf("pay-older");
    await(fixtures.pay(payment("pay-older", CUSTOMER, olderItem("listing-c", 40.0, -74.0))));

    JsonObject tour = awaitStatus(tourId, "PENDING");
    JsonObject listing = tour.getJsonArray("listings").getJsonObject(0);
    assertThat(listing.getString("listingId")).isEqualTo("listing-b");
    assertThat(listing.getString("providerId")).isEqualTo("provider-2");
    assertThat(listing.getString("title")).isEqualTo("Listing listing-b");
    assertThat(listing.getJsonObject("address")).isEqualTo(TourFixtures.address("listing-b"));
    assertThat(tour.getJsonArray("itinerary"))
        .hasSize(2)
        .allSatisfy(
            value -> {
              JsonObject stop = (JsonObject) value;
              String listingId = stop.getString("listingId");
              assertThat(stop.getString("title")).isEqualTo("Listing " + listingId);
              assertThat(stop.getJsonObject("address")).isEqualTo(TourFixtures.address(listingId));
            });

    JsonObject older = awaitStatus(olderId, "PENDING");
    assertThat(older.getJsonArray("itinerary").getJsonObject(0).containsKey("address")).isFalse();
    until(
        "both tour.created events (their schemas checked after the test)",
        () -> types(),
        types -> types.size() >= 2);
  }

  @Test
  @DisplayName(
      "A provider lists the tours of their own listing with only their stops; another provider, a customer or a realtor gets 403, an unknown listing 404")
  void providerSeesToursOfOwnListing() throws Exception {
    String shared = TourDocuments.tourIdOf("pay-p1");
    await(
        fixtures.pay(
            payment(
                "pay-p1",
                CUSTOMER,
                item("listing-own", "provider-own", 40.0, -74.0),
                item("listing-theirs", "provider-other", 40.0, -73.99))));
    awaitStatus(shared, "PENDING");
    await(fixtures.assign("assignment-p1", shared, REALTOR));
    awaitStatus(shared, "ASSIGNED");
    String theirs = TourDocuments.tourIdOf("pay-p2");
    await(
        fixtures.pay(
            payment("pay-p2", OTHER_CUSTOMER, item("listing-theirs", "provider-other", 40, -74))));
    awaitStatus(theirs, "PENDING");
    String older = TourDocuments.tourIdOf("pay-p3");
    await(fixtures.pay(payment("pay-p3", OTHER_CUSTOMER, olderItem("listing-older", 40, -74))));
    awaitStatus(older, "PENDING");
    listings
        .add("listing-quiet", "provider-own")
        .add("listing-older", "provider-own")
        .add("listing-own", "provider-own");

    HttpResponse<Buffer> own =
        await(get("/api/v1/tours?listingId=listing-own", "provider-own", Roles.PROVIDER));
    assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(200);
    assertThat(ids(own.bodyAsJsonObject())).containsExactly(shared);
    JsonObject seen = own.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(seen.fieldNames())
        .containsExactlyInAnyOrder("id", "status", "createdAt", "slot", "stops");
    assertThat(seen.getString("status")).isEqualTo("ASSIGNED");
    assertThat(seen.getJsonObject("slot").getString("start")).isEqualTo("2031-03-04T10:00:00Z");
    assertThat(seen.getJsonArray("stops")).hasSize(1);
    JsonObject stop = seen.getJsonArray("stops").getJsonObject(0);
    assertThat(stop.getString("listingId")).isEqualTo("listing-own");
    assertThat(stop.getJsonObject("address")).isEqualTo(TourFixtures.address("listing-own"));
    assertThat(own.bodyAsString())
        .doesNotContain(CUSTOMER)
        .doesNotContain(REALTOR)
        .doesNotContain("listing-theirs")
        .doesNotContain("pay-p1");

    assertThat(
            ids(
                await(get("/api/v1/tours?listingId=listing-older", "provider-own", Roles.PROVIDER))
                    .bodyAsJsonObject()))
        .as("a tour from before stops carried the provider, owned as listing.service says")
        .containsExactly(older);
    JsonObject quiet =
        await(get("/api/v1/tours?listingId=listing-quiet", "provider-own", Roles.PROVIDER))
            .bodyAsJsonObject();
    assertThat(quiet.getLong("total")).isZero();
    JsonObject capped =
        await(
                get(
                    "/api/v1/tours?listingId=listing-own&size=1000000",
                    "provider-own",
                    Roles.PROVIDER))
            .bodyAsJsonObject();
    assertThat(capped.getInteger("size")).isLessThanOrEqualTo(100);

    assertProblem(
        get("/api/v1/tours?listingId=listing-own", "provider-other", Roles.PROVIDER),
        403,
        "not yours");
    assertProblem(
        get("/api/v1/tours?listingId=listing-quiet", "provider-other", Roles.PROVIDER),
        403,
        "not yours");
    assertProblem(
        get("/api/v1/tours?listingId=listing-own", CUSTOMER, Roles.CUSTOMER), 403, "provider");
    assertProblem(
        get("/api/v1/tours?listingId=listing-own", REALTOR, Roles.REALTOR), 403, "provider");
    assertProblem(
        get("/api/v1/tours?listingId=no-such-listing", "provider-own", Roles.PROVIDER),
        404,
        "No listing");
    assertProblem(get("/api/v1/tours", "provider-own", Roles.PROVIDER), 400, "listingId");
    assertProblem(
        get(
            "/api/v1/tours?listingId=listing-own&customerId=" + CUSTOMER,
            "provider-own",
            Roles.PROVIDER),
        403,
        "Only admins");
    assertProblem(
        get("/api/v1/tours?listingId=$ne", "provider-own", Roles.PROVIDER), 400, "listingId");

    HttpResponse<Buffer> admin =
        await(get("/api/v1/tours?listingId=listing-theirs", "admin-1", Roles.ADMIN));
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(ids(admin.bodyAsJsonObject())).containsExactlyInAnyOrder(shared, theirs);
    assertThat(
            admin.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("customerId"))
        .isNotNull();
    assertThat(
            ids(
                await(
                        get(
                            "/api/v1/tours?listingId=listing-theirs&status=PENDING",
                            "admin-1",
                            Roles.ADMIN))
                    .bodyAsJsonObject()))
        .containsExactly(theirs);
    assertProblem(
        get("/api/v1/tours?listingId=no-such-listing", "admin-1", Roles.ADMIN), 404, "No listing");
  }

  @Test
  @DisplayName("The same payment delivered again makes no second tour")
  void idempotentOnPayment() throws Exception {
    await(fixtures.pay(payment("pay-2", CUSTOMER, item("listing-a", 40.0, -74.0))));
    awaitStatus(TourDocuments.tourIdOf("pay-2"), "PENDING");

    await(fixtures.restampPayment("pay-2"));
    await(fixtures.restampPayment("pay-2"));
    until("the redeliveries handled", () -> await(caughtUp()), done -> done);

    assertThat(await(fixtures.tourCount())).isEqualTo(1);
    assertThat(tourEvents.seen()).as(tourEvents.seen().toString()).hasSize(1);
  }

  @Test
  @DisplayName("A failed payment makes no tour")
  void failedPaymentMakesNoTour() throws Exception {
    await(
        fixtures.pay(
            payment("pay-failed", CUSTOMER, item("listing-a", 40.0, -74.0))
                .put("status", "failed")
                .put("lastChange", TourFixtures.stamp(EventTypes.PAYMENT_FAILED, CUSTOMER))));
    await(fixtures.pay(payment("pay-ok", CUSTOMER, item("listing-a", 40.0, -74.0))));
    awaitStatus(TourDocuments.tourIdOf("pay-ok"), "PENDING");

    assertThat(await(fixtures.tour(TourDocuments.tourIdOf("pay-failed")))).isNull();
  }

  @Test
  @DisplayName("Late duplicates never move a tour backwards, and final states stay final")
  void levelTriggered() throws Exception {
    String tourId = scheduledTour("pay-3", "assignment-3", "schedule-3");

    await(fixtures.restampAssignment("assignment-3"));
    until("the duplicate handled", () -> await(caughtUp()), done -> done);
    assertThat(await(fixtures.tour(tourId)).getString("status")).isEqualTo("SCHEDULED");

    HttpResponse<Buffer> cancelled = await(cancel(tourId, CUSTOMER));
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(cancelled.bodyAsJsonObject().getString("cancelledBy")).isEqualTo("customer");
    assertThat(cancelled.bodyAsJsonObject().getString("cancelReason")).isEqualTo("customer");

    await(
        fixtures.updateSchedule(
            "schedule-3",
            new JsonObject().put("status", "completed"),
            EventTypes.SCHEDULE_COMPLETED));
    until("the completion handled", () -> await(caughtUp()), done -> done);
    assertThat(await(fixtures.tour(tourId)).getString("status")).isEqualTo("CANCELLED");

    await(fixtures.release("assignment-3"));
    until("the release handled", () -> await(caughtUp()), done -> done);
    assertThat(await(fixtures.tour(tourId)).getString("status")).isEqualTo("CANCELLED");

    HttpResponse<Buffer> again = await(cancel(tourId, CUSTOMER));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(types().stream().filter(EventTypes.TOUR_CANCELLED::equals)).hasSize(1);
  }

  @Test
  @DisplayName("A released assignment of a live tour puts it back to PENDING for a new realtor")
  void releasedAssignmentRequeues() throws Exception {
    String tourId = scheduledTour("pay-4", "assignment-4", "schedule-4");

    await(fixtures.release("assignment-4"));
    JsonObject pending = awaitStatus(tourId, "PENDING");
    assertThat(pending.containsKey("realtorId")).isFalse();
    assertThat(pending.containsKey("schedule")).isFalse();

    // The old schedule completing must not complete the tour that lost its realtor.
    await(
        fixtures.updateSchedule(
            "schedule-4",
            new JsonObject().put("status", "completed"),
            EventTypes.SCHEDULE_COMPLETED));
    until("the completion handled", () -> await(caughtUp()), done -> done);
    assertThat(await(fixtures.tour(tourId)).getString("status")).isEqualTo("PENDING");

    await(fixtures.assign("assignment-5", tourId, OTHER_REALTOR));
    assertThat(awaitStatus(tourId, "ASSIGNED").getString("realtorId")).isEqualTo(OTHER_REALTOR);
  }

  @Test
  @DisplayName("Customers see their own tours, realtors their assigned ones, admins all")
  void visibility() throws Exception {
    String mine = scheduledTour("pay-5", "assignment-6", "schedule-6");
    String theirs = TourDocuments.tourIdOf("pay-6");
    await(fixtures.pay(payment("pay-6", OTHER_CUSTOMER, item("listing-b", 40.1, -74.1))));
    awaitStatus(theirs, "PENDING");

    assertThat(await(get("/api/v1/tours/" + mine, CUSTOMER, Roles.CUSTOMER)).statusCode())
        .isEqualTo(200);
    assertThat(await(get("/api/v1/tours/" + mine, REALTOR, Roles.REALTOR)).statusCode())
        .isEqualTo(200);
    assertThat(await(get("/api/v1/tours/" + mine, "admin-1", Roles.ADMIN)).statusCode())
        .isEqualTo(200);
    assertThat(await(get("/api/v1/tours/" + mine, OTHER_CUSTOMER, Roles.CUSTOMER)).statusCode())
        .isEqualTo(404);
    assertThat(await(get("/api/v1/tours/" + mine, OTHER_REALTOR, Roles.REALTOR)).statusCode())
        .isEqualTo(404);
    assertThat(await(get("/api/v1/tours/" + mine, "provider-1", Roles.PROVIDER)).statusCode())
        .isEqualTo(403);

    JsonObject own = await(get("/api/v1/tours", CUSTOMER, Roles.CUSTOMER)).bodyAsJsonObject();
    assertThat(ids(own)).containsExactly(mine);
    assertThat(own.getLong("total")).isEqualTo(1);
    assertThat(ids(await(get("/api/v1/tours", REALTOR, Roles.REALTOR)).bodyAsJsonObject()))
        .containsExactly(mine);
    assertThat(ids(await(get("/api/v1/tours", OTHER_REALTOR, Roles.REALTOR)).bodyAsJsonObject()))
        .isEmpty();
    assertThat(ids(await(get("/api/v1/tours", "admin-1", Roles.ADMIN)).bodyAsJsonObject()))
        .containsExactlyInAnyOrder(mine, theirs);
    assertThat(
            ids(
                await(get("/api/v1/tours?status=PENDING", "admin-1", Roles.ADMIN))
                    .bodyAsJsonObject()))
        .containsExactly(theirs);
    assertThat(
            ids(
                await(get("/api/v1/tours?customerId=" + OTHER_CUSTOMER, "admin-1", Roles.ADMIN))
                    .bodyAsJsonObject()))
        .containsExactly(theirs);
    JsonObject paged =
        await(get("/api/v1/tours?page=2&size=1", "admin-1", Roles.ADMIN)).bodyAsJsonObject();
    assertThat(paged.getJsonArray("items")).hasSize(1);
    assertThat(paged.getInteger("totalPages")).isEqualTo(2);

    assertThat(await(get("/api/v1/tours?status=LOST", CUSTOMER, Roles.CUSTOMER)).statusCode())
        .isEqualTo(400);
    assertThat(await(get("/api/v1/tours?sort=x", CUSTOMER, Roles.CUSTOMER)).statusCode())
        .isEqualTo(400);
    assertThat(
            await(get("/api/v1/tours?customerId=" + OTHER_CUSTOMER, CUSTOMER, Roles.CUSTOMER))
                .statusCode())
        .isEqualTo(403);
    assertThat(await(get("/api/v1/tours?status[$ne]=PENDING", "admin-1", Roles.ADMIN)).statusCode())
        .isEqualTo(400);
    assertThat(await(get("/api/v1/tours/bad$id", "admin-1", Roles.ADMIN)).statusCode())
        .isEqualTo(400);
  }

  @Test
  @DisplayName("Only the owning customer cancels or reschedules; others get 404")
  void commandsNeedTheOwner() throws Exception {
    String tourId = scheduledTour("pay-7", "assignment-7", "schedule-7");
    JsonObject times = times(SOON);

    assertThat(await(cancel(tourId, OTHER_CUSTOMER)).statusCode()).isEqualTo(404);
    assertThat(await(reschedule(tourId, OTHER_CUSTOMER, times)).statusCode()).isEqualTo(404);
    assertThat(
            await(
                    node.post(
                        "/api/v1/tours/" + tourId + "/cancel",
                        node.token(REALTOR, Roles.REALTOR),
                        "{}"))
                .statusCode())
        .isEqualTo(403);
    assertThat(await(fixtures.tour(tourId)).getString("status")).isEqualTo("SCHEDULED");
  }

  @Test
  @DisplayName(
      "Reschedule replaces the preferred times of an ASSIGNED or SCHEDULED tour; a time may be a bare ISO start")
  void reschedule() throws Exception {
    String tourId = scheduledTour("pay-8", "assignment-8", "schedule-8");

    HttpResponse<Buffer> accepted =
        await(
            reschedule(
                tourId,
                CUSTOMER,
                new JsonObject().put("preferredTimes", new JsonArray().add(SOON))));

    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonObject tour = accepted.bodyAsJsonObject();
    assertThat(tour.getString("id")).isEqualTo(tourId);
    assertThat(tour.getString("status")).isEqualTo("SCHEDULED");
    assertThat(tour.getInteger("preferencesVersion")).isEqualTo(1);
    assertThat(tour.getJsonArray("preferredTimes"))
        .containsExactly(new JsonObject().put("start", SOON.replace("Z", ".000Z")));
    until(
        "tour.reschedule-requested",
        () -> types(),
        types -> types.contains(EventTypes.TOUR_RESCHEDULE_REQUESTED));
  }

  @Test
  @DisplayName("Reschedule to year 9999, or past the booking horizon, is a 400 and changes nothing")
  void rescheduleBeyondTheHorizonIsRefused() throws Exception {
    String tourId = scheduledTour("pay-11", "assignment-11", "schedule-11");
    JsonObject before = await(fixtures.tour(tourId));
    String pastHorizon =
        Instant.now().plus(Duration.ofDays(91)).truncatedTo(ChronoUnit.HOURS).toString();
    JsonObject endPastHorizon =
        new JsonObject()
            .put(
                "preferredTimes",
                new JsonArray().add(new JsonObject().put("start", SOON).put("end", pastHorizon)));

    for (JsonObject body :
        List.of(times("9999-12-31T10:00:00Z"), times(pastHorizon), endPastHorizon)) {
      HttpResponse<Buffer> refused = await(reschedule(tourId, CUSTOMER, body));
      assertThat(refused.statusCode()).as(body.encode()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("detail"))
          .contains("within the next 90 days");
    }
    assertThat(await(fixtures.tour(tourId))).isEqualTo(before);
    assertThat(types()).doesNotContain(EventTypes.TOUR_RESCHEDULE_REQUESTED);
  }

  @Test
  @DisplayName("Reschedule refuses bad times; cancel refuses completed")
  void commandsRespectTheLifecycle() throws Exception {
    String pending = TourDocuments.tourIdOf("pay-9");
    await(fixtures.pay(payment("pay-9", CUSTOMER, item("listing-a", 40.0, -74.0))));
    awaitStatus(pending, "PENDING");

    assertThat(await(reschedule(pending, CUSTOMER, times("2001-05-02T14:00:00Z"))).statusCode())
        .isEqualTo(400);
    JsonObject backwards =
        new JsonObject()
            .put(
                "preferredTimes",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("start", SOON)
                            .put("end", Instant.parse(SOON).minusSeconds(3600).toString())));
    assertThat(await(reschedule(pending, CUSTOMER, backwards)).statusCode()).isEqualTo(400);
    assertThat(await(reschedule(pending, CUSTOMER, times(SOON).put("extra", 1))).statusCode())
        .isEqualTo(400);
    assertThat(
            await(reschedule(pending, CUSTOMER, new JsonObject().put("preferredTimes", "soon")))
                .statusCode())
        .isEqualTo(400);

    String completed = scheduledTour("pay-10", "assignment-10", "schedule-10");
    await(
        fixtures.updateSchedule(
            "schedule-10",
            new JsonObject().put("status", "completed"),
            EventTypes.SCHEDULE_COMPLETED));
    awaitStatus(completed, "COMPLETED");
    assertThat(await(cancel(completed, CUSTOMER)).statusCode()).isEqualTo(409);
    assertThat(await(reschedule(completed, CUSTOMER, times(SOON))).statusCode()).isEqualTo(409);
    assertThat(await(fixtures.tour(completed)).getString("status")).isEqualTo("COMPLETED");

    HttpResponse<Buffer> cancelled = await(cancel(pending, CUSTOMER));
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
  }

  @Test
  @DisplayName("Every route answers every role as its table says")
  void authorizationMatrix() throws Exception {
    assertThat(await(AuthorizationMatrix.violations(node))).isEmpty();
  }

  /** A tour taken to SCHEDULED through the three producers' events. */
  private String scheduledTour(String paymentId, String assignmentId, String scheduleId)
      throws Exception {
    String tourId = TourDocuments.tourIdOf(paymentId);
    await(fixtures.pay(payment(paymentId, CUSTOMER, item("listing-a", 40.0, -74.0))));
    awaitStatus(tourId, "PENDING");
    await(fixtures.assign(assignmentId, tourId, REALTOR));
    awaitStatus(tourId, "ASSIGNED");
    await(
        fixtures.insertSchedule(
            schedule(scheduleId, tourId, assignmentId, REALTOR, "2031-03-04T10:00:00Z")));
    awaitStatus(tourId, "SCHEDULED");
    return tourId;
  }

  private JsonObject awaitStatus(String tourId, String status) throws Exception {
    return until(
        "tour " + tourId + " " + status,
        () -> await(fixtures.tour(tourId)),
        tour -> status.equals(tour.getString("status")));
  }

  /**
   * Whether group tour has settled every change written so far: its handlers are idempotent by
   * themselves and keep no processed records to count.
   */
  private Future<Boolean> caughtUp() {
    return node.node
        .events()
        .subscriptions()
        .map(
            statuses ->
                statuses.stream()
                    .map(JsonObject.class::cast)
                    .filter(status -> "tour".equals(status.getString("group")))
                    .allMatch(status -> Long.valueOf(0).equals(status.getLong("pendingChanges"))));
  }

  private static void assertProblem(Future<HttpResponse<Buffer>> request, int status, String detail)
      throws Exception {
    HttpResponse<Buffer> response = await(request);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains(detail);
  }

  private List<String> types() {
    return tourEvents.seen().stream().map(EventEnvelope::type).toList();
  }

  private Future<HttpResponse<Buffer>> get(String path, String subject, String role) {
    return node.get(path, node.token(subject, role));
  }

  private Future<HttpResponse<Buffer>> cancel(String tourId, String customer) {
    return node.post(
        "/api/v1/tours/" + tourId + "/cancel", node.token(customer, Roles.CUSTOMER), "{}");
  }

  private Future<HttpResponse<Buffer>> reschedule(String tourId, String customer, JsonObject body) {
    return node.post(
        "/api/v1/tours/" + tourId + "/reschedule", node.token(customer, Roles.CUSTOMER), body);
  }

  private static JsonObject times(String start) {
    return new JsonObject()
        .put("preferredTimes", new JsonArray().add(new JsonObject().put("start", start)));
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("id"))
        .toList();
  }
}

package io.tourbook.scheduling;

import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static io.tourbook.scheduling.SchedulingFixtures.email;
import static io.tourbook.scheduling.SchedulingFixtures.mails;
import static io.tourbook.scheduling.SchedulingFixtures.tour;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.tourbook.platform.testsupport.EventProbe;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.tourbook.scheduling.SchedulingFixtures.Mail;
import io.tourbook.scheduling.model.Schedules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Scheduling service")
class SchedulingServiceTest {

  /** A Monday morning, before business hours. */
  private static final Instant NOW = Instant.parse("2031-03-03T07:00:00Z");

  private static final String CUSTOMER = "customer-1";
  private static final String REALTOR = "realtor-1";
  private static final String OTHER_REALTOR = "realtor-2";

  private final TestClock clock = new TestClock(NOW);
  private EventProbe scheduleEvents;
  private TestNode node;
  private SchedulingFixtures fixtures;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    TestBackingServices.get().reset();
    JsonObject config = TestBackingServices.get().config();
    config
        .getJsonObject("scheduling")
        .put("time-zone", "UTC")
        .put("business-days", "MON-FRI")
        .put("business-hours", new JsonObject().put("start", "09:00").put("end", "18:00"))
        .put("lead-time-minutes", 60)
        .put("base-minutes", 15)
        .put("per-listing-minutes", 30)
        .put("travel-kmh", 30)
        .put("slot-step-minutes", 15)
        .put("reminder-before-minutes", 60)
        .put("reminder-scan-ms", 50);
    // Room for the retries of an event whose recipient scheduling does not know yet.
    config.getJsonObject("events").put("max-attempts", 40).put("backoff-max-ms", 200);
    node = await(TestNode.start(vertx, config, List.of(new SchedulingModule(clock))));
    fixtures = new SchedulingFixtures(vertx, config);
    scheduleEvents = await(EventProbe.start(vertx, node, Streams.SCHEDULING_SCHEDULES));
    await(fixtures.account(CUSTOMER, "customer"));
    await(fixtures.account(REALTOR, "realtor"));
    await(fixtures.account(OTHER_REALTOR, "realtor"));
    until("the contacts", () -> await(fixtures.contacts()), count -> count == 3);
  }

  @AfterEach
  void stop(Vertx vertx) throws Exception {
    await(scheduleEvents.stop());
    await(node.stop());
    await(fixtures.close());
    scheduleEvents.assertAllValid();
  }

  @Test
  @DisplayName(
      "An assigned tour gets its preferred slot, and both parties one e-mail each listing every stop's time, title and address, with the first stop as the invitation's LOCATION")
  void schedulesAndMails() throws Exception {
    await(fixtures.insertTour(tour("tour-1", REALTOR, "2031-03-03T10:00:00Z")));

    JsonObject schedule = awaitSchedule("tour-1", s -> true);
    // 30 min at A, 6 min for 3 km at 30 km/h, 30 min at B, 15 min wrap-up.
    assertThat(schedule.getString("start")).isEqualTo("2031-03-03T10:00:00.000Z");
    assertThat(schedule.getString("end")).isEqualTo("2031-03-03T11:21:00.000Z");
    assertThat(schedule.getString("status")).isEqualTo("scheduled");
    assertThat(schedule.getString("realtorId")).isEqualTo(REALTOR);
    assertThat(schedule.getString("customerId")).isEqualTo(CUSTOMER);
    assertThat(schedule.getString("assignmentId")).isEqualTo("assignment-tour-1");
    assertThat(schedule.getString("timeZone")).isEqualTo("UTC");
    assertThat(
            schedule.getJsonArray("stops").stream()
                .map(stop -> ((JsonObject) stop).getString("start")))
        .containsExactly("2031-03-03T10:00:00.000Z", "2031-03-03T10:36:00.000Z");
    assertThat(
            schedule.getJsonArray("stops").stream()
                .map(stop -> ((JsonObject) stop).getJsonObject("address")))
        .containsExactly(SchedulingFixtures.ADDRESS_A, SchedulingFixtures.ADDRESS_B);

    List<Mail> sent = awaitMails(2);
    assertThat(sent)
        .extracting(Mail::to)
        .containsExactlyInAnyOrder(email(CUSTOMER), email(REALTOR));
    Mail customerMail = mailTo(sent, CUSTOMER);
    assertThat(customerMail.subject())
        .contains("Your tour is booked", "Monday 3 March 2031, 10:00-11:21");
    assertThat(customerMail.body())
        .contains("Name of customer-1")
        .containsPattern("10:00-10:30  Flat A\\r?\\n +12 Main St, 62701 Springfield, IL, US\\r?\\n")
        .containsPattern("10:36-11:06  Loft B\\r?\\n +5 Elm Rd, Springfield, US\\r?\\n");
    assertThat(mailTo(sent, REALTOR).body()).contains("12 Main St, 62701 Springfield, IL, US");
    assertThat(customerMail.body()).contains("Your realtor: Name of " + REALTOR);
    assertThat(mailTo(sent, REALTOR).subject()).contains("New tour", "10:00-11:21");
    assertThat(mailTo(sent, REALTOR).body()).contains("Customer: Name of customer-1");
    assertThat(customerMail.calendar())
        .contains(
            "METHOD:REQUEST",
            "UID:" + schedule.getString("_id") + "@tourbook",
            "SEQUENCE:1",
            "DTSTART:20310303T100000Z",
            "DTEND:20310303T112100Z",
            "LOCATION:12 Main St\\, 62701 Springfield\\, IL\\, US\r\n");
    assertThat(mailTo(sent, REALTOR).calendar()).contains("LOCATION:12 Main St");
    awaitEvents(EventTypes.SCHEDULE_CREATED, 1);

    // The same state again: no second schedule, no second mail.
    await(fixtures.updateTour("tour-1", new JsonObject(), EventTypes.TOUR_ASSIGNED));
    until("the repeat handled", () -> await(fixtures.processed("tour-1")), count -> count >= 2);
    assertThat(await(fixtures.schedulesOf(REALTOR))).hasSize(1);
    assertThat(await(fixtures.scheduleOf("tour-1")).getInteger("revision")).isEqualTo(1);
    assertThat(mails()).hasSize(2);
  }

  @Test
  @DisplayName(
      "A tour from before stops carried addresses is scheduled and mailed without them, its invitation without LOCATION")
  void olderTourWithoutAddresses() throws Exception {
    JsonObject older = tour("tour-older", REALTOR, "2031-03-03T10:00:00Z");
    for (String list : List.of("listings", "itinerary")) {
      older.getJsonArray(list).forEach(stop -> ((JsonObject) stop).remove("address"));
    }
    await(fixtures.insertTour(older));

    JsonObject schedule = awaitSchedule("tour-older", s -> true);
    assertThat(schedule.getJsonArray("stops").getJsonObject(0).containsKey("address")).isFalse();
    Mail customerMail = mailTo(awaitMails(2), CUSTOMER);
    assertThat(customerMail.body())
        .containsPattern("10:00-10:30  Flat A\\r?\\n 2\\. 10:36-11:06  Loft B")
        .doesNotContain("Main St");
    assertThat(customerMail.calendar()).contains("METHOD:REQUEST").doesNotContain("LOCATION");
  }

  @Test
  @DisplayName("A new slot booked for the tour moves the schedule and mails both parties again")
  void reschedule() throws Exception {
    await(fixtures.insertTour(tour("tour-2", REALTOR, "2031-03-03T10:00:00Z")));
    awaitSchedule("tour-2", s -> true);
    awaitMails(2);

    await(
        fixtures.updateTour(
            "tour-2",
            new JsonObject()
                .put("status", "SCHEDULED")
                .put("preferencesVersion", 1)
                .put(
                    "preferredTimes",
                    new JsonArray().add(new JsonObject().put("start", "2031-03-04T14:00:00Z")))
                .put("slot", SchedulingFixtures.slot(Instant.parse("2031-03-04T14:00:00Z"))),
            EventTypes.TOUR_RESCHEDULE_REQUESTED));

    JsonObject moved = awaitSchedule("tour-2", s -> s.getInteger("revision") == 2);
    assertThat(moved.getString("start")).isEqualTo("2031-03-04T14:00:00.000Z");
    assertThat(moved.getString("status")).isEqualTo("scheduled");
    List<Mail> sent = awaitMails(4);
    assertThat(sent.stream().filter(mail -> mail.subject().contains("new time")))
        .extracting(Mail::to)
        .containsExactly(email(CUSTOMER));
    assertThat(sent.stream().filter(mail -> mail.subject().contains("new time")))
        .allSatisfy(
            mail ->
                assertThat(mail.calendar())
                    .contains(
                        "METHOD:REQUEST",
                        "UID:" + Schedules.idOf("tour-2") + "@tourbook",
                        "SEQUENCE:2"));
    assertThat(sent.stream().filter(mail -> mail.subject().contains("Tour moved")))
        .extracting(Mail::to)
        .containsExactly(email(REALTOR));
    awaitEvents(EventTypes.SCHEDULE_UPDATED, 1);
  }

  @Test
  @DisplayName("A cancelled tour cancels its schedule and mails both parties")
  void cancel() throws Exception {
    await(fixtures.insertTour(tour("tour-3", REALTOR, "2031-03-03T10:00:00Z")));
    awaitSchedule("tour-3", s -> true);
    awaitMails(2);

    await(
        fixtures.updateTour(
            "tour-3", new JsonObject().put("status", "CANCELLED"), EventTypes.TOUR_CANCELLED));

    awaitSchedule("tour-3", s -> "cancelled".equals(s.getString("status")));
    List<Mail> sent = awaitMails(4);
    assertThat(sent.stream().filter(mail -> mail.subject().contains("cancelled")))
        .extracting(Mail::to)
        .containsExactlyInAnyOrder(email(CUSTOMER), email(REALTOR));
    String uid = "UID:" + Schedules.idOf("tour-3") + "@tourbook";
    assertThat(sent.stream().filter(mail -> mail.subject().contains("cancelled")))
        .allSatisfy(mail -> assertThat(mail.calendar()).contains("METHOD:CANCEL", uid));

    await(fixtures.insertTour(tour("tour-4", REALTOR, "2031-03-03T10:00:00Z")));
    assertThat(awaitSchedule("tour-4", s -> true).getString("start"))
        .isEqualTo("2031-03-03T10:00:00.000Z");
  }

  @Test
  @DisplayName("One reminder before the start, then schedule.completed once the slot has ended")
  void reminderAndCompletion() throws Exception {
    await(fixtures.insertTour(tour("tour-5", REALTOR, "2031-03-03T10:00:00Z")));
    awaitSchedule("tour-5", s -> true);
    awaitMails(2);

    clock.set(Instant.parse("2031-03-03T09:15:00Z"));
    List<Mail> reminded =
        until(
            "the reminders",
            () -> mails(),
            all -> all.stream().filter(SchedulingServiceTest::isReminder).count() == 2);
    assertThat(reminded).hasSize(4);
    assertThat(await(fixtures.scheduleOf("tour-5")).getString("reminderSentAt"))
        .isEqualTo("2031-03-03T09:15:00.000Z");

    clock.set(Instant.parse("2031-03-03T11:21:00Z"));
    JsonObject completed = awaitSchedule("tour-5", s -> "completed".equals(s.getString("status")));
    assertThat(completed.getString("completedAt")).isEqualTo("2031-03-03T11:21:00.000Z");
    EventEnvelope event = awaitEvents(EventTypes.SCHEDULE_COMPLETED, 1).get(0);
    assertThat(event.data().getString("tourId")).isEqualTo("tour-5");
    // Scans kept running all along: still one reminder each, no mail about the completion.
    assertThat(mails()).hasSize(4);
  }

  @Test
  @DisplayName("A tour the platform cancelled for want of a realtor gets its customer one e-mail")
  void noRealtorMailedOnce() throws Exception {
    JsonObject waiting =
        tour("tour-7", REALTOR, "2031-03-03T10:00:00Z")
            .put("status", "PENDING")
            .put("lastChange", SchedulingFixtures.stamp(EventTypes.TOUR_CREATED));
    waiting.remove("realtorId");
    waiting.remove("assignmentId");
    waiting.remove("slot");
    await(fixtures.insertTour(waiting));
    JsonObject cancelled =
        new JsonObject()
            .put("status", "CANCELLED")
            .put("cancelledBy", "platform")
            .put("cancelReason", "no-realtor");

    await(fixtures.updateTour("tour-7", cancelled, EventTypes.TOUR_CANCELLED));
    List<Mail> sent = awaitMails(1);
    assertThat(sent.get(0).to()).isEqualTo(email(CUSTOMER));
    assertThat(sent.get(0).subject()).contains("could not be booked");
    assertThat(sent.get(0).body()).contains("refunded");

    await(fixtures.updateTour("tour-7", cancelled, EventTypes.TOUR_CANCELLED));
    until("the repeat handled", () -> await(fixtures.processed("tour-7")), count -> count >= 2);
    assertThat(mails()).hasSize(1);
    assertThat(await(fixtures.scheduleOf("tour-7"))).isNull();
  }

  @Test
  @DisplayName(
      "A tour that lost its realtor: the schedule is unassigned and never reminded, the realtor is"
          + " told with a cancelling invitation, and the next realtor gets it as a new tour")
  void unassignedThenReassigned() throws Exception {
    await(fixtures.insertTour(tour("tour-8", REALTOR, "2031-03-03T10:00:00Z")));
    awaitSchedule("tour-8", s -> true);
    awaitMails(2);

    JsonObject requeued =
        new JsonObject()
            .put("status", "PENDING")
            .put("realtorId", null)
            .put("assignmentId", null)
            .put("slot", null);
    await(fixtures.updateTour("tour-8", requeued, EventTypes.TOUR_CREATED));
    JsonObject unassigned =
        awaitSchedule("tour-8", s -> "unassigned".equals(s.getString("status")));
    assertThat(unassigned.getInteger("revision")).isEqualTo(2);
    Mail released = only(awaitMails(3), "Tour no longer yours");
    assertThat(released.to()).isEqualTo(email(REALTOR));
    assertThat(released.calendar())
        .contains("METHOD:CANCEL", "UID:" + Schedules.idOf("tour-8") + "@tourbook");

    clock.set(Instant.parse("2031-03-03T09:15:00Z"));
    await(fixtures.updateTour("tour-8", requeued, EventTypes.TOUR_CREATED));
    until("the repeat handled", () -> await(fixtures.processed("tour-8")), count -> count >= 3);
    assertThat(mails()).as("no reminder of an unassigned schedule, no second release").hasSize(3);
    clock.set(NOW);

    await(
        fixtures.updateTour(
            "tour-8",
            new JsonObject()
                .put("status", "ASSIGNED")
                .put("realtorId", OTHER_REALTOR)
                .put("assignmentId", "assignment-tour-8-b")
                .put("slot", SchedulingFixtures.slot(Instant.parse("2031-03-03T10:00:00Z"))),
            EventTypes.TOUR_ASSIGNED));
    JsonObject reassigned =
        awaitSchedule("tour-8", s -> OTHER_REALTOR.equals(s.getString("realtorId")));
    assertThat(reassigned.getString("status")).isEqualTo("scheduled");
    List<Mail> after = awaitMails(5);
    assertThat(after.stream().filter(mail -> mail.subject().startsWith("New tour")))
        .extracting(Mail::to)
        .containsExactlyInAnyOrder(email(REALTOR), email(OTHER_REALTOR));
    assertThat(only(after, "Your tour has a new time").body()).contains("Name of " + OTHER_REALTOR);
  }

  @Test
  @DisplayName(
      "A realtor whose tour went straight to another realtor is told it is no longer theirs")
  void handedOverDirectly() throws Exception {
    await(fixtures.insertTour(tour("tour-9", REALTOR, "2031-03-03T10:00:00Z")));
    awaitSchedule("tour-9", s -> true);
    awaitMails(2);

    await(
        fixtures.updateTour(
            "tour-9",
            new JsonObject()
                .put("realtorId", OTHER_REALTOR)
                .put("assignmentId", "assignment-tour-9-b"),
            EventTypes.TOUR_ASSIGNED));

    List<Mail> sent = awaitMails(5);
    assertThat(only(sent, "Tour no longer yours").to()).isEqualTo(email(REALTOR));
    assertThat(sent.stream().filter(mail -> mail.subject().startsWith("New tour")))
        .extracting(Mail::to)
        .containsExactlyInAnyOrder(email(REALTOR), email(OTHER_REALTOR));
    assertThat(only(sent, "Your tour has a new time").to()).isEqualTo(email(CUSTOMER));
  }

  @Test
  @DisplayName(
      "The customer of a tour nobody can take is told once per wait, and not once it has a realtor"
          + " again")
  void waitingMailedOncePerWait() throws Exception {
    JsonObject pending =
        tour("tour-10", REALTOR, "2031-03-03T10:00:00Z")
            .put("status", "PENDING")
            .put("lastChange", SchedulingFixtures.stamp(EventTypes.TOUR_CREATED));
    pending.remove("realtorId");
    pending.remove("assignmentId");
    pending.remove("slot");
    await(fixtures.insertTour(pending));

    await(fixtures.recordWaiting("tour-10", "2031-03-03T07:00:00Z"));
    List<Mail> sent = awaitMails(1);
    assertThat(sent.get(0).to()).isEqualTo(email(CUSTOMER));
    assertThat(sent.get(0).subject()).isEqualTo("Your tour is waiting for a realtor");
    assertThat(sent.get(0).body()).contains("refunded in full", "Tuesday 4 March 2031, 07:00 UTC");

    await(fixtures.recordWaiting("tour-10", "2031-03-03T07:00:00Z"));
    until(
        "the repeat handled",
        () -> await(fixtures.processed("waiting-tour-10")),
        count -> count >= 2);
    assertThat(mails()).as("one mail per wait").hasSize(1);

    await(
        fixtures.updateTour(
            "tour-10",
            new JsonObject()
                .put("status", "ASSIGNED")
                .put("realtorId", REALTOR)
                .put("assignmentId", "assignment-tour-10")
                .put("slot", SchedulingFixtures.slot(Instant.parse("2031-03-03T10:00:00Z"))),
            EventTypes.TOUR_ASSIGNED));
    awaitSchedule("tour-10", s -> true);
    awaitMails(3);
    await(fixtures.recordWaiting("tour-10", "2031-03-03T06:00:00Z"));
    until(
        "the late record handled",
        () -> await(fixtures.processed("waiting-tour-10")),
        count -> count >= 3);
    assertThat(mails()).as("a wait that ended before the schedule was made").hasSize(3);
  }

  @Test
  @DisplayName("A recipient scheduling does not know yet is mailed once their account arrives")
  void mailWaitsForTheContact() throws Exception {
    await(fixtures.insertTour(tour("tour-6", "realtor-new", "2031-03-03T10:00:00Z")));
    awaitSchedule("tour-6", s -> true);
    assertThat(awaitMails(1)).extracting(Mail::to).containsExactly(email(CUSTOMER));

    await(fixtures.account("realtor-new", "realtor"));

    assertThat(awaitMails(2)).extracting(Mail::to).contains(email("realtor-new"));
  }

  @Test
  @DisplayName("Admins list schedules by tour, realtor, status and start; others may not")
  void adminQueries() throws Exception {
    await(fixtures.insertTour(tour("tour-7", REALTOR, "2031-03-03T10:00:00Z")));
    await(fixtures.insertTour(tour("tour-8", OTHER_REALTOR, "2031-03-04T10:00:00Z")));
    String id7 = awaitSchedule("tour-7", s -> true).getString("_id");
    awaitSchedule("tour-8", s -> true);

    assertThat(tourIds("")).containsExactly("tour-7", "tour-8");
    assertThat(tourIds("?realtorId=" + OTHER_REALTOR)).containsExactly("tour-8");
    assertThat(tourIds("?tourId=tour-7")).containsExactly("tour-7");
    assertThat(tourIds("?from=2031-03-04T00:00:00Z")).containsExactly("tour-8");
    assertThat(tourIds("?to=2031-03-04T00:00:00%2B00:00")).containsExactly("tour-7");
    assertThat(tourIds("?status=completed")).isEmpty();
    JsonObject one = await(admin("/api/v1/schedules/" + id7)).bodyAsJsonObject();
    assertThat(one.getString("id")).isEqualTo(id7);
    assertThat(one.getString("tourId")).isEqualTo("tour-7");

    assertThat(await(admin("/api/v1/schedules/nope")).statusCode()).isEqualTo(404);
    assertThat(await(admin("/api/v1/schedules?status=lost")).statusCode()).isEqualTo(400);
    assertThat(await(admin("/api/v1/schedules?from=yesterday")).statusCode()).isEqualTo(400);
    assertThat(
            await(admin("/api/v1/schedules?from=2031-03-04T00:00:00Z&to=2031-03-03T00:00:00Z"))
                .statusCode())
        .isEqualTo(400);
    assertThat(await(admin("/api/v1/schedules?realtorId[$ne]=x")).statusCode()).isEqualTo(400);
    assertThat(await(admin("/api/v1/schedules?realtorId=a.b")).statusCode()).isEqualTo(400);
    assertThat(
            await(node.get("/api/v1/schedules", node.token(REALTOR, Roles.REALTOR))).statusCode())
        .isEqualTo(403);
  }

  @Test
  @DisplayName("Every route answers every role as its table says")
  void authorizationMatrix() throws Exception {
    assertThat(await(AuthorizationMatrix.violations(node))).isEmpty();
  }

  private JsonObject awaitSchedule(String tourId, Predicate<JsonObject> until) throws Exception {
    return until("the schedule of " + tourId, () -> await(fixtures.scheduleOf(tourId)), until);
  }

  private static List<Mail> awaitMails(int count) throws Exception {
    List<Mail> sent = until(count + " mails", () -> mails(), all -> all.size() >= count);
    assertThat(sent).hasSize(count);
    return sent;
  }

  private List<EventEnvelope> awaitEvents(String type, int count) throws Exception {
    return until(
        count + " " + type,
        () -> scheduleEvents.seen().stream().filter(event -> event.type().equals(type)).toList(),
        events -> events.size() >= count);
  }

  private static boolean isReminder(Mail mail) {
    return mail.subject().startsWith("Reminder") || mail.subject().startsWith("Upcoming tour");
  }

  /** The one mail whose subject starts with {@code prefix}. */
  private static Mail only(List<Mail> mails, String prefix) {
    List<Mail> matching = mails.stream().filter(mail -> mail.subject().startsWith(prefix)).toList();
    assertThat(matching).as("mails starting with " + prefix + " in " + mails).hasSize(1);
    return matching.get(0);
  }

  private static Mail mailTo(List<Mail> mails, String accountId) {
    return mails.stream()
        .filter(mail -> mail.to().equals(email(accountId)))
        .findFirst()
        .orElseThrow();
  }

  private Future<HttpResponse<Buffer>> admin(String path) {
    return node.get(path, node.token("admin-1", Roles.ADMIN));
  }

  private List<String> tourIds(String query) throws Exception {
    HttpResponse<Buffer> response = await(admin("/api/v1/schedules" + query));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("tourId"))
        .toList();
  }
}

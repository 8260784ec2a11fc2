package io.tourbook.iam;

import static io.tourbook.iam.IamNode.PASSWORD;
import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventSchemas;
import io.tourbook.contracts.events.Streams;
import io.tourbook.iam.events.TourEvents;
import io.tourbook.iam.store.AccountStore;
import io.tourbook.iam.store.RecordStore;
import io.tourbook.iam.store.RecordStore.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Events: what iam emits, and what it learns from listing, payment and tour events")
class EventsTest {

  private static final EventSchemas SCHEMAS = EventSchemas.load();

  private IamNode iam;
  private String admin;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    iam = IamNode.start(vertx);
    admin = iam.adminToken();
  }

  @AfterEach
  void stop() throws Exception {
    iam.stop();
  }

  @Test
  @DisplayName(
      "Every account change emits its event, valid against its schema and without the password hash")
  void accountEventsAreValidAndSecretFree() throws Exception {
    List<HttpResponse<Buffer>> responses = new ArrayList<>();
    JsonObject realtor = iam.register("realtor", "rae@example.com");
    String realtorId = realtor.getString("id");
    HttpResponse<Buffer> login = iam.login("rae@example.com", PASSWORD);
    responses.add(login);
    String token = login.bodyAsJsonObject().getString("accessToken");
    responses.add(iam.get("/me", token));
    responses.add(
        iam.send(HttpMethod.PUT, "/me/availability", token, "{\"status\":\"available\"}"));
    responses.add(iam.post("/accounts/" + realtorId + "/verify", admin, new JsonObject()));
    responses.add(
        iam.send(
            HttpMethod.PUT,
            "/accounts/" + realtorId + "/status",
            admin,
            "{\"status\":\"suspended\"}"));
    responses.add(iam.get("/accounts/" + realtorId, admin));
    responses.add(iam.get("/accounts?size=100", admin));
    responses.add(
        iam.post(
            "/accounts",
            admin,
            new JsonObject()
                .put("email", "ada@example.com")
                .put("password", PASSWORD)
                .put("name", "Ada")));
    responses.add(iam.post("/register", null, IamNode.registration("customer", "cy@example.com")));
    responses.add(iam.post("/register", null, IamNode.registration("customer", "CY@example.com")));
    responses.add(iam.login("cy@example.com", "Wrong-Password-1"));

    List<String> expected =
        List.of(
            "iam.account.created",
            "iam.realtor.availability-changed",
            "iam.account.verified",
            "iam.account.status-changed");
    until(
        "the realtor's four events, in order",
        () -> iam.events.typesOf(realtorId),
        types -> types.equals(expected));
    until("the other accounts' creation", () -> iam.events.received.size() >= 7);

    String storedHash = iam.account(realtorId).getString("passwordHash");
    assertThat(storedHash).startsWith("$argon2id$v=19$");
    for (EventEnvelope event : iam.events.received) {
      SCHEMAS.assertValid(event.toJson());
      assertThat(event.toJson().encode())
          .doesNotContain("passwordHash", "$argon2id", storedHash, PASSWORD);
    }
    for (HttpResponse<Buffer> response : responses) {
      assertThat(response.bodyAsString())
          .as(response.bodyAsString())
          .doesNotContain("passwordHash", "$argon2id", storedHash, PASSWORD);
    }
    JsonObject created = iam.events.ofSubject(realtorId).get(0).data();
    assertThat(created.getString("role")).isEqualTo("realtor");
    assertThat(created.getJsonObject("location").getDouble("lat")).isEqualTo(40.7128);
  }

  @Test
  @DisplayName("listing.* keeps the provider's listing count and ids, without touching lastChange")
  void listingSummary() throws Exception {
    String providerId = iam.register("provider", "pat@example.com").getString("id");
    JsonObject stampBefore = iam.account(providerId).getJsonObject("lastChange");
    MongoClient listings = iam.database("listing");

    await(listings.insert("listings", listing("listing-1", providerId, "listing.created")));
    await(listings.insert("listings", listing("listing-2", providerId, "listing.created")));
    await(listings.insert("listings", listing("listing-9", "someone-else", "listing.created")));
    awaitAccount(providerId, account -> hasListings(account, "listing-1", "listing-2"));

    await(
        listings.updateCollection(
            "listings",
            new JsonObject().put("_id", "listing-1"),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("title", "Renamed")
                        .put("lastChange", stamp("listing.updated")))));
    await(listings.removeDocument("listings", new JsonObject().put("_id", "listing-2")));
    awaitAccount(providerId, account -> hasListings(account, "listing-1"));

    assertThat(iam.account(providerId).getJsonObject("lastChange")).isEqualTo(stampBefore);
    HttpResponse<Buffer> list = iam.get("/accounts?role=provider", admin);
    assertThat(
            list.bodyAsJsonObject()
                .getJsonArray("items")
                .getJsonObject(0)
                .getJsonObject("listings"))
        .isEqualTo(new JsonObject().put("count", 1));
  }

  @Test
  @DisplayName(
      "payment.* keeps one record per payment on the customer, at its latest state (refunds too),"
          + " outside the account document")
  void paymentRecords() throws Exception {
    String customerId = iam.register("customer", "cora@example.com").getString("id");
    JsonObject stampBefore = iam.account(customerId).getJsonObject("lastChange");
    MongoClient payments = iam.database("payment");

    await(payments.insert("payments", payment("pay-1", customerId, "failed", "payment.failed")));
    await(
        payments.insert(
            "payments", payment("pay-2", customerId, "succeeded", "payment.succeeded")));
    awaitShown(customerId, "payments", shown -> shown.size() == 2);
    await(
        payments.updateCollection(
            "payments",
            new JsonObject().put("_id", "pay-1"),
            set(new JsonObject().put("status", "succeeded"), "payment.succeeded")));
    awaitShown(
        customerId,
        "payments",
        shown -> shown.stream().allMatch(record -> record.getString("status").equals("succeeded")));

    List<JsonObject> records = shown(customerId, "payments");
    assertThat(records)
        .extracting(record -> record.getString("paymentId"))
        .as("newest first")
        .containsExactly("pay-1", "pay-2");
    JsonObject first = records.get(0);
    assertThat(first.fieldNames()).containsExactlyInAnyOrder("paymentId", "status", "amount", "at");
    assertThat(first.getJsonObject("amount"))
        .isEqualTo(new JsonObject().put("amount", 25.0).put("currency", "USD"));
    JsonObject account = iam.account(customerId);
    assertThat(account.getJsonObject("lastChange")).isEqualTo(stampBefore);
    assertThat(account.fieldNames()).doesNotContain("payments", "tours");

    await(
        payments.updateCollection(
            "payments",
            new JsonObject().put("_id", "pay-2"),
            set(new JsonObject().put("status", "refunded"), "payment.refunded")));
    awaitShown(
        customerId,
        "payments",
        shown ->
            shown.stream()
                .anyMatch(
                    record ->
                        record.getString("paymentId").equals("pay-2")
                            && record.getString("status").equals("refunded")));
  }

  @Test
  @DisplayName("tour.* keeps the tour on its customer and on its current realtor only")
  void tourRecords() throws Exception {
    String customerId = iam.register("customer", "cleo@example.com").getString("id");
    String firstRealtor = iam.register("realtor", "ron@example.com").getString("id");
    String secondRealtor = iam.register("realtor", "rhea@example.com").getString("id");
    MongoClient tours = iam.database("tour");

    await(tours.insert("tours", tour("tour-1", customerId)));
    awaitShown(customerId, "tours", shown -> status(shown, "tour-1").equals("PENDING"));

    await(
        tours.updateCollection(
            "tours",
            new JsonObject().put("_id", "tour-1"),
            set(
                new JsonObject().put("status", "ASSIGNED").put("realtorId", firstRealtor),
                "tour.assigned")));
    awaitShown(firstRealtor, "tours", shown -> status(shown, "tour-1").equals("ASSIGNED"));

    await(
        tours.updateCollection(
            "tours",
            new JsonObject().put("_id", "tour-1"),
            set(
                new JsonObject()
                    .put("status", "SCHEDULED")
                    .put("realtorId", secondRealtor)
                    .put(
                        "schedule",
                        new JsonObject()
                            .put("start", "2030-05-01T14:00:00Z")
                            .put("end", "2030-05-01T15:00:00Z")
                            .put("stops", new JsonArray())),
                "tour.scheduled")));
    awaitShown(secondRealtor, "tours", shown -> status(shown, "tour-1").equals("SCHEDULED"));
    awaitShown(firstRealtor, "tours", List::isEmpty);

    List<JsonObject> customerTours = shown(customerId, "tours");
    assertThat(customerTours).hasSize(1);
    assertThat(customerTours.get(0).getString("status")).isEqualTo("SCHEDULED");
    assertThat(customerTours.get(0).getString("start")).isEqualTo("2030-05-01T14:00:00.000Z");
    String token = iam.token("cleo@example.com");
    assertThat(records(iam.get("/me", token).bodyAsJsonObject(), "tours"))
        .as("the customer's own account shows the tour too")
        .isEqualTo(customerTours);
  }

  @Test
  @DisplayName(
      "tour.*: the newest event wins whatever the order of delivery, a redelivered one changes"
          + " nothing, and a deleted tour is on nobody")
  void tourRecordsNewestWins() throws Exception {
    String customerId = iam.register("customer", "cass@example.com").getString("id");
    String firstRealtor = iam.register("realtor", "rudy@example.com").getString("id");
    String secondRealtor = iam.register("realtor", "rita@example.com").getString("id");
    RecordStore records = new RecordStore(iam.iamDb);
    TourEvents handler = new TourEvents(new AccountStore(iam.iamDb), records);
    Instant now = Instant.parse("2030-01-01T10:00:00Z");

    EventEnvelope scheduled =
        tourEvent("tour-2", customerId, secondRealtor, "SCHEDULED", now.plusSeconds(20));
    await(handler.handle(scheduled));
    List<JsonObject> afterScheduled = storedRecords("tourRecords");
    assertThat(afterScheduled)
        .extracting(record -> record.getString("accountId"))
        .containsExactlyInAnyOrder(customerId, secondRealtor);

    await(
        handler.handle(
            tourEvent("tour-2", customerId, firstRealtor, "ASSIGNED", now.plusSeconds(10))));
    assertThat(storedRecords("tourRecords"))
        .as("an older event, delivered late, neither overwrites nor gives the tour back")
        .isEqualTo(afterScheduled);

    await(handler.handle(scheduled));
    assertThat(storedRecords("tourRecords")).as("a redelivered event").isEqualTo(afterScheduled);
    JsonObject older =
        new JsonObject()
            .put("tourId", "tour-2")
            .put("status", "PENDING")
            .put("at", "2030-01-01T10:00:05.000Z");
    await(records.put(Kind.TOUR, customerId, older));
    assertThat(storedRecords("tourRecords"))
        .as("the write itself keeps the newer record")
        .isEqualTo(afterScheduled);

    await(
        handler.handle(
            tourEvent("tour-2", customerId, "no-such-account", "ASSIGNED", now.plusSeconds(25))));
    assertThat(storedRecords("tourRecords"))
        .as("a realtor that is no realtor's account gets no record")
        .extracting(record -> record.getString("accountId"))
        .containsExactly(customerId);

    List<Future<Void>> concurrent = new ArrayList<>();
    for (int second = 30; second < 40; second++) {
      String realtor = second % 2 == 0 ? firstRealtor : secondRealtor;
      concurrent.add(
          handler.handle(
              tourEvent("tour-3", customerId, realtor, "ASSIGNED", now.plusSeconds(second))));
    }
    await(Future.all(concurrent));
    assertThat(shown(customerId, "tours"))
        .extracting(record -> record.getString("tourId") + "@" + record.getString("at"))
        .as("concurrent deliveries: the newest of each tour, newest first")
        .containsExactly("tour-3@2030-01-01T10:00:39.000Z", "tour-2@2030-01-01T10:00:25.000Z");
    assertThat(shown(secondRealtor, "tours"))
        .extracting(record -> record.getString("tourId") + "@" + record.getString("at"))
        .as("the realtor of the newest event")
        .containsExactly("tour-3@2030-01-01T10:00:39.000Z");

    JsonObject gone = new JsonObject().put("_id", "tour-3");
    await(
        handler.handle(
            EventEnvelope.create(
                UUID.randomUUID().toString(),
                Streams.TOUR_TOURS,
                "tour.cancelled",
                "tour-3",
                now.plusSeconds(50),
                "delete",
                gone,
                null)));
    assertThat(storedRecords("tourRecords"))
        .extracting(record -> record.getString("tourId"))
        .containsExactly("tour-2");
  }

  @Test
  @DisplayName(
      "An account written with the old record arrays shows only the records of their collections")
  void oldRecordArraysAreNotShown() throws Exception {
    String customerId = iam.register("customer", "olga@example.com").getString("id");
    JsonArray old =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("tourId", "old-tour")
                    .put("status", "PENDING")
                    .put("at", "2020-01-01T00:00:00.000Z"));
    await(
        iam.iamDb.updateCollection(
            "accounts",
            new JsonObject().put("_id", customerId),
            new JsonObject()
                .put("$set", new JsonObject().put("tours", old).put("payments", new JsonArray()))));

    JsonObject shown = iam.get("/accounts/" + customerId, admin).bodyAsJsonObject();
    assertThat(shown.fieldNames()).doesNotContain("tours", "payments");

    TourEvents handler = new TourEvents(new AccountStore(iam.iamDb), new RecordStore(iam.iamDb));
    await(handler.handle(tourEvent("tour-4", customerId, null, "PENDING", Instant.now())));
    assertThat(shown(customerId, "tours"))
        .extracting(record -> record.getString("tourId"))
        .containsExactly("tour-4");
    assertThat(records(iam.get("/me", iam.token("olga@example.com")).bodyAsJsonObject(), "tours"))
        .extracting(record -> record.getString("tourId"))
        .containsExactly("tour-4");
  }

  private void awaitAccount(String id, Predicate<JsonObject> condition) throws Exception {
    until("account " + id + " to match", () -> iam.account(id), condition);
  }

  /** The records of {@code field} that the admin view of the account shows. */
  private List<JsonObject> shown(String accountId, String field) throws Exception {
    HttpResponse<Buffer> response = iam.get("/accounts/" + accountId, admin);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return records(response.bodyAsJsonObject(), field);
  }

  private void awaitShown(String id, String field, Predicate<List<JsonObject>> condition)
      throws Exception {
    until("the " + field + " of account " + id + " to match", () -> shown(id, field), condition);
  }

  private List<JsonObject> storedRecords(String collection) throws Exception {
    return await(
        iam.iamDb.findWithOptions(
            collection,
            new JsonObject(),
            new FindOptions().setSort(new JsonObject().put("_id", 1))));
  }

  /** A tour.* event as the dispatcher hands it over, stamped at {@code at}. */
  private static EventEnvelope tourEvent(
      String tourId, String customerId, String realtorId, String status, Instant at) {
    JsonObject data = tour(tourId, customerId).put("status", status);
    if (realtorId != null) {
      data.put("realtorId", realtorId);
    }
    data.put(
        "lastChange",
        new JsonObject()
            .put("type", "tour.assigned")
            .put("at", at.toString())
            .put("actor", "test"));
    return EventEnvelope.create(
        UUID.randomUUID().toString(),
        Streams.TOUR_TOURS,
        "tour.assigned",
        tourId,
        at,
        "update",
        data,
        null);
  }

  /**
   * Whether the account's listing summary holds exactly these ids, in any order, and their count.
   */
  private static boolean hasListings(JsonObject account, String... ids) {
    JsonObject listings = account.getJsonObject("listings", new JsonObject());
    JsonArray stored = listings.getJsonArray("ids", new JsonArray());
    return listings.getInteger("count", -1) == ids.length
        && stored.size() == ids.length
        && stored.getList().containsAll(List.of(ids));
  }

  private static List<JsonObject> records(JsonObject account, String field) {
    JsonArray records = account.getJsonArray(field, new JsonArray());
    return records.stream().map(JsonObject.class::cast).toList();
  }

  private static String status(List<JsonObject> records, String tourId) {
    return records.stream()
        .filter(record -> record.getString("tourId").equals(tourId))
        .map(record -> record.getString("status"))
        .findFirst()
        .orElse("");
  }

  private static JsonObject stamp(String type) {
    return new JsonObject()
        .put("type", type)
        .put("at", Instant.now().toString())
        .put("actor", "test");
  }

  private static JsonObject set(JsonObject fields, String type) {
    return new JsonObject().put("$set", fields.copy().put("lastChange", stamp(type)));
  }

  private static JsonObject listing(String id, String providerId, String type) {
    return new JsonObject()
        .put("_id", id)
        .put("providerId", providerId)
        .put("title", "Loft " + id)
        .put("description", "Bright loft")
        .put("type", "apartment")
        .put("offer", "rent")
        .put("price", new JsonObject().put("amount", 2500.0).put("currency", "USD"))
        .put(
            "location",
            new JsonObject()
                .put("lat", 40.73)
                .put("lon", -73.99)
                .put(
                    "address",
                    new JsonObject()
                        .put("street", "1 Bleecker St")
                        .put("city", "New York")
                        .put("state", "NY")
                        .put("country", "US")
                        .put("postcode", "10012")))
        .put(
            "geo",
            new JsonObject()
                .put("type", "Point")
                .put("coordinates", new JsonArray().add(-73.99).add(40.73)))
        .put("visible", true)
        .put("createdAt", Instant.now().toString())
        .put("updatedAt", Instant.now().toString())
        .put("lastChange", stamp(type));
  }

  private static JsonObject payment(String id, String customerId, String status, String type) {
    JsonObject fee = new JsonObject().put("amount", 25.0).put("currency", "USD");
    return new JsonObject()
        .put("_id", id)
        .put("idempotencyKey", "key-" + id)
        .put("customerId", customerId)
        .put(
            "items",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listingId", "listing-1")
                        .put("title", "Loft")
                        .put("tourFee", fee)
                        .put("location", new JsonObject().put("lat", 40.73).put("lon", -73.99))))
        .put("amount", fee)
        .put(
            "preferredTimes",
            new JsonArray().add(new JsonObject().put("start", "2030-05-01T14:00:00Z")))
        .put("gateway", "simulated")
        .put("status", status)
        .put("createdAt", Instant.now().toString())
        .put("lastChange", stamp(type));
  }

  private static JsonObject tour(String id, String customerId) {
    JsonObject location = new JsonObject().put("lat", 40.73).put("lon", -73.99);
    return new JsonObject()
        .put("_id", id)
        .put("paymentId", "pay-" + id)
        .put("customerId", customerId)
        .put(
            "listings",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listingId", "listing-1")
                        .put("title", "Loft")
                        .put("location", location)))
        .put(
            "itinerary",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listingId", "listing-1")
                        .put("order", 1)
                        .put("location", location)
                        .put("legKm", 0.0)))
        .put("location", location)
        .put(
            "preferredTimes",
            new JsonArray().add(new JsonObject().put("start", "2030-05-01T14:00:00Z")))
        .put("status", "PENDING")
        .put("createdAt", Instant.now().toString())
        .put("lastChange", stamp("tour.created"));
  }
}

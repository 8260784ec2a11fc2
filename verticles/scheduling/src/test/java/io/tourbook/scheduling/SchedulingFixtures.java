package io.tourbook.scheduling;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.testsupport.ProcessedRecords;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The producers scheduling consumes (iam accounts, tours), played by writing their documents with
 * the lastChange stamp; and readers of what scheduling wrote and mailed.
 */
final class SchedulingFixtures {

  static final JsonObject ADDRESS_A =
      new JsonObject()
          .put("street", "12 Main St")
          .put("city", "Springfield")
          .put("state", "IL")
          .put("country", "US")
          .put("postcode", "62701");
  static final JsonObject ADDRESS_B =
      new JsonObject().put("street", "5 Elm Rd").put("city", "Springfield").put("country", "US");

  /** One received e-mail. */
  /**
   * A received mail.
   *
   * @param calendar the text of its text/calendar part, or null when it has none
   */
  record Mail(String to, String subject, String body, String calendar) {}

  final MongoClient accounts;
  final MongoClient tours;
  final MongoClient scheduling;
  final MongoClient assignments;

  SchedulingFixtures(Vertx vertx, JsonObject config) {
    this.accounts = TestNode.database(vertx, config, "iam");
    this.tours = TestNode.database(vertx, config, "tour");
    this.scheduling = TestNode.database(vertx, config, "scheduling");
    this.assignments = TestNode.database(vertx, config, "assignment");
  }

  Future<Void> close() {
    return Future.all(accounts.close(), tours.close(), scheduling.close(), assignments.close())
        .mapEmpty();
  }

  Future<Void> account(String id, String role) {
    return accounts
        .insert(
            "accounts",
            new JsonObject()
                .put("_id", id)
                .put("email", email(id))
                .put("name", "Name of " + id)
                .put("role", role)
                .put("status", "active")
                .put("verified", true)
                .put("createdAt", Instant.now().toString())
                .put("lastChange", stamp(EventTypes.IAM_ACCOUNT_CREATED)))
        .mapEmpty();
  }

  static String email(String accountId) {
    return accountId + "@example.com";
  }

  /**
   * An ASSIGNED tour of two listings 3 km apart, as tour writes it, booked by assignment at its
   * first preferred start for the 81 minutes it lasts (30 min at A, 6 min for 3 km at 30 km/h, 30
   * min at B, 15 min wrap-up). Its stops carry their addresses: A's on its listing and its
   * itinerary stop, B's only on its listing.
   */
  static JsonObject tour(String tourId, String realtorId, String... preferredStarts) {
    JsonArray preferred = new JsonArray();
    for (String start : preferredStarts) {
      preferred.add(new JsonObject().put("start", start));
    }
    Instant booked = Instant.parse(preferredStarts[0]);
    JsonObject a = new JsonObject().put("lat", 40.0).put("lon", -74.0);
    JsonObject b = new JsonObject().put("lat", 40.027).put("lon", -74.0);
    return new JsonObject()
        .put("_id", tourId)
        .put("paymentId", "payment-" + tourId)
        .put("customerId", "customer-1")
        .put(
            "listings",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listingId", "listing-a")
                        .put("providerId", "provider-1")
                        .put("title", "Flat A")
                        .put("address", ADDRESS_A)
                        .put("location", a))
                .add(
                    new JsonObject()
                        .put("listingId", "listing-b")
                        .put("providerId", "provider-2")
                        .put("title", "Loft B")
                        .put("address", ADDRESS_B)
                        .put("location", b)))
        .put(
            "itinerary",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listingId", "listing-a")
                        .put("title", "Flat A")
                        .put("address", ADDRESS_A)
                        .put("order", 1)
                        .put("location", a)
                        .put("legKm", 0.0))
                .add(
                    new JsonObject()
                        .put("listingId", "listing-b")
                        .put("order", 2)
                        .put("location", b)
                        .put("legKm", 3.0)))
        .put("location", new JsonObject().put("lat", 40.0135).put("lon", -74.0))
        .put("preferredTimes", preferred)
        .put("slot", slot(booked))
        .put("preferencesVersion", 0)
        .put("status", "ASSIGNED")
        .put("realtorId", realtorId)
        .put("assignmentId", "assignment-" + tourId)
        .put("createdAt", Instant.now().toString())
        .put("lastChange", stamp(EventTypes.TOUR_ASSIGNED));
  }

  Future<Void> insertTour(JsonObject tour) {
    return tours.insert("tours", tour).mapEmpty();
  }

  Future<Void> updateTour(String tourId, JsonObject set, String type) {
    return tours
        .updateCollection(
            "tours",
            new JsonObject().put("_id", tourId),
            new JsonObject().put("$set", set.copy().put("lastChange", stamp(type))))
        .mapEmpty();
  }

  /**
   * The tour's waiting record as assignment writes it: nobody could take it since {@code since}.
   */
  Future<Void> recordWaiting(String tourId, String since) {
    return assignments
        .save(
            "assignments",
            new JsonObject()
                .put("_id", "waiting-" + tourId)
                .put("tourId", tourId)
                .put("customerId", "customer-1")
                .put("status", "waiting")
                .put("since", since)
                .put("cancelAt", Instant.parse(since).plus(Duration.ofDays(1)).toString())
                .put("createdAt", since)
                .put("lastChange", stamp(EventTypes.ASSIGNMENT_WAITING)))
        .mapEmpty();
  }

  Future<JsonObject> scheduleOf(String tourId) {
    return scheduling.findOne("schedules", new JsonObject().put("tourId", tourId), null);
  }

  Future<List<JsonObject>> schedulesOf(String realtorId) {
    return scheduling.find("schedules", new JsonObject().put("realtorId", realtorId));
  }

  Future<Long> contacts() {
    return scheduling.count("contacts", new JsonObject());
  }

  /** The 81-minute slot of {@link #tour} from {@code start}. */
  static JsonObject slot(Instant start) {
    return new JsonObject()
        .put("start", start.toString())
        .put("end", start.plus(Duration.ofMinutes(81)).toString());
  }

  /** How many events of {@code subject} group scheduling has handled. */
  Future<Long> processed(String subject) {
    return ProcessedRecords.count(scheduling, new JsonObject().put("subject", subject));
  }

  static List<Mail> mails() {
    GreenMail greenMail = TestBackingServices.get().mail().orElseThrow();
    List<Mail> mails = new ArrayList<>();
    for (MimeMessage message : greenMail.getReceivedMessages()) {
      try {
        String to =
            ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        mails.add(
            new Mail(to, message.getSubject(), GreenMailUtil.getBody(message), calendar(message)));
      } catch (MessagingException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return mails;
  }

  private static String calendar(MimeMessage message) throws MessagingException, IOException {
    if (message.getContent() instanceof Multipart parts) {
      for (int i = 0; i < parts.getCount(); i++) {
        BodyPart part = parts.getBodyPart(i);
        if (part.getContentType().toLowerCase(java.util.Locale.ROOT).startsWith("text/calendar")) {
          return new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  static JsonObject stamp(String type) {
    return new JsonObject()
        .put("type", type)
        .put("at", Instant.now().toString())
        .put("actor", "system");
  }
}

package io.tourbook.bench;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import io.tourbook.bridge.BridgeFixtures;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Streams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.bson.Document;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What must hold after a chaos run, checked against the databases: a list of named checks, each
 * giving a verdict and a line of detail, so that more can be added without touching the driver.
 */
final class Invariants {

  /** The verdict of one check. */
  record Outcome(boolean passed, String detail) {
    static Outcome pass(String detail) {
      return new Outcome(true, detail);
    }

    static Outcome fail(String detail) {
      return new Outcome(false, detail);
    }
  }

  /** A named invariant. */
  record Check(String name, Supplier<Outcome> verdict) {}

  /** A realtor's booked time for one tour. */
  record Interval(String realtorId, String tourId, Instant start, Instant end) {}

  static final Set<String> FINAL_TOUR_STATES = Set.of("SCHEDULED", "COMPLETED", "CANCELLED");
  private static final int SHOWN = 5;

  private Invariants() {}

  /**
   * The standard checks.
   *
   * @param paymentOfCustomer the payment id of every checkout the driver saw succeed
   * @param subscriptions the admin's subscription statuses (GET /api/v1/events/subscriptions)
   * @param deployedGroups the consumer groups some node runs; other groups' subscriptions are
   *     reported, not judged
   * @param buffer the least time between two tours of one realtor
   *     (scheduling.min-travel-buffer-minutes; all chaos listings are at one place)
   */
  static List<Check> standard(
      MongoClient mongo,
      Map<String, String> paymentOfCustomer,
      Supplier<JsonArray> subscriptions,
      Set<String> deployedGroups,
      Duration buffer) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        new Check(
            "every successful checkout has exactly one payment and one tour",
            () -> paymentsAndTours(mongo, paymentOfCustomer)));
    checks.add(
        new Check(
            "no realtor holds two intervals that overlap (with the buffer)",
            () -> noOverlaps(mongo, buffer)));
    checks.add(
        new Check(
            "every tour ends SCHEDULED, COMPLETED or CANCELLED (with a reason)",
            () -> toursSettled(mongo)));
    checks.add(
        new Check(
            "every change-stream event reached every subscribed group",
            () -> delivered(subscriptions.get(), deployedGroups)));
    checks.add(new Check("dead letters empty or explained", () -> deadLetters(mongo)));
    checks.add(
        new Check(
            "cancelled tours refunded exactly once, no tour charged twice", () -> money(mongo)));
    return checks;
  }

  /**
   * Every cancelled tour's payment holds exactly one succeeded refund for it, which the simulated
   * gateway made exactly once (none for a refund of 0); the gateway made no other refund; and no
   * customer has two successful charges (each chaos customer checks out one cart once).
   */
  static Outcome money(MongoClient mongo) {
    List<JsonObject> tours = json(mongo, "tour", "tours");
    List<JsonObject> payments = json(mongo, "payment", "payments");
    List<JsonObject> gatewayRefunds = json(mongo, "payment", "simulated_refunds");
    List<String> problems = moneyProblems(tours, payments, gatewayRefunds);
    long cancelled =
        tours.stream().filter(tour -> "CANCELLED".equals(tour.getString("status"))).count();
    String detail = cancelled + " cancelled tours, " + gatewayRefunds.size() + " gateway refunds";
    return problems.isEmpty()
        ? Outcome.pass(detail)
        : Outcome.fail(problems.size() + " problems: " + first(problems) + "; " + detail);
  }

  static List<String> moneyProblems(
      List<JsonObject> tours, List<JsonObject> payments, List<JsonObject> gatewayRefunds) {
    Map<String, JsonObject> paymentById = new HashMap<>();
    payments.forEach(payment -> paymentById.put(payment.getString("_id"), payment));
    Map<String, Long> madeFor =
        gatewayRefunds.stream()
            .collect(
                Collectors.groupingBy(
                    refund -> String.valueOf(refund.getString("paymentId")),
                    Collectors.counting()));
    List<String> problems = new ArrayList<>();
    Set<String> refundable = new HashSet<>();
    for (JsonObject tour : tours) {
      if (!"CANCELLED".equals(tour.getString("status"))) {
        continue;
      }
      String tourId = tour.getString("_id");
      String paymentId = tour.getString("paymentId");
      refundable.add(paymentId);
      JsonObject payment = paymentById.get(paymentId);
      if (payment == null) {
        problems.add("cancelled tour " + tourId + " has no payment " + paymentId);
        continue;
      }
      List<JsonObject> refunds =
          payment.getJsonArray("refunds", new JsonArray()).stream()
              .map(JsonObject.class::cast)
              .filter(refund -> tourId.equals(refund.getString("tourId")))
              .toList();
      if (refunds.size() != 1 || !"succeeded".equals(refunds.get(0).getString("status"))) {
        problems.add("cancelled tour " + tourId + " has refunds " + refunds);
        continue;
      }
      double amount = refunds.get(0).getJsonObject("amount").getDouble("amount");
      long expected = amount > 0 ? 1 : 0;
      long made = madeFor.getOrDefault(paymentId, 0L);
      if (made != expected) {
        problems.add(
            "cancelled tour " + tourId + ": " + made + " gateway refunds, expected " + expected);
      }
    }
    madeFor.forEach(
        (paymentId, made) -> {
          if (!refundable.contains(paymentId)) {
            problems.add("payment " + paymentId + " refunded without a cancelled tour");
          }
        });
    Map<String, Long> charged =
        payments.stream()
            .filter(
                payment ->
                    Set.of("succeeded", "refunded", "partially_refunded")
                        .contains(payment.getString("status")))
            .collect(
                Collectors.groupingBy(
                    payment -> String.valueOf(payment.getString("customerId")),
                    Collectors.counting()));
    charged.forEach(
        (customer, count) -> {
          if (count > 1) {
            problems.add("customer " + customer + " was charged " + count + " times");
          }
        });
    return problems;
  }

  private static List<JsonObject> json(MongoClient mongo, String database, String collection) {
    return Sync.all(mongo.getDatabase(database).getCollection(collection).find()).stream()
        .map(doc -> new JsonObject(doc.toJson()))
        .toList();
  }

  /**
   * The bridge's check: every event a group with processed records handled is in its stream's
   * queue. (The bridge keeps none: that it forwarded every event follows from its subscriptions
   * reaching the end of their streams, which it acks only once SQS accepted, with no dead letter.)
   * It drains the queues, so it runs once, last.
   */
  static Check bridged(MongoClient mongo, SqsAsyncClient sqs, Set<String> deployedGroups) {
    return new Check(
        "the bridge's queues hold every event",
        () -> queuesHoldEveryEvent(mongo, sqs, deployedGroups));
  }

  static Outcome queuesHoldEveryEvent(
      MongoClient mongo, SqsAsyncClient sqs, Set<String> deployedGroups) {
    Map<StreamId, Set<String>> handled = new HashMap<>();
    // For a missing event: which groups handled it, as what type, for which subject.
    Map<String, List<String>> handledBy = new HashMap<>();
    for (String group : deployedGroups) {
      for (Document record : Sync.all(mongo.getDatabase(group).getCollection("processed").find())) {
        for (Document event : record.getList("events", Document.class)) {
          StreamId stream = EventTypes.streamOf(event.getString("type"));
          String id = event.getString("id");
          handled.computeIfAbsent(stream, s -> new HashSet<>()).add(id);
          handledBy
              .computeIfAbsent(id, i -> new ArrayList<>())
              .add(group + " as " + event.getString("type") + " of " + event.getString("subject"));
        }
      }
    }
    List<String> missing = new ArrayList<>();
    int queued = 0;
    int repeats = 0;
    for (StreamId stream : Streams.ALL) {
      Set<String> expected = handled.getOrDefault(stream, Set.of());
      String queue = "tourbook-" + stream.service() + "-" + stream.collection() + ".fifo";
      List<Message> messages;
      try {
        messages = BridgeFixtures.drain(sqs, queue, expected.size(), 120);
      } catch (Exception e) {
        return Outcome.fail("cannot read " + queue + ": " + e.getMessage());
      }
      Set<String> ids = new HashSet<>();
      for (Message message : messages) {
        if (!ids.add(new JsonObject(message.body()).getString("id"))) {
          repeats++;
        }
      }
      queued += ids.size();
      expected.stream()
          .filter(id -> !ids.contains(id))
          .forEach(
              id -> missing.add(stream.name() + " event " + id + " (" + handledBy.get(id) + ")"));
    }
    int checked = handled.values().stream().mapToInt(Set::size).sum();
    String detail =
        queued
            + " distinct events in the six queues ("
            + repeats
            + " repeats), every one of the "
            + checked
            + " that groups recorded among them";
    return missing.isEmpty()
        ? Outcome.pass(detail)
        : Outcome.fail(
            missing.size() + " handled events not in a queue: " + first(missing) + "; " + detail);
  }

  static Outcome paymentsAndTours(MongoClient mongo, Map<String, String> paymentOfCustomer) {
    Map<String, List<Document>> payments =
        Sync.all(mongo.getDatabase("payment").getCollection("payments").find()).stream()
            .collect(Collectors.groupingBy(payment -> payment.getString("customerId")));
    Map<String, Long> tours =
        Sync.all(mongo.getDatabase("tour").getCollection("tours").find()).stream()
            .collect(
                Collectors.groupingBy(tour -> tour.getString("paymentId"), Collectors.counting()));
    List<String> problems = new ArrayList<>();
    paymentOfCustomer.forEach(
        (customer, paymentId) -> {
          List<Document> own = payments.getOrDefault(customer, List.of());
          if (own.size() != 1 || !paymentId.equals(own.get(0).getString("_id"))) {
            problems.add(customer + " has " + own.size() + " payments");
          }
          long count = tours.getOrDefault(paymentId, 0L);
          if (count != 1) {
            problems.add("payment " + paymentId + " has " + count + " tours");
          }
        });
    return problems.isEmpty()
        ? Outcome.pass(
            paymentOfCustomer.size()
                + " checkouts, "
                + payments.values().stream().mapToInt(List::size).sum()
                + " payments, "
                + tours.values().stream().mapToLong(Long::longValue).sum()
                + " tours")
        : Outcome.fail(problems.size() + " problems: " + first(problems));
  }

  /**
   * Per realtor, the intervals of scheduling's live schedules and, separately, the slots of
   * assignment's active assignments keep the buffer between them.
   */
  static Outcome noOverlaps(MongoClient mongo, Duration buffer) {
    List<JsonObject> schedules = json(mongo, "scheduling", "schedules");
    List<JsonObject> active =
        Sync.all(
                mongo
                    .getDatabase("assignment")
                    .getCollection("assignments")
                    .find(Filters.eq("status", "active")))
            .stream()
            .map(doc -> new JsonObject(doc.toJson()))
            .toList();
    List<Interval> scheduled = scheduled(schedules);
    List<Interval> assigned = assigned(active);
    List<String> problems = new ArrayList<>(overlaps("schedules", scheduled, buffer));
    problems.addAll(overlaps("assignments", assigned, buffer));
    String detail =
        String.format(
            Locale.ROOT,
            "%d live schedules, %d active assignments, %d realtors booked, buffer %d min",
            scheduled.size(),
            assigned.size(),
            scheduled.stream().map(Interval::realtorId).distinct().count(),
            buffer.toMinutes());
    return problems.isEmpty()
        ? Outcome.pass(detail)
        : Outcome.fail(problems.size() + " problems: " + first(problems) + "; " + detail);
  }

  /** The intervals of the schedules that are not cancelled (a cancelled one holds no time). */
  static List<Interval> scheduled(List<JsonObject> schedules) {
    return schedules.stream()
        .filter(schedule -> !"cancelled".equalsIgnoreCase(schedule.getString("status")))
        .map(
            schedule ->
                new Interval(
                    schedule.getString("realtorId"),
                    schedule.getString("tourId"),
                    Instant.parse(schedule.getString("start")),
                    Instant.parse(schedule.getString("end"))))
        .toList();
  }

  /** The slots of the active assignments that hold one. */
  static List<Interval> assigned(List<JsonObject> assignments) {
    return assignments.stream()
        .filter(assignment -> "active".equals(assignment.getString("status")))
        .filter(assignment -> assignment.getValue("slot") instanceof JsonObject)
        .map(
            assignment ->
                new Interval(
                    assignment.getString("realtorId"),
                    assignment.getString("tourId"),
                    Instant.parse(assignment.getJsonObject("slot").getString("start")),
                    Instant.parse(assignment.getJsonObject("slot").getString("end"))))
        .toList();
  }

  /**
   * Per realtor, sorted by start: each interval starting before the previous one's end plus the
   * buffer, named with {@code source}.
   */
  static List<String> overlaps(String source, List<Interval> intervals, Duration buffer) {
    Map<String, List<Interval>> byRealtor =
        intervals.stream().collect(Collectors.groupingBy(Interval::realtorId));
    List<String> problems = new ArrayList<>();
    byRealtor.forEach(
        (realtor, own) -> {
          List<Interval> sorted =
              own.stream().sorted(Comparator.comparing(Interval::start)).toList();
          for (int i = 1; i < sorted.size(); i++) {
            Interval previous = sorted.get(i - 1);
            Interval next = sorted.get(i);
            if (next.start().isBefore(previous.end().plus(buffer))) {
              problems.add(
                  String.format(
                      Locale.ROOT,
                      "%s of realtor %s: tour %s (%s-%s) and tour %s (%s-%s) less than %d min apart",
                      source,
                      realtor,
                      previous.tourId(),
                      previous.start(),
                      previous.end(),
                      next.tourId(),
                      next.start(),
                      next.end(),
                      buffer.toMinutes()));
            }
          }
        });
    return problems;
  }

  static Outcome toursSettled(MongoClient mongo) {
    List<JsonObject> tours = json(mongo, "tour", "tours");
    List<String> problems = unsettled(tours);
    String detail =
        countBy(tours, "status")
            + ", cancel reasons "
            + countBy(
                tours.stream()
                    .filter(tour -> "CANCELLED".equals(tour.getString("status")))
                    .toList(),
                "cancelReason");
    return problems.isEmpty()
        ? Outcome.pass(detail)
        : Outcome.fail(problems.size() + " problems: " + first(problems) + "; " + detail);
  }

  private static Map<String, Long> countBy(List<JsonObject> documents, String field) {
    return documents.stream()
        .collect(
            Collectors.groupingBy(
                document -> String.valueOf(document.getString(field)),
                java.util.TreeMap::new,
                Collectors.counting()));
  }

  /** Tours not in a final state, and cancelled tours without a {@code cancelReason}. */
  static List<String> unsettled(List<JsonObject> tours) {
    List<String> problems = new ArrayList<>();
    for (JsonObject tour : tours) {
      String status = tour.getString("status");
      if (status == null || !FINAL_TOUR_STATES.contains(status)) {
        problems.add("tour " + tour.getString("_id") + " is " + status);
      } else if ("CANCELLED".equals(status)) {
        String reason = tour.getString("cancelReason");
        if (reason == null || reason.isBlank()) {
          problems.add("tour " + tour.getString("_id") + " was cancelled without a reason");
        }
      }
    }
    return problems;
  }

  static Map<String, Long> tourStatuses(MongoClient mongo) {
    return Sync.all(mongo.getDatabase("tour").getCollection("tours").find()).stream()
        .collect(
            Collectors.groupingBy(
                tour -> String.valueOf(tour.getString("status")),
                java.util.TreeMap::new,
                Collectors.counting()));
  }

  static Outcome delivered(JsonArray subscriptions, Set<String> deployedGroups) {
    List<String> behind = new ArrayList<>();
    List<String> notDeployed = new ArrayList<>();
    int judged = 0;
    for (Object item : subscriptions) {
      JsonObject status = (JsonObject) item;
      String id = status.getString("subscription");
      if (!deployedGroups.contains(status.getString("group"))) {
        notDeployed.add(id);
        continue;
      }
      judged++;
      Long pending = status.getLong("pendingChanges");
      if (pending == null || pending > 0) {
        behind.add(id + " (" + pending + " pending)");
      }
    }
    String skipped = notDeployed.isEmpty() ? "" : "; not deployed, not judged: " + notDeployed;
    return behind.isEmpty()
        ? Outcome.pass(judged + " subscriptions at the end of their streams" + skipped)
        : Outcome.fail(behind.size() + " behind: " + first(behind) + skipped);
  }

  /**
   * Parked events are explained when the group's processed record shows that an earlier attempt did
   * handle the event (it was parked after retries that found it still in progress).
   */
  static Outcome deadLetters(MongoClient mongo) {
    List<Document> letters =
        Sync.all(
            mongo
                .getDatabase("events")
                .getCollection("deadletters")
                .find(Filters.eq("status", "parked")));
    List<String> unexplained = new ArrayList<>();
    int explained = 0;
    for (Document letter : letters) {
      boolean handled =
          !Sync.all(
                  mongo
                      .getDatabase(letter.getString("group"))
                      .getCollection("processed")
                      .find(Filters.eq("events.id", letter.getString("eventId")))
                      .first())
              .isEmpty();
      if (handled) {
        explained++;
      } else {
        unexplained.add(
            letter.getString("subscription")
                + " "
                + letter.getString("type")
                + " "
                + letter.getString("subject")
                + ": "
                + letter.getString("lastError"));
      }
    }
    String detail =
        letters.size() + " parked, " + explained + " explained (handled by an earlier attempt)";
    return unexplained.isEmpty()
        ? Outcome.pass(detail)
        : Outcome.fail(detail + "; unexplained: " + first(unexplained));
  }

  private static String first(List<String> problems) {
    return String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())))
        + (problems.size() > SHOWN ? "; ..." : "");
  }
}

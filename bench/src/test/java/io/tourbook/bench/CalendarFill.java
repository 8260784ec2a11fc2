package io.tourbook.bench;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * How well the calendars meet the customers' preferred times: requests whose preferred times are
 * spread over a few business days, booked with few realtors. Once every tour is SCHEDULED or waits
 * on assignment's waiting list, each tour is placed at a requested time (its slot starts at an
 * exact preferred start, or lies inside a preferred window), at another time, or left waiting
 * (PENDING).
 */
final class CalendarFill {

  /** Where a tour ended up. */
  enum Placement {
    REQUESTED,
    OTHER,
    WAITING
  }

  /** The figure. */
  record Result(
      int requests,
      int realtors,
      int businessDays,
      int atRequestedTime,
      int atOtherTime,
      int waiting) {

    /** Requests whose tour was neither placed nor waiting by the deadline. */
    int notPlaced() {
      return requests - atRequestedTime - atOtherTime - waiting;
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("requests", requests)
          .put("realtors", realtors)
          .put("businessDays", businessDays)
          .put("atRequestedTime", atRequestedTime)
          .put("atOtherTime", atOtherTime)
          .put("waiting", waiting)
          .put("notPlaced", notPlaced());
    }
  }

  private CalendarFill() {}

  /**
   * Reads the tours of the paid checkouts until each is SCHEDULED or PENDING on the waiting list
   * (or {@code deadline}, System.nanoTime()), and places them; a tour neither placed nor waiting by
   * then counts as not placed.
   */
  static Result measure(
      MongoClient mongo,
      Set<String> paymentIds,
      int requests,
      int realtors,
      int businessDays,
      long deadline) {
    MongoCollection<Document> tours = mongo.getDatabase("tour").getCollection("tours");
    MongoCollection<Document> waitingList =
        mongo.getDatabase("assignment").getCollection("waiting");
    var ofRun = Filters.in("paymentId", paymentIds);
    while (System.nanoTime() < deadline) {
      long scheduled =
          Sync.all(tours.countDocuments(Filters.and(ofRun, Filters.eq("status", "SCHEDULED"))))
              .get(0);
      if (scheduled + onWaitingList(tours, waitingList, ofRun).size() == paymentIds.size()) {
        break;
      }
      Sync.pause(500);
    }
    Set<String> waiting = onWaitingList(tours, waitingList, ofRun);
    int[] counts = new int[Placement.values().length];
    for (Document tour : Sync.all(tours.find(ofRun))) {
      Placement placement = placement(new JsonObject(tour.toJson()), waiting);
      if (placement != null) {
        counts[placement.ordinal()]++;
      }
    }
    return new Result(
        requests,
        realtors,
        businessDays,
        counts[Placement.REQUESTED.ordinal()],
        counts[Placement.OTHER.ordinal()],
        counts[Placement.WAITING.ordinal()]);
  }

  /** The PENDING tours of the run that are on assignment's waiting list. */
  private static Set<String> onWaitingList(
      MongoCollection<Document> tours, MongoCollection<Document> waitingList, Bson ofRun) {
    List<String> pending =
        Sync.all(
                tours
                    .find(Filters.and(ofRun, Filters.eq("status", "PENDING")))
                    .projection(Projections.include("_id")))
            .stream()
            .map(tour -> tour.getString("_id"))
            .toList();
    if (pending.isEmpty()) {
      return Set.of();
    }
    return Sync.all(
            waitingList.find(Filters.in("_id", pending)).projection(Projections.include("_id")))
        .stream()
        .map(entry -> entry.getString("_id"))
        .collect(Collectors.toSet());
  }

  /**
   * Where the tour ended up: waiting when PENDING on the waiting list, else by its slot; null for a
   * tour neither waiting nor holding a slot (not yet through the pipeline, or cancelled).
   */
  static Placement placement(JsonObject tour, Set<String> waitingList) {
    if ("PENDING".equals(tour.getString("status"))) {
      return waitingList.contains(tour.getString("_id")) ? Placement.WAITING : null;
    }
    if (!(tour.getValue("slot") instanceof JsonObject slot)) {
      return null;
    }
    Instant start = Instant.parse(slot.getString("start"));
    Instant end = Instant.parse(slot.getString("end"));
    for (Object item : tour.getJsonArray("preferredTimes", new JsonArray())) {
      JsonObject time = (JsonObject) item;
      Instant from = Instant.parse(time.getString("start"));
      boolean requested =
          time.getString("end") == null
              ? start.equals(from)
              : !start.isBefore(from) && !end.isAfter(Instant.parse(time.getString("end")));
      if (requested) {
        return Placement.REQUESTED;
      }
    }
    return Placement.OTHER;
  }
}

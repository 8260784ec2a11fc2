package io.tourbook.platform.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A group's effect that shows what delivery did, kept in MongoDB so that it outlives a killed node.
 * Per subject: the ids of the events delivered, the sequence numbers their data carried in the
 * order delivered, which node handled each delivery, and the latest sequence number (the effect
 * itself, idempotent). Events carry their document as it is when read, so a subject's sequence
 * numbers may repeat or skip, but delivered in order they never go down.
 */
final class OrderedEffects {

  static final String COLLECTION = "effects";

  private final MongoClient listings;
  private final String node;

  OrderedEffects(Vertx vertx, JsonObject config, String node) {
    this.listings = EventFixtures.listingDatabase(vertx, config);
    this.node = node;
  }

  Future<Void> apply(EventEnvelope event) {
    int seq = EventFixtures.seq(event);
    JsonObject update =
        new JsonObject()
            .put("$max", new JsonObject().put("last", seq))
            .put("$addToSet", new JsonObject().put("ids", event.id()))
            .put("$push", new JsonObject().put("seqs", seq).put("nodes", node));
    return listings
        .updateCollectionWithOptions(
            COLLECTION,
            new JsonObject().put("_id", event.subject()),
            update,
            new UpdateOptions().setUpsert(true))
        .mapEmpty();
  }

  /** Every subject's effect document. */
  static Future<Map<String, JsonObject>> read(MongoClient listings) {
    return listings
        .find(COLLECTION, new JsonObject())
        .map(
            docs -> {
              Map<String, JsonObject> bySubject = new TreeMap<>();
              docs.forEach(doc -> bySubject.put(doc.getString("_id"), doc));
              return bySubject;
            });
  }

  /** How many deliveries the node handled. */
  static long handledBy(Map<String, JsonObject> effects, String node) {
    return effects.values().stream()
        .flatMap(doc -> doc.getJsonArray("nodes").stream())
        .filter(node::equals)
        .count();
  }

  /** The sequence numbers a subject's deliveries carried, in the order delivered. */
  static List<Integer> seqs(JsonObject effect) {
    return effect.getJsonArray("seqs").stream().map(seq -> ((Number) seq).intValue()).toList();
  }
}

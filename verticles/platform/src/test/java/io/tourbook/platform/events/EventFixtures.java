package io.tourbook.platform.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventSchemas;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A test producer on the listing stream and consumer groups defined by the tests. */
public final class EventFixtures {

  public static final EventSchemas SCHEMAS = EventSchemas.load();

  private EventFixtures() {}

  public static Subscription listingSubscription(String group) {
    return new Subscription(Streams.LISTING_LISTINGS, group, List.of("listing.*"));
  }

  public static MongoClient listingDatabase(Vertx vertx, JsonObject config) {
    return TestNode.database(vertx, config, "listing");
  }

  /**
   * The test backing services' config, cleaned, for nodes that deliver with short retries and
   * rebalance every 200 ms, clustered on loopback as {@code name} with members on {@code port} and
   * the next port.
   */
  public static JsonObject twoNodeClusterConfig(String name, int port) {
    return TestNode.freshConfig(
            config ->
                config
                    .getJsonObject("events")
                    .put("backoff-initial-ms", 10)
                    .put("backoff-max-ms", 100)
                    .put("rebalance-ms", 200)
                    .put("request-timeout-ms", 5000))
        .put(
            "cluster",
            new JsonObject()
                .put("name", name + "-" + UUID.randomUUID())
                .put("host", "127.0.0.1")
                .put(
                    "members",
                    new JsonArray().add("127.0.0.1:" + port).add("127.0.0.1:" + (port + 1)))
                .put("port", port));
  }

  public static JsonObject listing(String id, int seq) {
    return new JsonObject()
        .put("_id", id)
        .put("providerId", "provider-1")
        .put("title", "Flat " + id)
        .put("description", "A test listing")
        .put("type", "apartment")
        .put("offer", "rent")
        .put("price", new JsonObject().put("amount", 1200).put("currency", "EUR"))
        .put(
            "location",
            new JsonObject()
                .put("lat", 52.52)
                .put("lon", 13.40)
                .put(
                    "address",
                    new JsonObject()
                        .put("street", "1 Main St")
                        .put("city", "Berlin")
                        .put("country", "DE")))
        .put("seq", seq)
        .put("lastChange", stamp("listing.created"));
  }

  public static JsonObject stamp(String type) {
    return new JsonObject()
        .put("type", type)
        .put("at", Instant.now().toString())
        .put("actor", "provider-1");
  }

  /** Inserts each subject, then updates it until it has {@code writesPerSubject} writes. */
  public static Future<Void> writeSubjects(
      MongoClient listings, int subjects, int writesPerSubject) {
    Future<Void> chain = Future.succeededFuture();
    for (int seq = 0; seq < writesPerSubject; seq++) {
      int current = seq;
      for (int s = 0; s < subjects; s++) {
        String id = "listing-" + s;
        chain = chain.compose(v -> write(listings, id, current));
      }
    }
    return chain;
  }

  /**
   * Like {@link #writeSubjects}, with the subjects written side by side: each subject's writes are
   * still in order, one after the other.
   */
  public static Future<Void> writeSubjectsSideBySide(
      MongoClient listings, int subjects, int writesPerSubject) {
    List<Future<Void>> chains = new ArrayList<>();
    for (int s = 0; s < subjects; s++) {
      String id = "listing-" + s;
      Future<Void> chain = Future.succeededFuture();
      for (int seq = 0; seq < writesPerSubject; seq++) {
        int current = seq;
        chain = chain.compose(v -> write(listings, id, current));
      }
      chains.add(chain);
    }
    return Future.all(chains).mapEmpty();
  }

  public static Future<Void> write(MongoClient listings, String id, int seq) {
    if (seq == 0) {
      return listings.insert("listings", listing(id, 0)).mapEmpty();
    }
    return listings
        .updateCollection(
            "listings",
            new JsonObject().put("_id", id),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject().put("seq", seq).put("lastChange", stamp("listing.updated"))))
        .mapEmpty();
  }

  public static int seq(EventEnvelope event) {
    return event.data().getInteger("seq");
  }

  /** A consumer group's verticle: undeploying it stops its consumer and its dispatcher. */
  public static final class GroupVerticle extends VerticleBase {
    private final DurableEvents events;
    private final Subscription subscription;
    private final EventHandler handler;

    public GroupVerticle(DurableEvents events, Subscription subscription, EventHandler handler) {
      this.events = events;
      this.subscription = subscription;
      this.handler = handler;
    }

    @Override
    public Future<?> start() {
      return events.consume(subscription, handler);
    }
  }
}

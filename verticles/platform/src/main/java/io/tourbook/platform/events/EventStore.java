package io.tourbook.platform.events;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.reactivestreams.client.ChangeStreamPublisher;
import com.mongodb.reactivestreams.client.MongoClient;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.platform.mongo.Reactive;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * All MongoDB access of the event plumbing, through one Reactive Streams client: checkpoints in the
 * producer's database, processed-event records in the consumer group's database, and the dead
 * letters in the platform's {@code events} database.
 */
final class EventStore {

  static final String EVENTS_DATABASE = "events";
  private static final String CHECKPOINTS = "checkpoints";
  private static final String PROCESSED = "processed";
  private static final String PROCESSED_EVENTS = "events";
  private static final String PROCESSED_EVENT_ID = PROCESSED_EVENTS + ".id";
  private static final String PROCESSED_EVENT_ID_INDEX = "events_id";
  private static final String DEAD_LETTERS = "deadletters";

  private final MongoClient mongo;
  private final Context context;
  private final long maxAwaitMillis;

  EventStore(MongoClient mongo, Context context, long maxAwaitMillis) {
    this.mongo = mongo;
    this.context = context;
    this.maxAwaitMillis = maxAwaitMillis;
  }

  /** The same store with results delivered on another context. */
  EventStore on(Context other) {
    return new EventStore(mongo, other, maxAwaitMillis);
  }

  /**
   * Every checkpoint of the subscription: one per partition (one document holds all of them for a
   * partition count), and a whole-subscription one written before partitions (read as partition 0
   * of 0).
   */
  Future<List<Checkpoint>> checkpoints(Subscription subscription) {
    return Reactive.all(
            context,
            checkpoints(subscription.stream())
                .find(
                    Filters.or(
                        Filters.eq("_id", subscription.id()),
                        Filters.eq("subscription", subscription.id()))))
        .map(
            docs -> {
              List<Checkpoint> checkpoints = new ArrayList<>();
              for (Document doc : docs) {
                Document partitions = doc.get("partitions", Document.class);
                if (partitions == null) {
                  checkpoints.add(checkpointOf(0, 0, doc));
                  continue;
                }
                int count = doc.getInteger("partitionCount");
                partitions.forEach(
                    (partition, checkpoint) ->
                        checkpoints.add(
                            checkpointOf(
                                Integer.parseInt(partition), count, (Document) checkpoint)));
              }
              return checkpoints;
            });
  }

  private static Checkpoint checkpointOf(int partition, int partitions, Document doc) {
    return new Checkpoint(
        partition,
        partitions,
        doc.get("token", Document.class).toBsonDocument(),
        doc.get("clusterTime", BsonTimestamp.class),
        doc.getString("eventId"),
        doc.get("settled", Number.class).longValue(),
        doc.getDate("updatedAt").toInstant(),
        doc.getString("owner"));
  }

  /**
   * Writes partitions' checkpoints in one update of the subscription's checkpoint document: each
   * node sets only the partitions it owns.
   */
  Future<Void> saveCheckpoints(Subscription subscription, List<Checkpoint> checkpoints) {
    int count = checkpoints.get(0).partitions();
    Document set =
        new Document("subscription", subscription.id())
            .append("stream", subscription.stream().name())
            .append("group", subscription.group())
            .append("partitionCount", count);
    for (Checkpoint checkpoint : checkpoints) {
      set.append(
          "partitions." + checkpoint.partition(),
          new Document("token", checkpoint.token())
              .append("clusterTime", checkpoint.clusterTime())
              .append("eventId", checkpoint.eventId())
              .append("settled", checkpoint.settled())
              .append("updatedAt", Date.from(checkpoint.updatedAt()))
              .append("owner", checkpoint.owner()));
    }
    return Reactive.first(
            context,
            checkpoints(subscription.stream())
                .updateOne(
                    Filters.eq("_id", subscription.id() + "/" + count),
                    new Document("$set", set),
                    new UpdateOptions().upsert(true)))
        .mapEmpty();
  }

  /**
   * The operation time of the oldest entry in the oplog: a checkpoint older than this cannot be
   * resumed, and a new subscription reads from here. An empty oplog starts at time zero; null where
   * the oplog cannot be read (managed services that hide {@code local}).
   */
  Future<BsonTimestamp> oplogStart() {
    return Reactive.first(
            context,
            mongo
                .getDatabase("local")
                .getCollection("oplog.rs")
                .find()
                // Natural order, as MongoDB's own tools read the oplog's start: the oplog has no
                // index on ts, so sorting by it reads and sorts the whole oplog.
                .sort(Sorts.ascending("$natural"))
                .limit(1)
                .first())
        .map(doc -> doc == null ? new BsonTimestamp(0, 0) : doc.get("ts", BsonTimestamp.class))
        .otherwise((BsonTimestamp) null);
  }

  /**
   * The operation times of the changes of the given streams' collections in the oplog after the
   * given time (all of them where it is null), per stream: one scan of the oplog serves every
   * subscription, each counting the times after its own checkpoint. Null where the oplog cannot be
   * read.
   */
  Future<Map<StreamId, List<BsonTimestamp>>> changeTimes(
      Collection<StreamId> streams, BsonTimestamp after) {
    Map<String, StreamId> byNamespace = new HashMap<>();
    streams.forEach(stream -> byNamespace.put(namespace(stream), stream));
    Bson filter = Filters.in("ns", byNamespace.keySet());
    if (after != null) {
      filter = Filters.and(filter, Filters.gt("ts", after));
    }
    return Reactive.all(
            context,
            mongo
                .getDatabase("local")
                .getCollection("oplog.rs")
                .find(filter)
                .projection(Projections.include("ns", "ts")))
        .map(
            changes -> {
              Map<StreamId, List<BsonTimestamp>> times = new HashMap<>();
              streams.forEach(stream -> times.put(stream, new ArrayList<>()));
              for (Document change : changes) {
                times
                    .get(byNamespace.get(change.getString("ns")))
                    .add(change.get("ts", BsonTimestamp.class));
              }
              return times;
            })
        .otherwise((Map<StreamId, List<BsonTimestamp>>) null);
  }

  private static String namespace(StreamId stream) {
    return stream.database() + "." + stream.collection();
  }

  ChangeStreamPublisher<Document> watch(StreamId stream) {
    List<Bson> pipeline =
        List.of(
            new Document(
                "$match",
                new Document(
                    "operationType",
                    new Document("$in", List.of("insert", "update", "replace", "delete")))));
    return mongo
        .getDatabase(stream.database())
        .getCollection(stream.collection())
        .watch(pipeline)
        .fullDocument(FullDocument.UPDATE_LOOKUP)
        .maxAwaitTime(maxAwaitMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * The index the group's processed records are looked up by: one entry per event of each record (a
   * multikey index), so that a lookup reads only the records that hold one of its events.
   */
  Future<Void> createProcessedIndex(String group) {
    return Reactive.first(
            context,
            processed(group)
                .createIndex(
                    Indexes.ascending(PROCESSED_EVENT_ID),
                    new IndexOptions().name(PROCESSED_EVENT_ID_INDEX)))
        .mapEmpty();
  }

  /** Which of these events the group has already handled. */
  Future<Set<String>> processedAmong(String group, Collection<String> eventIds) {
    return Reactive.all(
            context,
            processed(group)
                .find(Filters.in(PROCESSED_EVENT_ID, eventIds))
                .projection(Projections.include(PROCESSED_EVENT_ID)))
        .map(
            records ->
                records.stream()
                    .flatMap(record -> record.getList(PROCESSED_EVENTS, Document.class).stream())
                    .map(event -> event.getString("id"))
                    .filter(eventIds::contains)
                    .collect(Collectors.toSet()));
  }

  /**
   * Records that the group handled these events, in one document for the lot: a batch costs one
   * insert (and one oplog entry) however many events it holds. An event recorded twice (handled
   * twice) is simply in two records.
   */
  Future<Void> markProcessed(String group, Collection<EventEnvelope> events) {
    List<Document> handled =
        events.stream()
            .map(
                event ->
                    new Document("id", event.id())
                        .append("type", event.type())
                        .append("subject", event.subject()))
            .toList();
    return Reactive.first(
            context,
            processed(group)
                .insertOne(new Document(PROCESSED_EVENTS, handled).append("at", new Date())))
        .mapEmpty();
  }

  /** Parks an event; parking the same event for the same subscription twice keeps one letter. */
  Future<Void> park(Subscription subscription, EventEnvelope event, int attempts, String error) {
    String id = deadLetterId(subscription, event.id());
    Document doc =
        new Document("_id", id)
            .append("subscription", subscription.id())
            .append("stream", subscription.stream().name())
            .append("group", subscription.group())
            .append("eventId", event.id())
            .append("type", event.type())
            .append("subject", event.subject())
            .append("envelope", event.toJson().encode())
            .append("attempts", attempts)
            .append("lastError", error)
            .append("status", "parked")
            .append("parkedAt", new Date());
    return Reactive.first(
            context,
            deadLetters().replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true)))
        .mapEmpty();
  }

  Future<JsonObject> deadLetter(String id) {
    return Reactive.first(context, deadLetters().find(Filters.eq("_id", id)).first())
        .map(doc -> doc == null ? null : deadLetterJson(doc));
  }

  /** Dead letters, newest first, optionally only one subscription's or one status's. */
  Future<List<JsonObject>> deadLetters(String subscriptionId, String status, int skip, int limit) {
    return Reactive.all(
            context,
            deadLetters()
                .find(deadLetterFilter(subscriptionId, status))
                .sort(Sorts.descending("parkedAt"))
                .skip(skip)
                .limit(limit))
        .map(docs -> docs.stream().map(EventStore::deadLetterJson).toList());
  }

  Future<Long> countDeadLetters(String subscriptionId, String status) {
    return Reactive.first(
        context, deadLetters().countDocuments(deadLetterFilter(subscriptionId, status)));
  }

  Future<Void> markReplayed(String id) {
    return Reactive.first(
            context,
            deadLetters()
                .updateOne(
                    Filters.eq("_id", id),
                    Updates.combine(
                        Updates.set("status", "replayed"), Updates.set("replayedAt", new Date()))))
        .mapEmpty();
  }

  Future<Void> createIndexes() {
    return Reactive.first(
            context,
            deadLetters()
                .createIndex(
                    Indexes.compoundIndex(
                        Indexes.ascending("subscription"),
                        Indexes.ascending("status"),
                        Indexes.descending("parkedAt")),
                    new IndexOptions().name("subscription_status_parkedAt")))
        .mapEmpty();
  }

  static String deadLetterId(Subscription subscription, String eventId) {
    return subscription.id() + ":" + eventId;
  }

  private static Bson deadLetterFilter(String subscriptionId, String status) {
    List<Bson> filters = new ArrayList<>();
    if (subscriptionId != null) {
      filters.add(Filters.eq("subscription", subscriptionId));
    }
    if (status != null) {
      filters.add(Filters.eq("status", status));
    }
    return filters.isEmpty() ? new Document() : Filters.and(filters);
  }

  private static JsonObject deadLetterJson(Document doc) {
    JsonObject json =
        new JsonObject()
            .put("id", doc.getString("_id"))
            .put("subscription", doc.getString("subscription"))
            .put("stream", doc.getString("stream"))
            .put("group", doc.getString("group"))
            .put("eventId", doc.getString("eventId"))
            .put("type", doc.getString("type"))
            .put("subject", doc.getString("subject"))
            .put("attempts", doc.getInteger("attempts"))
            .put("lastError", doc.getString("lastError"))
            .put("status", doc.getString("status"))
            .put("parkedAt", doc.getDate("parkedAt").toInstant())
            .put("envelope", new JsonObject(doc.getString("envelope")));
    Date replayedAt = doc.getDate("replayedAt");
    if (replayedAt != null) {
      json.put("replayedAt", replayedAt.toInstant());
    }
    return json;
  }

  private com.mongodb.reactivestreams.client.MongoCollection<Document> checkpoints(
      StreamId stream) {
    return mongo.getDatabase(stream.database()).getCollection(CHECKPOINTS);
  }

  private com.mongodb.reactivestreams.client.MongoCollection<Document> processed(String group) {
    return mongo.getDatabase(group).getCollection(PROCESSED);
  }

  private com.mongodb.reactivestreams.client.MongoCollection<Document> deadLetters() {
    return mongo.getDatabase(EVENTS_DATABASE).getCollection(DEAD_LETTERS);
  }
}

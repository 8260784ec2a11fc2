package io.tourbook.embedded;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;
import static java.nio.file.attribute.PosixFilePermissions.fromString;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Embedded MongoDB (mongo-java-server, H2, oplog on)")
class EmbeddedMongoTest {

  /** More oplog entries than any test here writes. */
  private static final long KEEP_ALL = 100_000;

  @TempDir Path dataDir;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final AtomicInteger getMores = new AtomicInteger();

  /**
   * Closes in reverse order: change streams, then servers, then the clients (quietest for the
   * driver).
   */
  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  @DisplayName("a change stream delivers inserts and updates, with the document after the change")
  void changeStreamDeliversInsertsAndUpdates() throws Exception {
    long before = System.currentTimeMillis();
    MongoCollection<Document> tours = tours(start(null));
    ChangeStreamRecorder stream = watch(tours, null);

    insert(tours, "t1");
    BlockingReactive.single(tours.updateOne(eq("_id", "t1"), set("status", "ASSIGNED")));

    ChangeStreamDocument<Document> inserted = stream.next();
    assertThat(inserted.getOperationTypeString()).isEqualTo("insert");
    assertThat(inserted.getFullDocument()).containsEntry("_id", "t1");
    ChangeStreamDocument<Document> updated = stream.next();
    assertThat(updated.getOperationTypeString()).isEqualTo("update");
    assertThat(updated.getFullDocument()).containsEntry("status", "ASSIGNED");
    assertThat(updated.getWallTime()).as("wallTime, to the millisecond").isNotNull();
    assertThat(updated.getWallTime().getValue()).isBetween(before, System.currentTimeMillis());
  }

  @Test
  @DisplayName("resumeAfter a token delivers exactly the changes after it")
  void resumeAfterDeliversTheChangesAfterTheToken() throws Exception {
    MongoCollection<Document> tours = tours(start(null));
    ChangeStreamRecorder stream = watch(tours, null);
    insert(tours, "t1");
    insert(tours, "t2");
    insert(tours, "t3");
    BsonDocument afterFirst = stream.next().getResumeToken();

    ChangeStreamRecorder resumed = watch(tours, afterFirst);

    assertThat(resumed.next().getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 't2'}"));
    assertThat(resumed.next().getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 't3'}"));
  }

  @Test
  @DisplayName("data and oplog survive a restart on the same H2 file, and resuming continues")
  void dataAndOplogSurviveRestart() throws Exception {
    Path store = dataDir.resolve("mongo").resolve("tourbook.mv");
    EmbeddedMongo first = EmbeddedMongo.start(store, true, 0, KEEP_ALL);
    MongoClient firstClient = client(first);
    MongoCollection<Document> tours = tours(firstClient);
    ChangeStreamRecorder stream = watch(tours, null);
    insert(tours, "t1");
    insert(tours, "t2");
    BsonDocument afterFirst = stream.next().getResumeToken();
    BsonDocument afterSecond = stream.next().getResumeToken();
    stream.cancel();
    first.stop();
    firstClient.close();

    MongoCollection<Document> restarted = tours(start(store));

    assertThat(BlockingReactive.all(restarted.find()))
        .extracting(tour -> tour.get("_id"))
        .containsExactlyInAnyOrder("t1", "t2");
    ChangeStreamRecorder fromFirst = watch(restarted, afterFirst);
    assertThat(fromFirst.next().getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 't2'}"));
    ChangeStreamRecorder fromSecond = watch(restarted, afterSecond);
    insert(restarted, "t3");
    assertThat(fromSecond.next().getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 't3'}"));
    assertThat(fromFirst.next().getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 't3'}"));
  }

  @Test
  @DisplayName(
      "unique indexes stored by the library's own H2 maps are carried over: lookups find, duplicates are refused")
  void uniqueIndexesOfAnEarlierStoreAreCarriedOver() throws Exception {
    Path store = dataDir.resolve("mongo").resolve("tourbook.mv");
    Files.createDirectories(store.getParent());
    de.bwaldvogel.mongo.MongoServer earlier =
        new de.bwaldvogel.mongo.MongoServer(
            new H2Backend(new org.h2.mvstore.MVStore.Builder().fileName(store.toString()).open()));
    java.net.InetSocketAddress address = earlier.bind();
    try (MongoClient earlierClient =
        MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
      MongoCollection<Document> accounts =
          earlierClient.getDatabase("iam").getCollection("accounts");
      BlockingReactive.all(
          accounts.createIndex(
              new Document("email", 1), new com.mongodb.client.model.IndexOptions().unique(true)));
      for (int i = 0; i < 50; i++) {
        BlockingReactive.all(
            accounts.insertOne(new Document("_id", "a" + i).append("email", i + "@example.com")));
      }
    }
    earlier.shutdownNow();

    MongoCollection<Document> accounts = start(store).getDatabase("iam").getCollection("accounts");

    assertThat(BlockingReactive.all(accounts.find(eq("email", "17@example.com"))))
        .extracting(account -> account.get("_id"))
        .containsExactly("a17");
    assertThat(BlockingReactive.all(accounts.find(eq("_id", "a42")))).hasSize(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                BlockingReactive.all(
                    accounts.insertOne(
                        new Document("_id", "copy").append("email", "17@example.com"))))
        .hasStackTraceContaining("E11000");
    BlockingReactive.all(
        accounts.insertOne(new Document("_id", "a50").append("email", "50@example.com")));
    assertThat(BlockingReactive.all(accounts.find(eq("email", "50@example.com")))).hasSize(1);
  }

  @Test
  @DisplayName(
      "a query on a unique key with more conditions finds exactly the documents that meet them all")
  void queriesNarrowedByAUniqueKeyKeepTheirConditions() throws Exception {
    MongoCollection<Document> tours = tours(start(null));
    for (int i = 0; i < 20; i++) {
      BlockingReactive.all(
          tours.insertOne(
              new Document("_id", "t" + i)
                  .append("status", i % 2 == 0 ? "PENDING" : "SCHEDULED")
                  .append("stops", List.of(new Document("listingId", "l" + i)))));
    }

    BlockingReactive.all(
        tours.updateOne(
            com.mongodb.client.model.Filters.and(eq("_id", "t4"), eq("status", "PENDING")),
            set("status", "ASSIGNED")));
    BlockingReactive.all(
        tours.updateOne(
            com.mongodb.client.model.Filters.and(eq("_id", "t5"), eq("status", "PENDING")),
            set("status", "ASSIGNED")));

    assertThat(BlockingReactive.all(tours.find(eq("status", "ASSIGNED"))))
        .extracting(tour -> tour.get("_id"))
        .containsExactly("t4");
    assertThat(
            BlockingReactive.all(
                tours.find(
                    com.mongodb.client.model.Filters.and(
                        com.mongodb.client.model.Filters.in("_id", "t1", "t2", "t3"),
                        eq("status", "SCHEDULED")))))
        .extracting(tour -> tour.get("_id"))
        .containsExactlyInAnyOrder("t1", "t3");
    assertThat(
            BlockingReactive.all(
                tours.find(
                    com.mongodb.client.model.Filters.and(
                        eq("_id", "t7"),
                        com.mongodb.client.model.Filters.elemMatch(
                            "stops", eq("listingId", "l7"))))))
        .hasSize(1);
    assertThat(
            BlockingReactive.all(
                tours.find(
                    com.mongodb.client.model.Filters.and(
                        eq("_id", "t7"),
                        com.mongodb.client.model.Filters.elemMatch(
                            "stops", eq("listingId", "l8"))))))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "a non-unique index (multikey too) answers exactly what a scan would, through updates, deletes and a restart")
  void nonUniqueIndexesAnswerExactly() throws Exception {
    Path store = dataDir.resolve("mongo").resolve("tourbook.mv");
    MongoCollection<Document> accounts = accounts(start(store));
    BlockingReactive.all(accounts.createIndex(new Document("tours.tourId", 1)));
    BlockingReactive.all(accounts.createIndex(new Document("role", 1).append("status", 1)));
    for (int i = 0; i < 30; i++) {
      BlockingReactive.all(
          accounts.insertOne(
              new Document("_id", "a" + i)
                  .append("role", i % 3 == 0 ? "realtor" : "customer")
                  .append("status", i % 2 == 0 ? "active" : "blocked")
                  .append(
                      "tours",
                      List.of(
                          new Document("tourId", "t" + i),
                          new Document("tourId", "t" + (i + 1))))));
    }
    BlockingReactive.all(
        accounts.updateMany(
            com.mongodb.client.model.Filters.and(
                eq("tours.tourId", "t5"), com.mongodb.client.model.Filters.nin("_id", "a5")),
            com.mongodb.client.model.Updates.pull("tours", new Document("tourId", "t5"))));
    BlockingReactive.all(accounts.updateOne(eq("_id", "a8"), set("role", "realtor")));
    BlockingReactive.all(accounts.deleteOne(eq("_id", "a12")));

    assertIndexedAnswers(accounts);
    assertIndexedAnswers(accounts(restart(store)));
  }

  @Test
  @DisplayName("an acknowledged write is already in the file, with no commit period or stop")
  void acknowledgedWriteIsInTheFile() throws Exception {
    Path store = dataDir.resolve("mongo").resolve("tourbook.mv");
    MongoCollection<Document> tours = tours(start(store));
    insert(tours, "t1");
    BlockingReactive.single(tours.updateOne(eq("_id", "t1"), set("status", "ASSIGNED")));
    insert(tours, "t2");

    // What a kill -9 would leave: the file as it is now, read by another store.
    Path copy = dataDir.resolve("copy.mv");
    Files.copy(store, copy);
    H2Backend fromFile = new H2Backend(copy.toString());
    toClose.add(fromFile::close);

    assertThat(
            fromFile
                .resolveDatabase("tour")
                .resolveCollection("tours", true)
                .queryAllAsStream()
                .map(tour -> tour.get("_id") + ":" + tour.get("status"))
                .toList())
        .containsExactlyInAnyOrder("t1:ASSIGNED", "t2:PENDING");
  }

  @Test
  @DisplayName("creates its directories 0700 and its file 0600")
  void ownerOnlyFiles() throws Exception {
    Path data = dataDir.resolve("data");
    Path store = data.resolve("mongo").resolve("tourbook.mv");
    start(store);

    assertThat(Files.getPosixFilePermissions(data)).isEqualTo(fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(store.getParent())).isEqualTo(fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(store)).isEqualTo(fromString("rw-------"));
  }

  @Test
  @DisplayName("an idle change stream's getMore is held until a write instead of spinning")
  void idleChangeStreamWaitsForAWrite() throws Exception {
    EmbeddedMongo server = EmbeddedMongo.start(null, true, 0, KEEP_ALL);
    MongoCollection<Document> tours = tours(client(server));
    toClose.add(server::stop);
    ChangeStreamRecorder stream = new ChangeStreamRecorder();
    tours.watch().maxAwaitTime(30, TimeUnit.SECONDS).subscribe(stream);
    toClose.add(stream::cancel);

    awaitHeldGetMore(server);
    insert(tours, "t1");

    assertThat(stream.next().getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 't1'}"));
  }

  @Test
  @DisplayName(
      "an update's event is MongoDB's: documentKey its _id, updateDescription what it set and"
          + " removed, updateLookup the document as it is now (none once deleted)")
  void updateEventsAreShapedAsMongoDbs() throws Exception {
    MongoCollection<Document> tours = tours(start(null));
    ChangeStreamRecorder live = watch(tours, null);
    insert(tours, "t1");
    insert(tours, "t2");
    live.next();
    BsonDocument afterInserts = live.next().getResumeToken();
    BlockingReactive.single(
        tours.updateOne(
            eq("_id", "t1"), combine(set("status", "ASSIGNED"), unset("waitingSince"))));
    BlockingReactive.single(tours.updateOne(eq("_id", "t1"), set("status", "SCHEDULED")));
    BlockingReactive.single(tours.updateOne(eq("_id", "t2"), set("status", "CANCELLED")));
    BlockingReactive.single(tours.deleteOne(eq("_id", "t2")));

    ChangeStreamRecorder resumed = watch(tours, afterInserts);

    ChangeStreamDocument<Document> assigned = resumed.next();
    assertThat(assigned.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 't1'}"));
    assertThat(assigned.getFullDocument()).containsEntry("status", "SCHEDULED");
    assertThat(assigned.getUpdateDescription().getUpdatedFields())
        .isEqualTo(BsonDocument.parse("{status: 'ASSIGNED'}"));
    assertThat(assigned.getUpdateDescription().getRemovedFields()).containsExactly("waitingSince");
    resumed.next();
    ChangeStreamDocument<Document> cancelled = resumed.next();
    assertThat(cancelled.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 't2'}"));
    assertThat(cancelled.getFullDocument()).isNull();
    ChangeStreamDocument<Document> deleted = resumed.next();
    assertThat(deleted.getOperationTypeString()).isEqualTo("delete");
    assertThat(deleted.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 't2'}"));
  }

  @Test
  @DisplayName(
      "streams of two collections written in turn each get their own changes, in order, and resume"
          + " after the last one they read")
  void interleavedCollectionsKeepTheirOwnOrder() throws Exception {
    MongoClient client = start(null);
    MongoCollection<Document> tours = tours(client);
    MongoCollection<Document> listings = client.getDatabase("listing").getCollection("listings");
    ChangeStreamRecorder tourStream = watch(tours, null);
    ChangeStreamRecorder listingStream = watch(listings, null);
    for (int i = 0; i < 50; i++) {
      insert(tours, "t" + i);
      BlockingReactive.single(listings.insertOne(new Document("_id", "l" + i)));
    }

    BsonDocument afterTwenty = null;
    for (int i = 0; i < 50; i++) {
      ChangeStreamDocument<Document> tour = tourStream.next();
      assertThat(tour.getDocumentKey()).isEqualTo(new BsonDocument("_id", new BsonString("t" + i)));
      if (i == 19) {
        afterTwenty = tour.getResumeToken();
      }
      assertThat(listingStream.next().getDocumentKey())
          .isEqualTo(new BsonDocument("_id", new BsonString("l" + i)));
    }
    ChangeStreamRecorder resumed = watch(tours, afterTwenty);
    assertThat(resumed.next().getDocumentKey())
        .isEqualTo(new BsonDocument("_id", new BsonString("t20")));
  }

  @Test
  @DisplayName(
      "the oplog's natural order is timestamp order, also for a store the library's oplog wrote"
          + " with random ids")
  void oplogNaturalOrderIsTimestampOrder() throws Exception {
    Path store = dataDir.resolve("mongo").resolve("tourbook.mv");
    Files.createDirectories(store.getParent());
    H2Backend library =
        new H2Backend(new org.h2.mvstore.MVStore.Builder().fileName(store.toString()).open());
    library.enableOplog();
    de.bwaldvogel.mongo.MongoServer earlier = new de.bwaldvogel.mongo.MongoServer(library);
    java.net.InetSocketAddress address = earlier.bind();
    try (MongoClient earlierClient =
        MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
      for (int i = 0; i < 20; i++) {
        insert(tours(earlierClient), "early" + i);
      }
    }
    earlier.shutdownNow();

    MongoClient client = start(store);
    for (int i = 0; i < 20; i++) {
      insert(tours(client), "late" + i);
    }

    MongoCollection<Document> oplog = client.getDatabase("local").getCollection("oplog.rs");
    List<BsonTimestamp> natural =
        BlockingReactive.all(oplog.find().sort(new Document("$natural", 1))).stream()
            .map(entry -> entry.get("ts", BsonTimestamp.class))
            .toList();
    assertThat(natural).hasSizeGreaterThanOrEqualTo(40).isSorted();
    assertThat(BlockingReactive.all(oplog.find().sort(new Document("$natural", 1)).limit(1)).get(0))
        .extracting(entry -> entry.get("ts"))
        .isEqualTo(natural.get(0));
  }

  @Test
  @DisplayName(
      "the oplog keeps its last entries; resuming from a trimmed point fails with"
          + " ChangeStreamHistoryLost (286) instead of skipping")
  void boundedOplogFailsLoudlyBehindItsWindow() throws Exception {
    MongoClient client = start(null, 20);
    MongoCollection<Document> tours = tours(client);
    MongoCollection<Document> oplog = client.getDatabase("local").getCollection("oplog.rs");
    ChangeStreamRecorder early = watch(tours, null);
    insert(tours, "t0");
    BsonDocument afterFirst = early.next().getResumeToken();

    for (int i = 1; i < 30; i++) {
      insert(tours, "t" + i);
    }

    long kept = BlockingReactive.single(oplog.countDocuments());
    assertThat(kept).as("trimmed to 20 once over 22").isBetween(20L, 22L);
    Throwable resumed = watch(tours, afterFirst).error();
    assertThat(resumed).isInstanceOf(MongoCommandException.class);
    assertThat(((MongoCommandException) resumed).getErrorCode()).isEqualTo(286);
    ChangeStreamRecorder recent = watch(tours, null);
    insert(tours, "t30");
    assertThat(recent.next().getDocumentKey())
        .isEqualTo(new BsonDocument("_id", new BsonString("t30")));
  }

  @Nested
  @DisplayName("differs from MongoDB (the dispatcher must not rely on either behaviour)")
  class Quirks {

    @Test
    @DisplayName("a made-up token resumes from the time it encodes instead of failing")
    void madeUpTokenResumesFromItsTime() throws Exception {
      MongoCollection<Document> tours = tours(start(null));
      insert(tours, "t1");

      ChangeStreamRecorder stream = watch(tours, token("00000001"));

      assertThat(stream.next().getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 't1'}"));
    }

    @Test
    @DisplayName(
        "a token whose oplog entry is gone resumes with later changes, no history-lost error")
    void tokenOfDeletedOplogEntryResumesSilently() throws Exception {
      MongoClient client = start(null);
      MongoCollection<Document> tours = tours(client);
      ChangeStreamRecorder stream = watch(tours, null);
      insert(tours, "t1");
      BsonDocument token = stream.next().getResumeToken();
      BlockingReactive.single(
          client.getDatabase("local").getCollection("oplog.rs").deleteMany(new Document()));

      ChangeStreamRecorder resumed = watch(tours, token);
      insert(tours, "t2");

      assertThat(resumed.next().getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 't2'}"));
    }

    @Test
    @DisplayName("a token that is not hex fails with a command error of code -1")
    void malformedTokenFailsWithUnknownError() throws Exception {
      MongoCollection<Document> tours = tours(start(null));

      Throwable error = watch(tours, token("not-a-token")).error();

      assertThat(error).isInstanceOf(MongoCommandException.class);
      assertThat(((MongoCommandException) error).getErrorCode()).isEqualTo(-1);
      assertThat(error.getMessage()).contains("For input string");
    }
  }

  private MongoClient start(Path store) throws Exception {
    return start(store, KEEP_ALL);
  }

  private MongoClient start(Path store, long oplogMaxEntries) throws Exception {
    EmbeddedMongo server = EmbeddedMongo.start(store, true, 0, oplogMaxEntries);
    MongoClient client = client(server);
    toClose.add(server::stop);
    return client;
  }

  private MongoClient client(EmbeddedMongo server) {
    CommandListener countGetMores =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("getMore")) {
              synchronized (getMores) {
                getMores.incrementAndGet();
                getMores.notifyAll();
              }
            }
          }
        };
    MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .addCommandListener(countGetMores)
                .build());
    toClose.add(client::close);
    return client;
  }

  private static void assertIndexedAnswers(MongoCollection<Document> collection) throws Exception {
    assertThat(BlockingReactive.all(collection.find(eq("tours.tourId", "t5"))))
        .extracting(account -> account.get("_id"))
        .containsExactly("a5");
    assertThat(BlockingReactive.all(collection.find(eq("tours.tourId", "t13"))))
        .extracting(account -> account.get("_id"))
        .containsExactly("a13");
    assertThat(
            BlockingReactive.all(
                collection.find(
                    com.mongodb.client.model.Filters.and(
                        eq("role", "realtor"), eq("status", "active")))))
        .extracting(account -> account.get("_id"))
        .containsExactlyInAnyOrder("a0", "a6", "a8", "a18", "a24");
    assertThat(BlockingReactive.single(collection.countDocuments(eq("role", "realtor"))))
        .isEqualTo(10L);
  }

  /** Stops the servers and clients opened so far and starts a server on the same store. */
  private MongoClient restart(Path store) throws Exception {
    closeAll();
    toClose.clear();
    return start(store);
  }

  private static MongoCollection<Document> accounts(MongoClient client) {
    return client.getDatabase("iam").getCollection("accounts");
  }

  private static MongoCollection<Document> tours(MongoClient client) {
    return client.getDatabase("tour").getCollection("tours");
  }

  private ChangeStreamRecorder watch(MongoCollection<Document> collection, BsonDocument resumeAfter)
      throws Exception {
    ChangeStreamRecorder stream = new ChangeStreamRecorder();
    var publisher = collection.watch().fullDocument(FullDocument.UPDATE_LOOKUP);
    (resumeAfter == null ? publisher : publisher.resumeAfter(resumeAfter)).subscribe(stream);
    toClose.add(stream::cancel);
    if (resumeAfter == null) {
      // A change stream without a token starts at the server's "now" when it is opened: wait for
      // it to be open so that the test's writes come after.
      awaitGetMores(getMores.get() + 1);
    }
    return stream;
  }

  private void awaitGetMores(int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(10);
    synchronized (getMores) {
      while (getMores.get() < count) {
        long remaining = deadline - System.currentTimeMillis();
        if (remaining <= 0) {
          throw new AssertionError("The change stream sent no getMore within 10s");
        }
        getMores.wait(remaining);
      }
    }
  }

  private static void awaitHeldGetMore(EmbeddedMongo server) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.heldGetMores() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No getMore was held within 10s: the change stream spins");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private static void insert(MongoCollection<Document> collection, String id) throws Exception {
    BlockingReactive.single(
        collection.insertOne(new Document("_id", id).append("status", "PENDING")));
  }

  private static BsonDocument token(String data) {
    return new BsonDocument("_data", new BsonString(data));
  }
}

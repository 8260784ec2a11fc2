package io.tourbook.embedded;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a change stream costs to read as the embedded server's oplog grows: events/s through one
 * change stream (writes one at a time, read back, while {@code bench.idle-streams} (8) other
 * streams stay open) with the oplog already holding {@code bench.oplog-small} (10,000) and {@code
 * bench.oplog-large} (1,000,000) entries of another collection, measured in the same run, and their
 * ratio. Not part of the normal suite; run it with {@code ./mvnw -B -pl verticles/platform -am test
 * -Dtest=OplogReadBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@DisplayName("Oplog read benchmark")
class OplogReadBenchmark {

  private static final int SMALL = Integer.getInteger("bench.oplog-small", 10_000);
  private static final int LARGE = Integer.getInteger("bench.oplog-large", 1_000_000);
  private static final int EVENTS = Integer.getInteger("bench.events", 1_000);
  private static final int IDLE_STREAMS = Integer.getInteger("bench.idle-streams", 8);
  private static final int FILL_BATCH = 5_000;

  @Test
  @DisplayName("reports change-stream events/s at a small and a large oplog, and their ratio")
  void measure() throws Exception {
    double small = eventsPerSecond(SMALL);
    double large = eventsPerSecond(LARGE);
    System.out.printf(
        Locale.ROOT,
        "%nchange stream, %d events: %.0f events/s with %d oplog entries, %.0f events/s with %d;"
            + " ratio large/small = %.2f%n",
        EVENTS,
        small,
        SMALL,
        large,
        LARGE,
        large / small);
  }

  private static double eventsPerSecond(int oplogEntries) throws Exception {
    EmbeddedMongo server = EmbeddedMongo.start(null, false, 0, Long.MAX_VALUE);
    try (MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> filler = client.getDatabase("bench").getCollection("filler");
      for (int done = 0; done < oplogEntries; done += FILL_BATCH) {
        int from = done;
        List<Document> batch =
            Stream.iterate(from, i -> i + 1)
                .limit(Math.min(FILL_BATCH, oplogEntries - from))
                .map(i -> new Document("_id", i).append("payload", "x".repeat(100)))
                .toList();
        BlockingReactive.single(filler.insertMany(batch));
      }
      // Other streams, idle, as every consumer group's dispatcher keeps one open: each write
      // wakes them all.
      List<ChangeStreamRecorder> idle = new ArrayList<>();
      for (int i = 0; i < IDLE_STREAMS; i++) {
        ChangeStreamRecorder other = new ChangeStreamRecorder();
        client.getDatabase("bench").getCollection("idle" + i).watch().subscribe(other);
        idle.add(other);
      }
      MongoCollection<Document> events = client.getDatabase("bench").getCollection("events");
      long start = System.nanoTime();
      // From a second ago: the stream sees the writes below whenever it opens, and skips the
      // filler.
      BsonTimestamp aSecondAgo =
          new BsonTimestamp((int) (System.currentTimeMillis() / 1000) - 1, 0);
      ChangeStreamRecorder stream = new ChangeStreamRecorder();
      events.watch().startAtOperationTime(aSecondAgo).subscribe(stream);
      // One write at a time, as a service writes: each makes a getMore of every open stream.
      for (int i = 0; i < EVENTS; i++) {
        BlockingReactive.single(events.insertOne(new Document("_id", i)));
      }
      for (int i = 0; i < EVENTS; i++) {
        stream.next();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      stream.cancel();
      idle.forEach(ChangeStreamRecorder::cancel);
      return EVENTS / seconds;
    } finally {
      server.stop();
    }
  }
}

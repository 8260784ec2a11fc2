package io.tourbook.embedded;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged inserts per second into the embedded MongoDB on a file, with durable writes (each
 * reply after the group commit that stores it) against the periodic commit of H2 (a reply before
 * its write is on disk), measured in the same run, one writer and several concurrent ones. Not part
 * of the normal suite (the class name keeps surefire off it); run it with {@code ./mvnw -B -pl
 * verticles/platform -am test -Dtest=DurableWritesBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@DisplayName("Durable writes benchmark")
class DurableWritesBenchmark {

  private static final int WRITES = Integer.getInteger("bench.writes", 2000);
  private static final int ROUNDS = 3;

  @TempDir Path dataDir;

  @Test
  @DisplayName("reports writes/s with durable writes and with the periodic commit, and their ratio")
  void measure() throws Exception {
    for (int writers : List.of(1, 16)) {
      double periodic = 0;
      double durable = 0;
      // Alternating the modes spreads the machine's noise over both; the best round counts.
      for (int round = 0; round < ROUNDS; round++) {
        periodic = Math.max(periodic, writesPerSecond(false, writers, round));
        durable = Math.max(durable, writesPerSecond(true, writers, round));
      }
      System.out.printf(
          Locale.ROOT,
          "%n%d writer(s), %d inserts: durable %.0f writes/s, periodic commit %.0f writes/s,"
              + " ratio durable/periodic = %.2f%n",
          writers,
          WRITES,
          durable,
          periodic,
          durable / periodic);
    }
  }

  private double writesPerSecond(boolean durableWrites, int writers, int round) throws Exception {
    Path store =
        dataDir
            .resolve((durableWrites ? "durable" : "periodic") + "-" + writers + "-" + round)
            .resolve("bench.mv");
    EmbeddedMongo server = EmbeddedMongo.start(store, durableWrites, 0, WRITES + 1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try (MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> collection = client.getDatabase("bench").getCollection("writes");
      BlockingReactive.single(collection.insertOne(new Document("_id", "warm-up")));
      long start = System.nanoTime();
      List<Future<?>> lanes = new ArrayList<>();
      for (int lane = 0; lane < writers; lane++) {
        int first = lane;
        lanes.add(
            pool.submit(
                () -> {
                  for (int i = first; i < WRITES; i += writers) {
                    BlockingReactive.single(
                        collection.insertOne(
                            new Document("_id", i).append("payload", "x".repeat(200))));
                  }
                  return null;
                }));
      }
      for (Future<?> lane : lanes) {
        lane.get();
      }
      double rate = WRITES / ((System.nanoTime() - start) / 1e9);
      System.out.printf(
          Locale.ROOT,
          "  %s, %d writer(s), round %d: %.0f writes/s, file %d KiB%n",
          durableWrites ? "durable" : "periodic",
          writers,
          round,
          rate,
          Files.size(store) / 1024);
      return rate;
    } finally {
      pool.shutdownNow();
      server.stop();
      Files.deleteIfExists(store);
    }
  }
}

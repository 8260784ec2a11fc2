package io.tourbook.bridge;

import static io.tourbook.platform.testsupport.Eventually.await;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.events.EventFixtures;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Events per second the bridge forwards to an ElasticMQ FIFO queue, against raw SendMessageBatch
 * calls carrying the same envelopes to the same ElasticMQ in the same run. Not part of the normal
 * suite (the class name keeps surefire off it); run it with {@code ./mvnw -B -pl verticles/bridge
 * -am test -Dtest=BridgeThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@DisplayName("Bridge throughput benchmark")
public class BridgeThroughputBenchmark {

  private static final int EVENTS = Integer.getInteger("bench.events", 5000);

  /** Both rates, events per second. */
  public record Result(int events, double bridgePerSecond, double rawPerSecond) {
    public double ratio() {
      return bridgePerSecond / rawPerSecond;
    }
  }

  @Test
  @DisplayName("reports events/s of the bridge and of raw SendMessageBatch")
  void measure() throws Exception {
    Result result = run(EVENTS);
    System.out.printf(
        "%nbridge: %.0f events/s; raw SendMessageBatch: %.0f events/s; ratio bridge/raw = %.2f%n",
        result.bridgePerSecond(), result.rawPerSecond(), result.ratio());
  }

  /** Writes a backlog of {@code events} listings, then times the bridge and the raw calls. */
  public static Result run(int events) throws Exception {
    TestBackingServices backing = TestBackingServices.get();
    backing.reset();
    Vertx vertx = Vertx.vertx();
    URI elasticMq = URI.create(backing.settings().sqsEndpoint());
    SqsAsyncClient sqs = BridgeFixtures.sqs(elasticMq);
    try {
      String queue = BridgeFixtures.uniqueQueue("bench", true);
      JsonObject config =
          BridgeFixtures.bridgeOnly(backing.config(), Streams.LISTING_LISTINGS, queue, false);
      var listings = EventFixtures.listingDatabase(vertx, config);
      Future<Void> inserts = Future.succeededFuture();
      for (int i = 0; i < events; i++) {
        String id = "bench-" + i;
        inserts = inserts.compose(v -> EventFixtures.write(listings, id, 0));
      }
      await(inserts);

      TestNode node = await(TestNode.start(vertx, config, List.of(new BridgeModule())));
      // Timed from the node being up (its start-up, key pair included, is not forwarding), over
      // what it had not forwarded yet.
      String url = sqs.getQueueUrl(r -> r.queueName(queue)).get(30, TimeUnit.SECONDS).queueUrl();
      long start = System.nanoTime();
      long queuedAtStart = queued(sqs, url);
      Eventually.until(
          "every event in the queue", Duration.ofMinutes(5), () -> queued(sqs, url) >= events);
      double bridge = (events - queuedAtStart) / ((System.nanoTime() - start) / 1e9);
      await(node.stop());

      double raw = rawRate(sqs, events);
      return new Result(events, bridge, raw);
    } finally {
      sqs.close();
      await(vertx.close());
    }
  }

  /**
   * SendMessageBatch of the same envelopes with as many calls in flight as the bridge can have (the
   * dispatcher's 64 events in flight, 10 per call).
   */
  private static double rawRate(SqsAsyncClient sqs, int events) throws Exception {
    String queue = BridgeFixtures.uniqueQueue("raw", true);
    String url =
        sqs.createQueue(
                r ->
                    r.queueName(queue)
                        .attributes(java.util.Map.of(QueueAttributeName.FIFO_QUEUE, "true")))
            .get(30, TimeUnit.SECONDS)
            .queueUrl();
    List<List<SendMessageBatchRequestEntry>> batches = new ArrayList<>();
    List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      String id = UUID.randomUUID().toString().replace("-", "");
      EventEnvelope envelope =
          EventEnvelope.create(
              id,
              Streams.LISTING_LISTINGS,
              EventTypes.LISTING_CREATED,
              "bench-" + i,
              Instant.now(),
              "insert",
              EventFixtures.listing("bench-" + i, 0),
              null);
      batch.add(
          SendMessageBatchRequestEntry.builder()
              .id("e" + batch.size())
              .messageBody(envelope.toJson().encode())
              .messageGroupId(envelope.subject())
              .messageDeduplicationId(id)
              .build());
      if (batch.size() == BridgeSettings.MAX_BATCH_ENTRIES) {
        batches.add(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    int inFlight = 64 / BridgeSettings.MAX_BATCH_ENTRIES + 1;
    long start = System.nanoTime();
    List<CompletableFuture<?>> lanes = new ArrayList<>();
    for (int lane = 0; lane < inFlight; lane++) {
      lanes.add(sendLane(sqs, url, batches, lane, inFlight));
    }
    CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    return events / ((System.nanoTime() - start) / 1e9);
  }

  /** Sends every {@code step}-th batch from {@code index} on, one call at a time. */
  private static CompletableFuture<?> sendLane(
      SqsAsyncClient sqs,
      String url,
      List<List<SendMessageBatchRequestEntry>> batches,
      int index,
      int step) {
    if (index >= batches.size()) {
      return CompletableFuture.completedFuture(null);
    }
    return sqs.sendMessageBatch(r -> r.queueUrl(url).entries(batches.get(index)))
        .thenCompose(response -> sendLane(sqs, url, batches, index + step, step));
  }

  private static long queued(SqsAsyncClient sqs, String url) {
    return Long.parseLong(
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(url)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .join()
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }
}

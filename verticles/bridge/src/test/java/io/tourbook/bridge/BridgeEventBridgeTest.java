package io.tourbook.bridge;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.events.EventFixtures;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@ExtendWith(VertxExtension.class)
@DisplayName("The bridge's EventBridge sink")
class BridgeEventBridgeTest {

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final TestBackingServices backing = TestBackingServices.get();

  @BeforeEach
  void reset() {
    backing.reset();
  }

  @Test
  @DisplayName(
      "through throttling and partial failures, has every event accepted once, and acks none to"
          + " its subscription before acceptance")
  void everyEventAcceptedOnceAndAckedAfter(Vertx vertx) throws Exception {
    PutEventsEndpoint bus = await(PutEventsEndpoint.start(vertx, 0.15, 0.2, 7));
    TestNode node = await(TestNode.start(vertx, config(bus), List.of(new BridgeModule())));
    MongoClient listings = EventFixtures.listingDatabase(vertx, node.config);
    int subjects = 50;
    int writes = 20;

    await(EventFixtures.writeSubjectsSideBySide(listings, subjects, writes));
    // What the subscription's checkpoints said was settled (acked), and when, seen along the way.
    Map<String, Instant> acked = new ConcurrentHashMap<>();
    Eventually.until(
        "every event accepted and acked",
        Duration.ofSeconds(120),
        () -> {
          acked.putAll(checkpointedByBridge(vertx, node.config));
          return bus.accepted().size() >= subjects * writes && !acked.isEmpty();
        });
    await(node.stop());
    await(bus.close());

    List<PutEventsEndpoint.Accepted> accepted = bus.accepted();
    assertThat(bus.throttled()).as("throttled calls").isPositive();
    assertThat(bus.failedEntries()).as("failed entries").isPositive();
    Map<String, PutEventsEndpoint.Accepted> byEvent =
        accepted.stream()
            .collect(Collectors.toMap(PutEventsEndpoint.Accepted::eventId, Function.identity()));
    assertThat(byEvent).as("each event accepted once").hasSize(accepted.size());
    assertThat(accepted).hasSize(subjects * writes);
    assertThat(byEvent.keySet()).containsAll(bus.failedOnce());
    for (PutEventsEndpoint.Accepted entry : accepted) {
      assertThat(entry.source()).isEqualTo("tourbook.listing");
      assertThat(entry.detailType()).isEqualTo(entry.detail().getString("type"));
      EventFixtures.SCHEMAS.assertValid(entry.detail());
      Instant ackedAt = acked.get(entry.eventId());
      if (ackedAt != null) {
        assertThat(ackedAt.toEpochMilli())
            .as("event %s acked after AWS accepted it", entry.eventId())
            .isGreaterThanOrEqualTo(entry.acceptedAtMillis());
      }
    }
    assertThat(acked.keySet()).as("acks seen").isNotEmpty().isSubsetOf(byEvent.keySet());
  }

  @Test
  @DisplayName(
      "parks an event the bus keeps refusing in dead letters, and delivers it when an admin replays"
          + " it; the trace context travels as TraceHeader")
  void refusedEventIsParkedAndReplayed(Vertx vertx) throws Exception {
    PutEventsEndpoint bus = await(PutEventsEndpoint.start(vertx, 0, 0, 7));
    JsonObject config = config(bus);
    config.getJsonObject("events").put("max-attempts", 2).put("backoff-initial-ms", 10);
    config.getJsonObject("bridge").put("max-attempts", 1);
    TestNode node = await(TestNode.start(vertx, config, List.of(new BridgeModule())));
    MongoClient listings = EventFixtures.listingDatabase(vertx, node.config);

    JsonObject listing = EventFixtures.listing("refused", 0);
    listing.getJsonObject("lastChange").put("traceparent", TRACEPARENT);
    bus.refuseAll(true);
    await(listings.insert("listings", listing));
    String token = node.token("admin-1", "admin");
    Eventually.until(
        "the event parked",
        Duration.ofSeconds(60),
        () -> deadLetters(node, token).getInteger("total", 0) == 1);
    JsonObject letter = deadLetters(node, token).getJsonArray("items").getJsonObject(0);
    assertThat(bus.accepted()).isEmpty();

    bus.refuseAll(false);
    var replay =
        await(
            node.post(
                "/api/v1/events/deadletters/" + letter.getString("id") + "/replay",
                token,
                new JsonObject()));
    assertThat(replay.statusCode()).as(replay.bodyAsString()).isEqualTo(200);
    Eventually.until(
        "the replayed event accepted", Duration.ofSeconds(30), () -> bus.accepted().size() == 1);
    await(node.stop());
    await(bus.close());

    PutEventsEndpoint.Accepted entry = bus.accepted().get(0);
    assertThat(entry.detail().getString("subject")).isEqualTo("refused");
    assertThat(entry.traceHeader())
        .isEqualTo("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=00f067aa0ba902b7;Sampled=1");
  }

  @Test
  @DisplayName(
      "puts events on a LocalStack bus whose rule delivers each once to a queue (where Docker runs)")
  void localStackBusDeliversThroughARule(Vertx vertx) throws Exception {
    Optional<URI> localStack = backing.localStack();
    Assumptions.assumeTrue(localStack.isPresent(), "no Docker: LocalStack cannot run here");
    URI endpoint = localStack.get();
    String bus = "test-bus-" + UUID.randomUUID().toString().substring(0, 8);
    String queue = BridgeFixtures.uniqueQueue("rule", false);
    EventBridgeAsyncClient events =
        EventBridgeAsyncClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(BridgeFixtures.TEST_KEY, BridgeFixtures.TEST_KEY)))
            .build();
    SqsAsyncClient sqs = BridgeFixtures.sqs(endpoint);
    String url = sqs.createQueue(r -> r.queueName(queue)).get(30, TimeUnit.SECONDS).queueUrl();
    String arn =
        sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .get(30, TimeUnit.SECONDS)
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    events.createEventBus(r -> r.name(bus)).get(30, TimeUnit.SECONDS);
    events
        .putRule(
            r ->
                r.name("listing-events")
                    .eventBusName(bus)
                    .eventPattern("{\"source\":[\"tourbook.listing\"]}"))
        .get(30, TimeUnit.SECONDS);
    events
        .putTargets(
            r ->
                r.rule("listing-events")
                    .eventBusName(bus)
                    .targets(Target.builder().id("queue").arn(arn).build()))
        .get(30, TimeUnit.SECONDS);

    JsonObject config =
        BridgeFixtures.withSqs(
            BridgeFixtures.bridgeOnly(backing.config(), Streams.LISTING_LISTINGS, "", true),
            endpoint);
    config.getJsonObject("eventbridge").put("endpoint", endpoint.toString());
    config.getJsonObject("bridge").getJsonObject("eventbridge").put("bus-name", bus);
    TestNode node = await(TestNode.start(vertx, config, List.of(new BridgeModule())));
    await(EventFixtures.writeSubjects(EventFixtures.listingDatabase(vertx, config), 10, 5));
    List<Message> delivered = BridgeFixtures.drain(sqs, queue, 50, 120);
    await(node.stop());
    sqs.close();
    events.close();

    assertThat(delivered).hasSize(50);
    assertThat(
            delivered.stream()
                .map(message -> new JsonObject(message.body()))
                .peek(event -> assertThat(event.getString("source")).isEqualTo("tourbook.listing"))
                .map(event -> event.getJsonObject("detail").getString("id"))
                .distinct())
        .hasSize(50);
  }

  private static JsonObject config(PutEventsEndpoint bus) {
    JsonObject config =
        BridgeFixtures.bridgeOnly(
            TestBackingServices.get().config(), Streams.LISTING_LISTINGS, "", true);
    config.getJsonObject("eventbridge").put("endpoint", bus.uri());
    return config;
  }

  private static JsonObject deadLetters(TestNode node, String token) {
    try {
      return await(node.get("/api/v1/events/deadletters", token)).bodyAsJsonObject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The last settled event of each partition of the bridge's listing subscription, with the time
   * its checkpoint was written: an event is acked no later than that.
   */
  private static Map<String, Instant> checkpointedByBridge(Vertx vertx, JsonObject config) {
    MongoClient listing = EventFixtures.listingDatabase(vertx, config);
    try {
      List<JsonObject> checkpoints =
          await(
              listing.find(
                  "checkpoints",
                  new JsonObject()
                      .put("subscription", "listing.listings." + BridgeVerticle.GROUP)));
      Map<String, Instant> acked = new HashMap<>();
      for (JsonObject checkpoint : checkpoints) {
        JsonObject partitions = checkpoint.getJsonObject("partitions", new JsonObject());
        for (String partition : partitions.fieldNames()) {
          JsonObject entry = partitions.getJsonObject(partition);
          if (entry.getString("eventId") != null) {
            acked.put(
                entry.getString("eventId"),
                Instant.parse(entry.getJsonObject("updatedAt").getString("$date")));
          }
        }
      }
      return acked;
    } catch (Exception failure) {
      throw new IllegalStateException(failure);
    } finally {
      listing.close();
    }
  }
}

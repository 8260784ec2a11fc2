package io.tourbook.bridge;

import static io.tourbook.platform.events.EventFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.events.EventFixtures;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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

    await(EventFixtures.writeSubjects(listings, subjects, writes));
    EventFixtures.await(
        "every event accepted",
        Duration.ofSeconds(120),
        () -> bus.accepted().size() >= subjects * writes);
    Map<String, JsonObject> processed = processedByBridge(vertx, node.config);
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
      JsonObject marker = processed.get(entry.eventId());
      if (marker != null) {
        assertThat(marker.getJsonObject("at").getString("$date"))
            .as("event %s acked after AWS accepted it", entry.eventId())
            .satisfies(
                at ->
                    assertThat(Instant.parse(at).toEpochMilli())
                        .isGreaterThanOrEqualTo(entry.acceptedAtMillis()));
      }
    }
    assertThat(processed).as("acks seen").isNotEmpty();
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
    EventFixtures.await(
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
    EventFixtures.await(
        "the replayed event accepted", Duration.ofSeconds(30), () -> bus.accepted().size() == 1);
    await(node.stop());
    await(bus.close());

    PutEventsEndpoint.Accepted entry = bus.accepted().get(0);
    assertThat(entry.detail().getString("subject")).isEqualTo("refused");
    assertThat(entry.traceHeader())
        .isEqualTo("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=00f067aa0ba902b7;Sampled=1");
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

  private static Map<String, JsonObject> processedByBridge(Vertx vertx, JsonObject config)
      throws Exception {
    MongoClient bridge =
        MongoClient.create(
            vertx,
            new JsonObject()
                .put("connection_string", config.getJsonObject("mongo").getString("uri"))
                .put("db_name", BridgeVerticle.GROUP));
    List<JsonObject> markers =
        await(bridge.findWithOptions("processed", new JsonObject(), new FindOptions()));
    await(bridge.close());
    return markers.stream()
        .collect(Collectors.toMap(marker -> marker.getString("_id"), Function.identity()));
  }
}

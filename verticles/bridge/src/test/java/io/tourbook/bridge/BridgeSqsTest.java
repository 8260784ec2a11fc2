package io.tourbook.bridge;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.bridge.sink.SqsSink;
import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.events.EventFixtures;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

@ExtendWith(VertxExtension.class)
@DisplayName("The bridge's SQS sink")
class BridgeSqsTest {

  private static final int SUBJECTS = 100;
  private static final int WRITES_PER_SUBJECT = 100;

  private final TestBackingServices backing = TestBackingServices.get();

  @BeforeEach
  void reset() {
    backing.reset();
  }

  /** ElasticMQ always; LocalStack too where Docker runs. */
  static Stream<Arguments> sqsServers() {
    TestBackingServices backing = TestBackingServices.get();
    Stream<Arguments> elasticMq =
        Stream.of(Arguments.of("ElasticMQ", URI.create(backing.settings().sqsEndpoint())));
    return Stream.concat(
        elasticMq, backing.localStack().stream().map(uri -> Arguments.of("LocalStack", uri)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sqsServers")
  @DisplayName(
      "forwards 10,000 events to a FIFO queue through an endpoint failing 20% of requests: each"
          + " arrives once, in subject order, with the envelope as body")
  void forwardsEveryEventOnceInOrderThroughFailures(String server, URI sqsServer, Vertx vertx)
      throws Exception {
    FlakyProxy proxy = await(FlakyProxy.start(vertx, sqsServer, 0.2, 42));
    String queue = BridgeFixtures.uniqueQueue("listings", true);
    JsonObject config =
        BridgeFixtures.bridgeOnly(backing.config(), Streams.LISTING_LISTINGS, queue, false);
    BridgeFixtures.withSqs(config, proxy.uri());
    TestNode node = await(TestNode.start(vertx, config, List.of(new BridgeModule())));
    MongoClient listings = EventFixtures.listingDatabase(vertx, config);

    await(EventFixtures.writeSubjectsSideBySide(listings, SUBJECTS, WRITES_PER_SUBJECT));
    int expected = SUBJECTS * WRITES_PER_SUBJECT;
    SqsAsyncClient reader = BridgeFixtures.sqs(sqsServer);
    List<Message> received = BridgeFixtures.drain(reader, queue, expected, 300);
    List<Message> extra = BridgeFixtures.drain(reader, queue, 1, 2);
    reader.close();
    await(node.stop());
    await(proxy.close());

    assertThat(proxy.dropped()).as("requests failed before SQS").isPositive();
    assertThat(proxy.lostAnswers()).as("requests whose answer was lost").isPositive();
    assertThat(received).hasSize(expected);
    assertThat(extra).as("messages beyond the events written").isEmpty();

    Set<String> ids = new HashSet<>();
    Map<String, List<Integer>> seqsBySubject = new HashMap<>();
    for (Message message : received) {
      JsonObject envelope = new JsonObject(message.body());
      EventFixtures.SCHEMAS.assertValid(envelope);
      String id = envelope.getString("id");
      assertThat(ids.add(id)).as("event %s arrived once", id).isTrue();
      assertThat(message.messageAttributes().get(SqsSink.EVENT_ID).stringValue()).isEqualTo(id);
      assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
          .isEqualTo(envelope.getString("subject"));
      assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
          .isEqualTo(id);
      seqsBySubject
          .computeIfAbsent(envelope.getString("subject"), s -> new ArrayList<>())
          .add(envelope.getJsonObject("data").getInteger("seq"));
    }
    // An update's event carries the document as looked up when the change is read (updateLookup),
    // which may already hold later writes: in order means never going back.
    assertThat(seqsBySubject).hasSize(SUBJECTS);
    seqsBySubject.forEach(
        (subject, seqs) -> {
          assertThat(seqs).as("writes of %s", subject).hasSize(WRITES_PER_SUBJECT).isSorted();
          assertThat(seqs.get(0)).isZero();
          assertThat(seqs.get(seqs.size() - 1)).isEqualTo(WRITES_PER_SUBJECT - 1);
        });
  }

  @Test
  @DisplayName(
      "on a standard queue, carries the event id and type as attributes for consumers to dedupe"
          + " on, and the trace context as AWSTraceHeader")
  void standardQueueCarriesTheEventIdAndTrace(Vertx vertx) throws Exception {
    URI elasticMq = URI.create(backing.settings().sqsEndpoint());
    String queue = BridgeFixtures.uniqueQueue("standard", false);
    JsonObject config =
        BridgeFixtures.withSqs(
            BridgeFixtures.bridgeOnly(backing.config(), Streams.LISTING_LISTINGS, queue, false),
            elasticMq);
    TestNode node = await(TestNode.start(vertx, config, List.of(new BridgeModule())));
    JsonObject listing = EventFixtures.listing("traced", 0);
    listing
        .getJsonObject("lastChange")
        .put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    await(EventFixtures.listingDatabase(vertx, config).insert("listings", listing));
    SqsAsyncClient reader = BridgeFixtures.sqs(elasticMq);
    List<Message> received = BridgeFixtures.drain(reader, queue, 1, 60);
    reader.close();
    await(node.stop());

    assertThat(received).hasSize(1);
    Message message = received.get(0);
    JsonObject envelope = new JsonObject(message.body());
    assertThat(message.messageAttributes().get(SqsSink.EVENT_ID).stringValue())
        .isEqualTo(envelope.getString("id"));
    assertThat(message.messageAttributes().get(SqsSink.EVENT_TYPE).stringValue())
        .isEqualTo("listing.created");
    assertThat(message.attributes()).doesNotContainKey(MessageSystemAttributeName.MESSAGE_GROUP_ID);
    assertThat(message.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER))
        .isEqualTo("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=00f067aa0ba902b7;Sampled=1");
  }
}

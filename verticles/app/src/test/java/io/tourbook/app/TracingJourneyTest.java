package io.tourbook.app;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.bridge.BridgeFixtures;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.cluster.NodeVertx;
import io.tourbook.platform.node.NodeRuntime;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** A booking's trace context, from the checkout request to the SQS message of its last event. */
class TracingJourneyTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
  private static final double LAT = 6.4500;
  private static final double LON = 3.3900;

  private Vertx traced;
  private Platform platform;

  /** The node's Vert.x as the launcher builds it: metrics and the trace context on. */
  @BeforeEach
  void setUp() throws Exception {
    traced = await(NodeVertx.create(new JsonObject(), false));
    platform = Platform.start(traced, config -> {}, NodeRuntime.availableServices());
  }

  @AfterEach
  void tearDown() throws Exception {
    await(platform.node.stop());
    await(traced.close());
  }

  @Test
  @DisplayName(
      "The checkout's traceparent comes out, same trace id, on the payment, on every change of the tour up to tour.scheduled, and in SQS's AWSTraceHeader")
  void oneTraceFromCheckoutToTheQueue() throws Exception {
    Platform.CartReady ready = platform.customerWithListingInCart("Flat T", LAT, LON, 25);
    String customer = ready.customer();

    HttpResponse<Buffer> paid =
        await(
            platform
                .node
                .request(HttpMethod.POST, "/api/v1/carts/me/checkout", customer)
                .putHeader("Idempotency-Key", UUID.randomUUID().toString())
                .putHeader("traceparent", TRACEPARENT)
                .sendJsonObject(
                    new JsonObject()
                        .put("paymentToken", "tok_visa")
                        .put("preferredTimes", Platform.preferredTimes())));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    String paymentId = paid.bodyAsJsonObject().getString("paymentId");
    String tourId = platform.onlyTourScheduled(customer).getString("id");

    JsonObject payment = stored("payment", "payments", paymentId);
    JsonObject tour = stored("tour", "tours", tourId);
    assertThat(tour.getJsonObject("lastChange").getString("type"))
        .isEqualTo(EventTypes.TOUR_SCHEDULED);
    assertThat(List.of(payment, tour))
        .allSatisfy(
            document ->
                assertThat(document.getJsonObject("lastChange").getString("traceparent"))
                    .as("the write's trace context")
                    .matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
                    .isNotEqualTo(TRACEPARENT));

    SqsAsyncClient sqs =
        BridgeFixtures.sqs(URI.create(TestBackingServices.get().settings().sqsEndpoint()));
    try {
      Message scheduled = tourScheduledMessage(sqs, tourId);
      assertThat(scheduled.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER))
          .startsWith("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=")
          .endsWith(";Sampled=1");
      assertThat(new JsonObject(scheduled.body()).getString("traceparent"))
          .isEqualTo(tour.getJsonObject("lastChange").getString("traceparent"));
    } finally {
      sqs.close();
    }
  }

  private JsonObject stored(String database, String collection, String id) throws Exception {
    MongoClient mongo = TestNode.database(traced, platform.node.config, database);
    try {
      return await(mongo.findOne(collection, new JsonObject().put("_id", id), null));
    } finally {
      mongo.close();
    }
  }

  /** The tour's tour.scheduled message, read off the tours queue. */
  private static Message tourScheduledMessage(SqsAsyncClient sqs, String tourId) throws Exception {
    List<Message> received = new java.util.ArrayList<>();
    Eventually.until(
        "tour.scheduled in the tours queue",
        Platform.DEADLINE,
        () -> {
          try {
            received.addAll(BridgeFixtures.drain(sqs, "tourbook-tour-tours.fifo", 1, 1));
          } catch (Exception failure) {
            throw new IllegalStateException(failure);
          }
          return received.stream().anyMatch(message -> isScheduled(message, tourId));
        });
    return received.stream().filter(message -> isScheduled(message, tourId)).findFirst().get();
  }

  private static boolean isScheduled(Message message, String tourId) {
    JsonObject event = new JsonObject(message.body());
    return EventTypes.TOUR_SCHEDULED.equals(event.getString("type"))
        && tourId.equals(event.getString("subject"));
  }
}

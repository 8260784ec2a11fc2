package io.tourbook.scheduling;

import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static io.tourbook.scheduling.SchedulingFixtures.email;
import static io.tourbook.scheduling.SchedulingFixtures.mails;
import static io.tourbook.scheduling.SchedulingFixtures.stamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Refund e-mails")
class RefundMailTest {

  private TestNode node;
  private SchedulingFixtures fixtures;
  private MongoClient payments;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    TestBackingServices.get().reset();
    JsonObject config = TestBackingServices.get().config();
    node = await(TestNode.start(vertx, config, List.of(new SchedulingModule())));
    fixtures = new SchedulingFixtures(vertx, config);
    payments =
        MongoClient.create(
            vertx,
            new JsonObject()
                .put("connection_string", config.getJsonObject("mongo").getString("uri"))
                .put("db_name", "payment"));
    await(fixtures.account("customer-1", "customer"));
    until("the contact", () -> await(fixtures.contacts()), count -> count == 1);
  }

  @AfterEach
  void stop() throws Exception {
    await(node.stop());
    await(fixtures.close());
    await(payments.close());
  }

  @Test
  @DisplayName("A refunded payment mails its customer once, even when its event comes again")
  void refundIsMailedOnce() throws Exception {
    JsonObject refund =
        new JsonObject()
            .put("refundId", "refund-tour-1")
            .put("tourId", "tour-1")
            .put("amount", new JsonObject().put("amount", 32.75).put("currency", "USD"))
            .put("percent", 50)
            .put("status", "succeeded");
    await(
        payments.insert(
            "payments",
            new JsonObject()
                .put("_id", "payment-1")
                .put("customerId", "customer-1")
                .put("amount", new JsonObject().put("amount", 65.5).put("currency", "USD"))
                .put("status", "succeeded")));
    refunded("payment-1", refund);

    List<SchedulingFixtures.Mail> sent =
        until("the refund mail", () -> mails(), all -> all.size() == 1);
    assertThat(sent.get(0).to()).isEqualTo(email("customer-1"));
    assertThat(sent.get(0).subject()).isEqualTo("Your refund: 32.75 USD");
    assertThat(sent.get(0).body()).contains("tour-1").contains("50%");

    refunded("payment-1", refund);
    until(
        "the second event handled",
        () -> await(fixtures.processed("payment-1")),
        count -> count == 2);
    assertThat(mails()).hasSize(1);
  }

  private void refunded(String paymentId, JsonObject refund) throws Exception {
    await(
        payments.updateCollection(
            "payments",
            new JsonObject().put("_id", paymentId),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", "partially_refunded")
                        .put("refunds", new JsonArray().add(refund))
                        .put("lastChange", stamp(EventTypes.PAYMENT_REFUNDED)))));
  }
}

package io.tourbook.payment;

import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.contracts.payment.PaymentService;
import io.tourbook.payment.events.TourEvents;
import io.tourbook.payment.gateway.PaymentGateway;
import io.tourbook.payment.gateway.StripeSignature;
import io.tourbook.payment.http.PaymentRoutes;
import io.tourbook.payment.impl.PaymentServiceImpl;
import io.tourbook.payment.impl.Refunds;
import io.tourbook.payment.impl.StripeEvents;
import io.tourbook.payment.model.RefundPolicy;
import io.tourbook.payment.store.PaymentStore;
import io.tourbook.platform.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import io.vertx.serviceproxy.ServiceBinder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/**
 * The payment service's entry point: creates the MongoDB client and the gateway, creates the
 * indexes (the unique (customerId, idempotencyKey) one first of all), binds {@code
 * payment.service}, refunds cancelled tours (tour.cancelled) and registers the routes at {@code
 * /api/v1/payments}.
 */
public final class PaymentVerticle extends VerticleBase {

  /** The consumer group of this service's subscriptions. */
  private static final String GROUP = "payment";

  static final String DATABASE = "payment";
  private static final String CHARGE_SCHEMA = "schemas/payment/charge.json";

  private final NodeContext node;
  private final UnaryOperator<PaymentGateway> gateways;
  private MongoClient mongo;
  private PaymentGateway gateway;
  private ServiceBinder binder;
  private MessageConsumer<JsonObject> serviceConsumer;

  public PaymentVerticle(NodeContext node) {
    this(node, UnaryOperator.identity());
  }

  /**
   * @param gateways wraps the configured gateway: tests use it to stop a refund between the
   *     gateway's answer and its write, as a crash would
   */
  PaymentVerticle(NodeContext node, UnaryOperator<PaymentGateway> gateways) {
    this.node = node;
    this.gateways = gateways;
  }

  @Override
  public Future<?> start() {
    PaymentSettings settings;
    try {
      settings = PaymentSettings.from(node.config());
    } catch (IllegalArgumentException misconfigured) {
      return Future.failedFuture(misconfigured);
    }
    mongo = node.mongo(DATABASE);
    try {
      gateway = gateways.apply(PaymentGateway.create(vertx, settings, mongo));
    } catch (IllegalArgumentException misconfigured) {
      return Future.failedFuture(misconfigured);
    }
    PaymentStore store = new PaymentStore(mongo);
    Refunds refunds = new Refunds(store, gateway, new RefundPolicy(settings.refund()));
    String webhookSecret = settings.stripe().webhookSecret();
    StripeSignature signature =
        webhookSecret.isBlank()
            ? null
            : new StripeSignature(webhookSecret, settings.stripe().webhookTolerance());
    return vertx
        .executeBlocking(PaymentVerticle::chargeSchema)
        .compose(
            schema ->
                store
                    .createIndexes()
                    .compose(
                        v -> {
                          binder = new ServiceBinder(vertx).setAddress(PaymentService.ADDRESS);
                          serviceConsumer =
                              binder.register(
                                  PaymentService.class,
                                  new PaymentServiceImpl(
                                      vertx, store, gateway, settings, schema, node.clock()));
                          return serviceConsumer.completion();
                        })
                    .compose(
                        v ->
                            node.events()
                                .consume(
                                    SubscriptionRegistry.get(Streams.TOUR_TOURS, GROUP),
                                    new TourEvents(refunds, node.clock()))))
        .onSuccess(
            v ->
                node.routes()
                    .register(
                        "payment",
                        "payments",
                        new PaymentRoutes(
                                store,
                                new StripeEvents(store, refunds, node.clock()),
                                signature,
                                node.pages(),
                                node.clock())
                            .table(node.auth())));
  }

  @Override
  public Future<?> stop() {
    if (serviceConsumer != null) {
      binder.unregister(serviceConsumer);
    }
    if (gateway != null) {
      gateway.close();
    }
    return mongo == null ? Future.succeededFuture() : mongo.close();
  }

  /** The JSON Schema of charge requests; reads the class path, so not on the event loop. */
  static Validator chargeSchema() {
    try (InputStream in =
        PaymentVerticle.class.getClassLoader().getResourceAsStream(CHARGE_SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException("No JSON Schema on the classpath at " + CHARGE_SCHEMA);
      }
      return Validator.create(
          JsonSchema.of(new JsonObject(Buffer.buffer(in.readAllBytes()))),
          new JsonSchemaOptions()
              .setDraft(Draft.DRAFT202012)
              .setBaseUri("https://tourbook.io/schemas/payment/")
              .setOutputFormat(OutputFormat.Basic));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

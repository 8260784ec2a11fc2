package io.tourbook.bridge;

import io.tourbook.bridge.BridgeSettings.StreamRoute;
import io.tourbook.bridge.sink.BatchingSink;
import io.tourbook.bridge.sink.EventBridgeSink;
import io.tourbook.bridge.sink.SqsSink;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.platform.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The bridge (DESIGN §4): group {@code bridge} consumes every stream and forwards each event to the
 * sinks configured for its stream. An event is acked to its subscription only when every sink of
 * its stream had AWS accept it, so delivery is at least once; FIFO queues drop the repeats by event
 * id, and standard-queue consumers by the event-id attribute, so the group keeps no processed
 * records of its own.
 */
public final class BridgeVerticle extends VerticleBase {

  static final String GROUP = "bridge";
  private static final String READINESS_CHECK = "bridge/sqs";

  private final NodeContext node;
  private final List<BatchingSink<?>> sinks = new ArrayList<>();
  private AwsClients clients;
  private SqsAsyncClient sqs;
  private EventBridgeAsyncClient eventBridge;

  public BridgeVerticle(NodeContext node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    BridgeSettings settings = BridgeSettings.from(node.config());
    clients = new AwsClients(settings);
    Future<Map<String, SqsSink>> queues = Future.succeededFuture(Map.of());
    if (settings.sqsEnabled()) {
      sqs = clients.sqs();
      queues = sqsSinks(settings);
    }
    EventBridgeSink bus = null;
    if (settings.eventBridgeEnabled()) {
      eventBridge = clients.eventBridge();
      bus = new EventBridgeSink(vertx, eventBridge, settings.busName(), settings.batch());
      sinks.add(bus);
    }
    EventBridgeSink busSink = bus;
    return queues.compose(
        queueSinks -> {
          List<Future<Void>> consumers = new ArrayList<>();
          for (StreamRoute route : settings.routes()) {
            List<BatchingSink<?>> targets = new ArrayList<>();
            route.sqsQueue().map(queueSinks::get).ifPresent(targets::add);
            if (route.eventBridge() && busSink != null) {
              targets.add(busSink);
            }
            if (!targets.isEmpty()) {
              consumers.add(
                  node.events().consumeIdempotent(subscription(route), e -> forward(targets, e)));
            }
          }
          return Future.all(consumers);
        });
  }

  @Override
  public Future<?> stop() {
    sinks.forEach(BatchingSink::close);
    node.readiness().unregister(READINESS_CHECK);
    return vertx.executeBlocking(
        () -> {
          if (sqs != null) {
            sqs.close();
          }
          if (eventBridge != null) {
            eventBridge.close();
          }
          clients.close();
          return null;
        });
  }

  private static Future<Void> forward(List<BatchingSink<?>> targets, EventEnvelope event) {
    return Future.all(targets.stream().map(sink -> sink.send(event)).toList()).mapEmpty();
  }

  private static Subscription subscription(StreamRoute route) {
    String id = route.stream().name() + "." + GROUP;
    return SubscriptionRegistry.find(id)
        .orElseThrow(() -> new IllegalStateException("no subscription " + id + " registered"));
  }

  /** A sink per configured queue, after finding (or, when configured to, creating) its URL. */
  private Future<Map<String, SqsSink>> sqsSinks(BridgeSettings settings) {
    Map<String, SqsSink> byQueue = new HashMap<>();
    List<Future<?>> resolved = new ArrayList<>();
    settings.routes().stream()
        .flatMap(route -> route.sqsQueue().stream())
        .distinct()
        .forEach(
            queue ->
                resolved.add(
                    queueUrl(settings, queue)
                        .onSuccess(
                            url -> {
                              SqsSink sink = new SqsSink(vertx, sqs, queue, url, settings.batch());
                              byQueue.put(queue, sink);
                              sinks.add(sink);
                            })));
    return Future.all(resolved).onSuccess(all -> registerReadiness(byQueue)).map(all -> byQueue);
  }

  /**
   * The queue's URL; like every call, it is retried with backoff, so a blip does not fail start.
   */
  private Future<String> queueUrl(BridgeSettings settings, String queue) {
    return retried(settings, () -> queueUrl(queue, settings.createQueues()), 1);
  }

  private <T> Future<T> retried(BridgeSettings settings, Supplier<Future<T>> call, int attempt) {
    return call.get()
        .recover(
            failure ->
                attempt >= settings.batch().maxAttempts()
                    ? Future.failedFuture(failure)
                    : vertx
                        .timer(settings.batch().backoff().delayMs(attempt))
                        .compose(fired -> retried(settings, call, attempt + 1)));
  }

  private Future<String> queueUrl(String queue, boolean create) {
    if (!create) {
      return Future.fromCompletionStage(
              sqs.getQueueUrl(request -> request.queueName(queue)), context)
          .map(response -> response.queueUrl());
    }
    Map<QueueAttributeName, String> attributes = new HashMap<>();
    if (BridgeSettings.isFifo(queue)) {
      attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
    }
    return Future.fromCompletionStage(
            sqs.createQueue(request -> request.queueName(queue).attributes(attributes)), context)
        .map(response -> response.queueUrl());
  }

  /** Ready while SQS answers for the first queue; the others share its endpoint and role. */
  private void registerReadiness(Map<String, SqsSink> byQueue) {
    byQueue.values().stream()
        .findFirst()
        .ifPresent(
            sink ->
                node.readiness()
                    .register(
                        READINESS_CHECK,
                        promise ->
                            Future.fromCompletionStage(
                                    sqs.getQueueUrl(
                                        request -> request.queueName(sink.destination())),
                                    context)
                                .onSuccess(url -> promise.complete(Status.OK()))
                                .onFailure(
                                    failure ->
                                        promise.complete(
                                            Status.KO(
                                                new JsonObject()
                                                    .put("error", failure.getMessage()))))));
  }
}

package io.tourbook.platform.testsupport;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventSchemas;
import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.platform.events.EventFixtures.GroupVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A consumer group of a test that records the events of a stream, to validate them. */
public final class EventProbe {

  private static final EventSchemas SCHEMAS = EventSchemas.load();

  private final List<EventEnvelope> seen = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private String deployment;

  public static Future<EventProbe> start(Vertx vertx, TestNode node, StreamId stream) {
    EventProbe probe = new EventProbe();
    Subscription subscription =
        new Subscription(
            stream, "probe" + stream.service(), List.of(stream.entity().split("\\.")[0] + ".*"));
    return vertx
        .deployVerticle(
            new GroupVerticle(
                node.node.events(),
                subscription,
                event -> {
                  probe.seen.add(event);
                  return Future.succeededFuture();
                }))
        .map(
            id -> {
              probe.vertx = vertx;
              probe.deployment = id;
              return probe;
            });
  }

  /** Ends the probe's consumer and dispatcher; before the node stops. */
  public Future<Void> stop() {
    return vertx.undeploy(deployment);
  }

  public List<EventEnvelope> seen() {
    return List.copyOf(seen);
  }

  /** The recorded events of {@code type} about {@code subject}, in the order they arrived. */
  public List<EventEnvelope> seen(String type, String subject) {
    return seen.stream()
        .filter(event -> event.type().equals(type) && event.subject().equals(subject))
        .toList();
  }

  /**
   * The first event of {@code type} about {@code subject}, waiting for it up to {@link
   * Eventually#DEADLINE}.
   */
  public EventEnvelope await(String type, String subject) throws Exception {
    return Eventually.until(
        type + " about " + subject,
        () -> seen(type, subject).stream().findFirst().orElse(null),
        event -> true);
  }

  /** Asserts every recorded event against the event schemas. */
  public void assertAllValid() {
    seen.forEach(event -> SCHEMAS.assertValid(event.toJson()));
  }
}

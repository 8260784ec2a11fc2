package io.tourbook.platform.events;

import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Live event stream (Server-Sent Events)")
class EventStreamTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String LISTINGS = SubscriptionRegistry.liveAddress(Streams.LISTING_LISTINGS);
  private static final Pattern SSE_EVENT = Pattern.compile("event: (\\S+)\\ndata: (.*)\\n\\n");

  /** Event-bus handlers registered per address, through the metrics SPI. */
  private final Map<String, AtomicInteger> handlers = new ConcurrentHashMap<>();

  private Vertx vertx;
  private TestNode node;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    vertx =
        Vertx.builder()
            .with(new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)))
            .withMetrics(options -> new HandlerCounting())
            .build();
    TestBackingServices.get().reset();
    node = await(TestNode.start(vertx, TestBackingServices.get().config(), List.of()));
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    await(node.stop());
    await(http.close());
    await(vertx.close());
  }

  @Test
  @DisplayName(
      "An admin's stream carries the matching live events and its consumers go when the client does")
  void streamsMatchingEventsUntilTheClientLeaves() throws Exception {
    int before = registered(LISTINGS);
    StringBuffer received = new StringBuffer();
    HttpClientResponse response =
        await(
            http.request(
                    HttpMethod.GET,
                    node.port,
                    "localhost",
                    "/api/v1/events/stream?type=listing.updated")
                .compose(
                    request ->
                        request
                            .putHeader("Authorization", "Bearer " + node.token("root", Roles.ADMIN))
                            .send()
                            .onSuccess(
                                started ->
                                    started.handler(chunk -> received.append(chunk.toString())))));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
    until("the stream to connect", TIMEOUT, () -> received.toString().contains(": connected"));
    assertThat(registered(LISTINGS)).isEqualTo(before + 1);

    // The live dispatchers start from now, once they hold their lock: write until one is heard.
    MongoClient listings = EventFixtures.listingDatabase(vertx, node.config);
    AtomicInteger written = new AtomicInteger();
    until(
        "a live listing.updated event",
        TIMEOUT,
        () -> {
          String id = "streamed-" + written.incrementAndGet();
          try {
            await(
                EventFixtures.write(listings, id, 0)
                    .compose(v -> EventFixtures.write(listings, id, 1)));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          return !events(received.toString()).isEmpty();
        });

    List<JsonObject> events = events(received.toString());
    assertThat(events).extracting(event -> event.getString("type")).containsOnly("listing.updated");
    assertThat(events.get(0).getString("subject")).startsWith("streamed-");
    EventFixtures.SCHEMAS.assertValid(events.get(0));

    await(response.request().connection().close());
    until(
        "the stream's consumers to be unregistered", TIMEOUT, () -> registered(LISTINGS) == before);
  }

  @Test
  @DisplayName("The stream refuses a malformed type pattern with 400 and a non-admin with 403")
  void refusesBadPatternsAndNonAdmins() throws Exception {
    String admin = node.token("root", Roles.ADMIN);
    for (String pattern : List.of("tour.*.x", "%24where", "tour.", "*.created")) {
      assertThat(await(node.get("/api/v1/events/stream?type=" + pattern, admin)).statusCode())
          .as(pattern)
          .isEqualTo(400);
    }
    assertThat(await(node.get("/api/v1/events/stream?since=1", admin)).statusCode()).isEqualTo(400);
    assertThat(
            await(node.get("/api/v1/events/stream", node.token("c1", Roles.CUSTOMER))).statusCode())
        .isEqualTo(403);
    assertThat(await(node.get("/api/v1/events/stream", null)).statusCode()).isEqualTo(401);
  }

  private int registered(String address) {
    return handlers.getOrDefault(address, new AtomicInteger()).get();
  }

  private static List<JsonObject> events(String stream) {
    List<JsonObject> events = new ArrayList<>();
    Matcher matcher = SSE_EVENT.matcher(stream);
    while (matcher.find()) {
      JsonObject event = new JsonObject(matcher.group(2));
      assertThat(event.getString("type")).isEqualTo(matcher.group(1));
      events.add(event);
    }
    return events;
  }

  private final class HandlerCounting implements VertxMetrics {
    @Override
    public EventBusMetrics<?> createEventBusMetrics() {
      return new EventBusMetrics<String>() {
        @Override
        public String handlerRegistered(String address) {
          handlers.computeIfAbsent(address, any -> new AtomicInteger()).incrementAndGet();
          return address;
        }

        @Override
        public void handlerUnregistered(String address) {
          handlers.get(address).decrementAndGet();
        }
      };
    }
  }
}

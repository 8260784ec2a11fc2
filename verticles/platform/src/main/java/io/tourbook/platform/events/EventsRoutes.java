package io.tourbook.platform.events;

import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.QueryParams;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin routes of the event plumbing, under {@code /api/v1/events}: subscription status, the dead
 * letters with their replay, and a live Server-Sent-Events stream of the best-effort fan-out.
 */
public final class EventsRoutes {

  private static final Pattern DEAD_LETTER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");
  private static final Set<String> STATUSES = Set.of("parked", "replayed");
  private static final Set<String> STREAM_PARAMS = Set.of("type");

  /** An exact event type such as {@code tour.created}, or a prefix glob such as {@code tour.*}. */
  private static final Pattern TYPE_PATTERN =
      Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*(\\.\\*)?|\\*");

  private static final int MAX_PATTERN_LENGTH = 100;
  private static final long HEARTBEAT_MS = 15_000;
  private static final Logger LOG = LoggerFactory.getLogger(EventsRoutes.class);

  private final DurableEvents events;
  private final Pages pages;

  public EventsRoutes(DurableEvents events, Pages pages) {
    this.events = events;
    this.pages = pages;
  }

  /** The admin routes, each for admins only. */
  public RouteTable table(Auth auth) {
    Access admin = Access.roles(Roles.ADMIN);
    return new RouteTable(auth)
        .add(HttpMethod.GET, "/subscriptions", admin, this::subscriptions)
        .add(HttpMethod.GET, "/deadletters", admin, this::deadLetters)
        .add(HttpMethod.GET, "/deadletters/:id", admin, this::deadLetter)
        .add(HttpMethod.POST, "/deadletters/:id/replay", admin, this::replay)
        .add(HttpMethod.GET, "/stream", admin, this::stream);
  }

  private void subscriptions(RoutingContext ctx) {
    events
        .subscriptions()
        .onSuccess(items -> ctx.json(new JsonObject().put("items", items)))
        .onFailure(ctx::fail);
  }

  private void deadLetters(RoutingContext ctx) {
    String subscription = QueryParams.single(ctx, "subscription");
    if (subscription != null && SubscriptionRegistry.find(subscription).isEmpty()) {
      throw ApiException.badRequest("unknown subscription " + subscription);
    }
    String status = QueryParams.oneOf(ctx, "status", STATUSES);
    Pages.Page page = pages.page(ctx);
    events
        .deadLetters(subscription, status, page.skip(), page.size())
        .onSuccess(
            result ->
                ctx.json(page.response(result.getJsonArray("items"), result.getLong("total"))))
        .onFailure(ctx::fail);
  }

  private void deadLetter(RoutingContext ctx) {
    String id = deadLetterId(ctx);
    events
        .deadLetter(id)
        .onSuccess(
            letter -> {
              if (letter == null) {
                ctx.fail(ApiException.notFound("no dead letter " + id));
              } else {
                ctx.json(letter);
              }
            })
        .onFailure(ctx::fail);
  }

  private void replay(RoutingContext ctx) {
    events.replay(deadLetterId(ctx)).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /**
   * {@code ?type=PATTERN}: every event of the live fan-out whose type matches, as Server-Sent
   * Events, until the client goes away. Best effort: an event that finds the client's write queue
   * full is skipped, never buffered without bound.
   */
  private void stream(RoutingContext ctx) {
    QueryParams.allowOnly(ctx, STREAM_PARAMS);
    Predicate<String> matches = typeFilter(ctx.queryParam("type"));
    new LiveStream(ctx.vertx(), ctx.response(), matches)
        .open()
        .onFailure(
            failure -> {
              if (!ctx.response().headWritten()) {
                ctx.fail(failure);
              }
            });
  }

  /** One client's stream: its consumers and heartbeat, released once when the client goes. */
  private static final class LiveStream {
    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Predicate<String> matches;
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    private long heartbeat = -1;
    private boolean released;

    LiveStream(Vertx vertx, HttpServerResponse response, Predicate<String> matches) {
      this.vertx = vertx;
      this.response = response;
      this.matches = matches;
    }

    /**
     * Registers a consumer per stream and answers with a first comment once every one is
     * registered, cluster-wide too: from then on the client misses no event of the fan-out.
     */
    Future<Void> open() {
      for (StreamId stream : Streams.ALL) {
        consumers.add(
            vertx
                .eventBus()
                .<JsonObject>consumer(
                    SubscriptionRegistry.liveAddress(stream), message -> send(message.body())));
      }
      heartbeat = vertx.setPeriodic(HEARTBEAT_MS, tick -> write(": heartbeat\n\n"));
      response.closeHandler(closed -> release());
      response.endHandler(ended -> release());
      response
          .setChunked(true)
          .putHeader("Content-Type", "text/event-stream; charset=utf-8")
          .putHeader("Cache-Control", "no-store");
      return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
          .compose(registered -> response.write(": connected\n\n"))
          .onFailure(failure -> release());
    }

    private void send(JsonObject event) {
      String type = event.getString("type");
      if (type != null && matches.test(type)) {
        write(
            "id: "
                + event.getString("id")
                + "\nevent: "
                + type
                + "\ndata: "
                + event.encode()
                + "\n\n");
      }
    }

    /** Best effort: what finds the client's write queue full is skipped, never buffered. */
    private void write(String text) {
      if (!released && !response.ended() && !response.writeQueueFull()) {
        response.write(text).onFailure(failure -> release());
      }
    }

    private void release() {
      if (released) {
        return;
      }
      released = true;
      vertx.cancelTimer(heartbeat);
      Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
          .onFailure(failure -> LOG.debug("A live stream consumer was already gone", failure));
    }
  }

  private static Predicate<String> typeFilter(List<String> values) {
    if (values.isEmpty()) {
      return type -> true;
    }
    String pattern = values.get(0);
    if (values.size() > 1
        || pattern.length() > MAX_PATTERN_LENGTH
        || !TYPE_PATTERN.matcher(pattern).matches()) {
      throw ApiException.badRequest(
          "type must be given once, as an event type (tour.created) or a prefix ending in .*"
              + " (tour.*).");
    }
    if (pattern.equals("*")) {
      return type -> true;
    }
    if (pattern.endsWith(".*")) {
      String prefix = pattern.substring(0, pattern.length() - 1);
      return type -> type.startsWith(prefix);
    }
    return pattern::equals;
  }

  private static String deadLetterId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !DEAD_LETTER_ID.matcher(id).matches()) {
      throw ApiException.badRequest("invalid dead letter id");
    }
    return id;
  }
}

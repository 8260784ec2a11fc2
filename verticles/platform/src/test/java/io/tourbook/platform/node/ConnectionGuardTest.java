package io.tourbook.platform.node;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tourbook.platform.health.Metrics;
import io.tourbook.platform.http.ThingsService;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server's bounds on connections, attacked with raw sockets: slowloris, idle keep-alive
 * connections, more connections than the cap, malformed chunk sizes.
 */
class ConnectionGuardTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final int SLOW_CONNECTIONS = 300;
  private static final Pattern ACTIVE_REQUESTS =
      Pattern.compile("(?m)^vertx_http_server_active_requests\\{[^}]*} (\\S+)$");

  private Vertx vertx;
  private TestNode node;
  private NetClient sockets;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      await(node.stop());
    }
    await(vertx.close());
  }

  @Test
  @DisplayName(
      "Slowloris: heads sent a byte at a time are closed after the header timeout, and /health answers meanwhile")
  void slowHeadsAreClosed() throws Exception {
    start(http -> http.put("header-timeout-seconds", 10).put("idle-timeout-seconds", 60));
    AtomicInteger closed = new AtomicInteger();
    List<Future<NetSocket>> connecting = new ArrayList<>();
    for (int i = 0; i < SLOW_CONNECTIONS; i++) {
      connecting.add(
          sockets
              .connect(node.port, "localhost")
              .onSuccess(
                  socket -> {
                    socket.closeHandler(v -> closed.incrementAndGet());
                    socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n");
                  }));
    }
    List<NetSocket> slow = await(Future.all(connecting)).list();
    // A byte every 200 ms: never idle, never a complete head.
    long trickle =
        vertx.setPeriodic(200, id -> slow.forEach(socket -> socket.write("X-Slow: 1\r\n")));
    try {
      assertThat(await(node.get("/health", null)).statusCode()).isEqualTo(200);
      int openWhileAsked = SLOW_CONNECTIONS - closed.get();
      assertThat(openWhileAsked).as("slow connections open while /health answered").isPositive();
      Eventually.until(
          "every slow connection closed by the server",
          DEADLINE,
          () -> closed.get() == SLOW_CONNECTIONS);
    } finally {
      vertx.cancelTimer(trickle);
    }
  }

  @Test
  @DisplayName("An idle keep-alive connection is closed after the idle timeout")
  void idleKeepAliveIsClosed() throws Exception {
    start(http -> http.put("header-timeout-seconds", 60).put("idle-timeout-seconds", 1));
    StringBuilder received = new StringBuilder();
    AtomicBoolean closed = new AtomicBoolean();
    NetSocket socket = connect(received, closed);
    socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
    Eventually.until("the answer", DEADLINE, () -> received.toString().startsWith("HTTP/1.1 200"));
    Eventually.until("the idle connection closed by the server", DEADLINE, closed::get);
  }

  @Test
  @DisplayName(
      "A keep-alive connection that sends no next request head is closed after the header timeout it advertises")
  void keepAliveWithoutNextHeadIsClosed() throws Exception {
    start(http -> http.put("header-timeout-seconds", 1).put("idle-timeout-seconds", 60));
    StringBuilder received = new StringBuilder();
    AtomicBoolean closed = new AtomicBoolean();
    NetSocket socket = connect(received, closed);
    socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
    Eventually.until("the answer", DEADLINE, () -> received.toString().startsWith("HTTP/1.1 200"));
    assertThat(received.toString())
        .as("the keep-alive window advertised")
        .containsIgnoringCase("keep-alive: timeout=1\r\n");
    socket.write("GET /health HTTP/1.1\r\n");
    Eventually.until("the connection closed by the server", DEADLINE, closed::get);
    assertThat(received.toString()).as("one answer only").containsOnlyOnce("HTTP/1.1");
  }

  @Test
  @DisplayName(
      "A connection beyond http.max-connections is closed; one is accepted again once another closed")
  void connectionsBeyondTheCapAreClosed() throws Exception {
    int cap = 5;
    start(http -> http.put("max-connections", cap).put("header-timeout-seconds", 60));
    List<NetSocket> sockets = new ArrayList<>();
    List<AtomicBoolean> closed = new ArrayList<>();
    for (int i = 0; i <= cap; i++) {
      AtomicBoolean isClosed = new AtomicBoolean();
      closed.add(isClosed);
      sockets.add(connect(socket -> socket.closeHandler(v -> isClosed.set(true))));
    }
    // The server may take the six in another order than they connected: whichever it counts
    // beyond the cap is the one closed.
    Eventually.until(
        "the connection beyond the cap closed by the server",
        DEADLINE,
        () -> closed.stream().filter(AtomicBoolean::get).count() == 1);
    assertThat(closed.stream().filter(AtomicBoolean::get).count()).isEqualTo(1);

    int stillOpen = closed.indexOf(closed.stream().filter(c -> !c.get()).findFirst().orElseThrow());
    await(sockets.get(stillOpen).close());
    Eventually.until(
        "a new connection accepted again",
        DEADLINE,
        () -> {
          try {
            return await(node.get("/health", null)).statusCode() == 200;
          } catch (Exception refused) {
            return false;
          }
        });
  }

  @Test
  @DisplayName(
      "A malformed chunk size (-1, zz) is a 400 problem, logs no error and leaves active requests at 0")
  void malformedChunkIsBadRequest() throws Exception {
    start(http -> {});
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    log.start();
    root.addAppender(log);
    try {
      for (String size : List.of("-1", "zz")) {
        StringBuilder received = new StringBuilder();
        AtomicBoolean closed = new AtomicBoolean();
        NetSocket socket = connect(received, closed);
        socket.write(
            "POST /api/v1/things/open HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + size
                + "\r\n{\"title\":\"a\"}\r\n0\r\n\r\n");
        Eventually.until("the connection closed after the answer", DEADLINE, closed::get);
        assertThat(received.toString())
            .as("chunk size " + size)
            .startsWith("HTTP/1.1 400")
            .contains("application/problem+json")
            .contains("chunked encoding is malformed");
      }
      String metrics = await(node.get("/metrics", null)).bodyAsString();
      Matcher active = ACTIVE_REQUESTS.matcher(metrics);
      List<Double> values = new ArrayList<>();
      while (active.find()) {
        values.add(Double.parseDouble(active.group(1)));
      }
      assertThat(values)
          .as(metrics)
          .isNotEmpty()
          .allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
      assertThat(log.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
    } finally {
      root.detachAppender(log);
    }
  }

  private void start(Consumer<JsonObject> http) throws Exception {
    TestBackingServices.get().reset();
    vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(Metrics.options()));
    JsonObject config = TestBackingServices.get().config();
    http.accept(config.getJsonObject("http"));
    node = await(ThingsService.node(vertx, config));
    sockets = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
  }

  /** A raw connection, with {@code setup} applied on the event loop before any event reaches it. */
  private NetSocket connect(Consumer<NetSocket> setup) throws Exception {
    return await(sockets.connect(node.port, "localhost").onSuccess(setup::accept));
  }

  /** A raw connection that records what it receives and whether it was closed. */
  private NetSocket connect(StringBuilder received, AtomicBoolean closed) throws Exception {
    return connect(
        socket -> {
          socket.handler(bytes -> received.append(bytes.toString()));
          socket.closeHandler(v -> closed.set(true));
        });
  }
}

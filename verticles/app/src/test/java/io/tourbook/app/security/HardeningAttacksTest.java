package io.tourbook.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.app.Platform;
import io.tourbook.platform.testsupport.DatabaseSnapshot;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The attacks of the hardening issue, on the whole platform with its default limits: slowloris and
 * malformed chunks against the node, concurrent password guesses, an attacker locking the owner
 * out, registration probing for known e-mails, look-alike e-mails, and a reschedule to year 9999.
 */
@DisplayName("Security: connection, login, identity and time-bound attacks")
class HardeningAttacksTest extends WorldTest {

  private static final int SLOW_CONNECTIONS = 200;
  private static final int GUESSES = 60;

  /** iam.login.max-failures in config/default.yaml. */
  private static final int LOGIN_LIMIT = 5;

  private NetClient sockets;
  private WebClient fromOtherAddress;

  @BeforeAll
  void clients(Vertx vertx) {
    sockets = vertx.createNetClient();
    // Every 127.x.x.x address is this machine: a second client address without a proxy header.
    fromOtherAddress =
        WebClient.create(
            vertx,
            TestNode.clientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(world.platform.node.port)
                .setLocalAddress("127.0.0.2"));
  }

  @AfterAll
  void closeClients() {
    fromOtherAddress.close();
  }

  @Test
  @DisplayName("Slowloris: /health answers during 200 slow heads, which the node then closes")
  void slowlorisIsCutOff(Vertx vertx) throws Exception {
    AtomicInteger closed = new AtomicInteger();
    List<Future<NetSocket>> connecting = new ArrayList<>();
    for (int i = 0; i < SLOW_CONNECTIONS; i++) {
      connecting.add(
          sockets
              .connect(world.platform.node.port, "localhost")
              .onSuccess(
                  socket -> {
                    socket.closeHandler(v -> closed.incrementAndGet());
                    socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n");
                  }));
    }
    List<NetSocket> slow = Eventually.await(Future.all(connecting)).list();
    long trickle =
        vertx.setPeriodic(500, id -> slow.forEach(socket -> socket.write("X-Slow: 1\r\n")));
    try {
      assertThat(world.platform.get("/health", null).statusCode()).isEqualTo(200);
      assertThat(SLOW_CONNECTIONS - closed.get()).as("slow heads still open").isPositive();
      Eventually.until(
          "every slow head closed by the node",
          Platform.DEADLINE,
          () -> closed.get() == SLOW_CONNECTIONS);
    } finally {
      vertx.cancelTimer(trickle);
    }
  }

  @Test
  @DisplayName("A malformed chunk size on an API route is a 400 problem and changes nothing")
  void malformedChunkIsRefused() throws Exception {
    DatabaseSnapshot before = world.settledSnapshot();
    for (String size : List.of("-1", "zz")) {
      StringBuilder received = new StringBuilder();
      AtomicBoolean closed = new AtomicBoolean();
      NetSocket socket =
          Eventually.await(
              sockets
                  .connect(world.platform.node.port, "localhost")
                  .onSuccess(
                      connected -> {
                        connected.handler(bytes -> received.append(bytes.toString()));
                        connected.closeHandler(v -> closed.set(true));
                      }));
      socket.write(
          "POST /api/v1/carts/me/items HTTP/1.1\r\nHost: localhost\r\n"
              + "Authorization: Bearer "
              + world.customerB.token()
              + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
              + size
              + "\r\n{\"listingId\":\""
              + world.listingA
              + "\"}\r\n0\r\n\r\n");
      Eventually.until("the answer and the close", Platform.DEADLINE, closed::get);
      assertThat(received.toString()).as("chunk size " + size).startsWith("HTTP/1.1 400");
    }
    assertThat(before.differences(world.snapshot())).isEmpty();
  }

  @Test
  @DisplayName(
      "60 simultaneous guesses check at most the limit's passwords, none 503; the owner still logs in from another address")
  void concurrentGuessesNeitherPassNorLockOut() throws Exception {
    String email = Platform.email("victim");
    world.platform.register("customer", email, new JsonObject());
    List<Future<HttpResponse<Buffer>>> guesses = new ArrayList<>();
    for (int i = 0; i < GUESSES; i++) {
      guesses.add(
          world
              .platform
              .node
              .request(HttpMethod.POST, "/api/v1/iam/login", null)
              .sendJsonObject(credentials(email, "Wrong-Password-" + i)));
    }
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (HttpResponse<Buffer> response :
        Eventually.await(Future.join(guesses)).<HttpResponse<Buffer>>list()) {
      statuses.merge(response.statusCode(), 1, Integer::sum);
    }
    assertThat(statuses).isEqualTo(Map.of(401, LOGIN_LIMIT, 429, GUESSES - LOGIN_LIMIT));
    assertThat(
            world
                .platform
                .call(
                    HttpMethod.POST,
                    "/api/v1/iam/login",
                    null,
                    credentials(email, Platform.PASSWORD))
                .statusCode())
        .as("the right password from the attacking address")
        .isEqualTo(429);

    HttpResponse<Buffer> owner =
        Eventually.await(
            fromOtherAddress
                .post("/api/v1/iam/login")
                .sendJsonObject(credentials(email, Platform.PASSWORD)));
    assertThat(owner.statusCode()).as("the owner from another address").isEqualTo(200);
  }

  @Test
  @DisplayName("Registering a known e-mail is answered like a new one and changes nothing")
  void registrationDoesNotTellKnownEmails() throws Exception {
    String email = Platform.email("known");
    JsonObject body =
        new JsonObject()
            .put("email", email)
            .put("password", Platform.PASSWORD)
            .put("name", "Known")
            .put("role", "customer");
    HttpResponse<Buffer> fresh =
        world.platform.call(HttpMethod.POST, "/api/v1/iam/register", null, body);
    DatabaseSnapshot before = world.settledSnapshot();
    HttpResponse<Buffer> known =
        world.platform.call(
            HttpMethod.POST, "/api/v1/iam/register", null, body.copy().put("role", "provider"));
    assertThat(known.statusCode()).isEqualTo(fresh.statusCode()).isEqualTo(201);
    assertThat(known.bodyAsJsonObject().fieldNames())
        .isEqualTo(fresh.bodyAsJsonObject().fieldNames());
    assertThat(before.differences(world.settledSnapshot())).isEmpty();
  }

  @Test
  @DisplayName("Look-alike e-mails (Cyrillic, zero-width, NUL, trailing dot, dotless i) are 400")
  void lookAlikeEmailsAreRefused() throws Exception {
    DatabaseSnapshot before = world.settledSnapshot();
    for (String email :
        List.of(
            "p\u0430t@example.com",
            "pat\u200B@example.com",
            "pat\u0000@example.com",
            "pat@example.com.",
            "p\u0131t@example.com")) {
      JsonObject body =
          new JsonObject()
              .put("email", email)
              .put("password", Platform.PASSWORD)
              .put("name", "Look-alike")
              .put("role", "customer");
      HttpResponse<Buffer> response =
          world.platform.call(HttpMethod.POST, "/api/v1/iam/register", null, body);
      assertThat(response.statusCode()).as(email).isEqualTo(400);
    }
    assertThat(before.differences(world.snapshot())).isEmpty();
  }

  @Test
  @DisplayName(
      "Rescheduling a tour to year 9999 or past the booking horizon is a 400 and changes nothing")
  void rescheduleOutsideTheHorizonIsRefused() throws Exception {
    DatabaseSnapshot before = world.settledSnapshot();
    for (String start :
        List.of("9999-12-31T10:00:00Z", Instant.now().plusSeconds(91L * 86400).toString())) {
      JsonObject body =
          new JsonObject()
              .put("preferredTimes", new JsonArray().add(new JsonObject().put("start", start)));
      HttpResponse<Buffer> response =
          world.platform.call(
              HttpMethod.POST,
              "/api/v1/tours/" + world.tourA + "/reschedule",
              world.customerA.token(),
              body);
      assertThat(response.statusCode()).as(start + ": " + response.bodyAsString()).isEqualTo(400);
    }
    assertThat(before.differences(world.snapshot())).isEmpty();
  }

  private static JsonObject credentials(String email, String password) {
    return new JsonObject().put("email", email).put("password", password);
  }
}

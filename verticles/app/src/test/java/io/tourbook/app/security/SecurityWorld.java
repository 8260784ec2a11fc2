package io.tourbook.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.app.Platform;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.testsupport.DatabaseSnapshot;
import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Every service on one node with two of each kind of user and something each of them owns: the
 * provider's listings, the customer's cart, payment and scheduled tour, the realtor's assigned
 * tour. Attacks run as the "other" user (or as the owner with a forbidden request) and must change
 * nothing; the routes come from the node's route tables, so a new route is attacked too.
 */
final class SecurityWorld {

  static final double LAT = 6.4500;
  static final double LON = 3.3900;
  private static final Duration SETTLE_INTERVAL = Duration.ofMillis(300);

  /** Someone who uses the platform: account id and token. */
  record User(String id, String token) {}

  private static final String LIVE_STREAM = "/api/v1/events/stream";

  /** A route of a service: where it is mounted and its table entry. */
  record Route(String mount, RouteTable.Entry entry) {

    String template() {
      return "/api/v1/" + mount + entry.path();
    }

    boolean writes() {
      return entry.method() != HttpMethod.GET;
    }

    @Override
    public String toString() {
      return entry.method() + " " + template();
    }
  }

  final Platform platform;
  final User providerA;
  final User providerB;
  final User realtorA;
  final User realtorB;
  final User customerA;
  final User customerB;
  final User admin;
  final String listingA;
  final String listingA2;
  final String listingB;
  final String paymentA;
  final String tourA;
  private JsonObject openApi;

  private SecurityWorld(Platform platform, Builder built) {
    this.platform = platform;
    this.providerA = built.providerA;
    this.providerB = built.providerB;
    this.realtorA = built.realtorA;
    this.realtorB = built.realtorB;
    this.customerA = built.customerA;
    this.customerB = built.customerB;
    this.admin = new User(null, platform.adminToken);
    this.listingA = built.listingA;
    this.listingA2 = built.listingA2;
    this.listingB = built.listingB;
    this.paymentA = built.paymentA;
    this.tourA = built.tourA;
  }

  /** Builds the world and waits until every event it caused has been handled. */
  static SecurityWorld start(Vertx vertx) throws Exception {
    Platform platform = Platform.start(vertx);
    return new SecurityWorld(platform, new Builder(platform).build());
  }

  void stop() throws Exception {
    Eventually.await(platform.node.stop());
  }

  /** The state of every database once background work has settled. */
  DatabaseSnapshot settledSnapshot() throws Exception {
    return DatabaseSnapshot.settled(mongoUri(), SETTLE_INTERVAL, Platform.DEADLINE);
  }

  DatabaseSnapshot snapshot() {
    return DatabaseSnapshot.take(mongoUri());
  }

  private String mongoUri() {
    return platform.node.config.getJsonObject("mongo").getString("uri");
  }

  /**
   * Every route of every route table on the node, the platform's admin routes included, but the
   * live event stream: its response never ends, so only the authorization matrix, which reads no
   * more than the status, walks it.
   */
  List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<String, RouteTable> table :
        new TreeMap<>(platform.node.node.routes().tables()).entrySet()) {
      table.getValue().entries().stream()
          .map(entry -> new Route(table.getKey(), entry))
          .filter(route -> !route.template().equals(LIVE_STREAM))
          .forEach(routes::add);
    }
    return routes;
  }

  /**
   * The route's path with its parameters set to what the legitimate caller of {@link #ownerOf}
   * owns, so that a request that got past validation would change something real.
   */
  String ownedPath(Route route) {
    String id =
        switch (route.mount()) {
          case "listings" -> listingA;
          case "carts" -> listingA2;
          case "payments" -> paymentA;
          case "tours" -> tourA;
          case "iam" -> customerA.id();
          default -> "no-such-id";
        };
    return route.template().replaceAll(":[A-Za-z]+", id).replaceAll("/$", "");
  }

  /** The token of the user the route is for: the owner of what {@link #ownedPath} names. */
  String ownerOf(Route route) {
    RouteTable.Access access = route.entry().access();
    if (!access.authenticated()) {
      return null;
    }
    if (access.roles().equals(Roles.ALL) || access.allows(Roles.CUSTOMER)) {
      return customerA.token();
    }
    if (access.allows(Roles.PROVIDER)) {
      return providerA.token();
    }
    if (access.allows(Roles.REALTOR)) {
      return realtorA.token();
    }
    return admin.token();
  }

  /**
   * Sends {@code body} as it is (null: no body) with a fresh Idempotency-Key, so that a checkout is
   * refused for its body rather than for a missing header.
   */
  HttpResponse<Buffer> send(HttpMethod method, String path, String token, String body)
      throws Exception {
    HttpRequest<Buffer> request =
        platform
            .node
            .request(method, path, token)
            .putHeader("Idempotency-Key", UUID.randomUUID().toString());
    return Eventually.await(
        body == null
            ? request.send()
            : request
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)));
  }

  /** The query parameters the node's OpenAPI document names for {@code route}. */
  List<String> queryParameters(Route route) throws Exception {
    JsonObject operation = operation(route);
    List<String> names = new ArrayList<>();
    for (Object parameter : operation.getJsonArray("parameters", new JsonArray())) {
      JsonObject json = (JsonObject) parameter;
      if (json.getValue("$ref") instanceof String ref) {
        json = (JsonObject) JsonPointer.from(ref.substring(1)).queryJson(openApi);
      }
      if ("query".equals(json.getString("in"))) {
        names.add(json.getString("name"));
      }
    }
    return names;
  }

  /** Whether /openapi.json documents the route's operation. */
  boolean documented(Route route) throws Exception {
    return !operation(route).isEmpty();
  }

  /** The node's /openapi.json, as served. */
  JsonObject openApi() throws Exception {
    if (openApi == null) {
      openApi = send(HttpMethod.GET, "/openapi.json", null, null).bodyAsJsonObject();
    }
    return openApi;
  }

  private JsonObject operation(Route route) throws Exception {
    openApi();
    String path = route.template().replaceAll(":([A-Za-z]+)", "{$1}").replaceAll("/$", "");
    return openApi
        .getJsonObject("paths")
        .getJsonObject(path, new JsonObject())
        .getJsonObject(route.entry().method().name().toLowerCase(), new JsonObject());
  }

  /** The ids of everything the world's users own, to check that no refusal leaks them. */
  List<String> ids() {
    return List.of(
        providerA.id(),
        providerB.id(),
        realtorA.id(),
        realtorB.id(),
        customerA.id(),
        customerB.id(),
        listingA,
        listingA2,
        listingB,
        paymentA,
        tourA);
  }

  /** {@code text} as one URL path segment or query value. */
  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A body short enough for a failure message. */
  static String abbreviate(String body) {
    return body == null || body.length() <= 160
        ? String.valueOf(body)
        : body.substring(0, 160) + "...";
  }

  /** Builds the users and what they own through the public API, as users would. */
  private static final class Builder {

    private final Platform platform;
    private User providerA;
    private User providerB;
    private User realtorA;
    private User realtorB;
    private User customerA;
    private User customerB;
    private String listingA;
    private String listingA2;
    private String listingB;
    private String paymentA;
    private String tourA;

    Builder(Platform platform) {
      this.platform = platform;
    }

    Builder build() throws Exception {
      providerA = verified("provider", new JsonObject());
      providerB = verified("provider", new JsonObject());
      listingA = platform.createListing(providerA.token(), Platform.listing("A1", LAT, LON, 25));
      listingA2 =
          platform.createListing(
              providerA.token(), Platform.listing("A2", LAT + 0.003, LON + 0.002, 25));
      listingB =
          platform.createListing(
              providerB.token(), Platform.listing("B1", LAT - 0.003, LON - 0.002, 30));
      JsonObject near = new JsonObject().put("lat", LAT + 0.002).put("lon", LON + 0.002);
      realtorA = verified("realtor", new JsonObject().put("location", near));
      realtorB = verified("realtor", new JsonObject().put("location", near));
      expectStatus(
          platform.call(
              HttpMethod.PUT,
              "/api/v1/iam/me/availability",
              realtorA.token(),
              new JsonObject().put("status", "available").put("location", near)),
          200);
      platform.poll(
          "/api/v1/availability/realtors?status=available",
          platform.adminToken,
          page -> page.encode().contains(realtorA.id()));

      customerA = user("customer", new JsonObject());
      customerB = user("customer", new JsonObject());
      addToCart(customerA, listingA);
      HttpResponse<Buffer> paid =
          Eventually.await(
              platform
                  .node
                  .request(HttpMethod.POST, "/api/v1/carts/me/checkout", customerA.token())
                  .putHeader("Idempotency-Key", UUID.randomUUID().toString())
                  .sendJsonObject(
                      new JsonObject()
                          .put("paymentToken", "tok_visa")
                          .put("preferredTimes", Platform.preferredTimes())));
      expectStatus(paid, 201);
      paymentA = paid.bodyAsJsonObject().getString("paymentId");
      JsonObject tours =
          platform.poll(
              "/api/v1/tours", customerA.token(), page -> page.encode().contains("\"SCHEDULED\""));
      tourA = tours.getJsonArray("items").getJsonObject(0).getString("id");
      addToCart(customerA, listingA2);
      addToCart(customerB, listingB);
      return this;
    }

    private User user(String role, JsonObject extra) throws Exception {
      String email = Platform.email(role);
      String id = platform.register(role, email, extra);
      return new User(id, platform.login(email, Platform.PASSWORD));
    }

    private User verified(String role, JsonObject extra) throws Exception {
      String email = Platform.email(role);
      String id = platform.register(role, email, extra);
      platform.verify(id);
      return new User(id, platform.login(email, Platform.PASSWORD));
    }

    private void addToCart(User customer, String listingId) throws Exception {
      expectStatus(
          platform.call(
              HttpMethod.POST,
              "/api/v1/carts/me/items",
              customer.token(),
              new JsonObject().put("listingId", listingId)),
          201);
    }

    private static void expectStatus(HttpResponse<Buffer> response, int status) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    }
  }
}

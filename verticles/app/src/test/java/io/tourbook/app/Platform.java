package io.tourbook.app;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.node.NodeRuntime;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every service on one node over the test backing services, and the calls a user makes through
 * HTTP: register, log in, list, cart, check out. Cross-service tests read as the journey they
 * check.
 */
public final class Platform {

  public static final String ADMIN_EMAIL = "admin@tourbook.test";
  public static final String ADMIN_PASSWORD = "Admin-Password-1";
  public static final String PASSWORD = "Correct-Horse-9";
  public static final Duration DEADLINE = Duration.ofSeconds(90);

  public final TestNode node;
  public final String adminToken;

  /** Every answer this platform's calls got, checked against the node's /openapi.json. */
  final ApiContract contract;

  private Platform(TestNode node, String adminToken, ApiContract contract) {
    this.node = node;
    this.adminToken = adminToken;
    this.contract = contract;
  }

  public static Platform start(Vertx vertx) throws Exception {
    return start(vertx, config -> {}, NodeRuntime.availableServices());
  }

  /** Every given service on one node, with the test config changed by {@code configure}. */
  public static Platform start(
      Vertx vertx, Consumer<JsonObject> configure, List<ServiceModule> services) throws Exception {
    JsonObject config =
        TestNode.freshConfig(
            fresh -> {
              defaults(fresh);
              configure.accept(fresh);
            });
    TestNode node = await(TestNode.start(vertx, config, services));
    ApiContract contract =
        new ApiContract(await(node.get("/openapi.json", null)).bodyAsJsonObject());
    Platform platform = new Platform(node, null, contract);
    return new Platform(node, platform.login(ADMIN_EMAIL, ADMIN_PASSWORD), contract);
  }

  /** What every platform test runs with unless its {@code configure} says otherwise. */
  private static void defaults(JsonObject config) {
    config
        .getJsonObject("iam")
        .put("admin-email", ADMIN_EMAIL)
        .put("admin-password", ADMIN_PASSWORD)
        // Every test user registers from 127.0.0.1; the registration throttle has its own tests.
        .put("register", new JsonObject().put("max-per-address", 1000));
    config
        .getJsonObject("events")
        .put("backoff-initial-ms", 20)
        .put("backoff-max-ms", 500)
        .put("rebalance-ms", 200);
  }

  /** Registers an account and returns its id. */
  public String register(String role, String email, JsonObject extra) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("email", email)
            .put("password", PASSWORD)
            .put("name", role + " " + email)
            .put("role", role)
            .mergeIn(extra);
    HttpResponse<Buffer> response = call(HttpMethod.POST, "/api/v1/iam/register", null, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getString("id");
  }

  public String login(String email, String password) throws Exception {
    HttpResponse<Buffer> response =
        call(
            HttpMethod.POST,
            "/api/v1/iam/login",
            null,
            new JsonObject().put("email", email).put("password", password));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("accessToken");
  }

  public void verify(String accountId) throws Exception {
    HttpResponse<Buffer> response =
        call(HttpMethod.POST, "/api/v1/iam/accounts/" + accountId + "/verify", adminToken, null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isBetween(200, 204);
  }

  public static String email(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@tourbook.test";
  }

  public static JsonObject listing(String title, double lat, double lon, double fee) {
    return new JsonObject()
        .put("title", title)
        .put("description", "A bright place, close to the park.")
        .put("type", "apartment")
        .put("offer", "rent")
        .put("price", new JsonObject().put("amount", 1500).put("currency", "USD"))
        .put("tourFee", new JsonObject().put("amount", fee).put("currency", "USD"))
        .put(
            "location",
            new JsonObject()
                .put("lat", lat)
                .put("lon", lon)
                .put(
                    "address",
                    new JsonObject()
                        .put("street", "1 Main St")
                        .put("city", "Lagos")
                        .put("state", "Lagos")
                        .put("country", "NG")
                        .put("postcode", "100001")));
  }

  /** Creates a listing once the listing service has learnt that the provider is verified. */
  public String createListing(String providerToken, JsonObject listing) throws Exception {
    return Eventually.until(
        "the provider allowed to list",
        DEADLINE,
        () -> {
          HttpResponse<Buffer> response =
              call(HttpMethod.POST, "/api/v1/listings", providerToken, listing);
          if (response.statusCode() == 201) {
            return response.bodyAsJsonObject().getString("id");
          }
          assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
          return null;
        },
        id -> true);
  }

  /** A preferred time inside default business hours, on the next weekday at least a day away. */
  public static JsonArray preferredTimes() {
    ZonedDateTime start = businessDay(2).atTime(10, 0).atZone(ZoneOffset.UTC);
    return new JsonArray().add(new JsonObject().put("start", start.toInstant().toString()));
  }

  /** The first weekday (UTC) at least {@code daysAhead} days from today. */
  public static LocalDate businessDay(int daysAhead) {
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(daysAhead);
    while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
      day = day.plusDays(1);
    }
    return day;
  }

  /** A verified realtor at {@code location} who has declared themselves available; its id. */
  public String availableRealtor(String email, JsonObject location) throws Exception {
    String realtorId = register("realtor", email, new JsonObject().put("location", location));
    verify(realtorId);
    String token = login(email, PASSWORD);
    HttpResponse<Buffer> availability =
        call(
            HttpMethod.PUT,
            "/api/v1/iam/me/availability",
            token,
            new JsonObject().put("status", "available").put("location", location));
    assertThat(availability.statusCode()).as(availability.bodyAsString()).isEqualTo(200);
    return realtorId;
  }

  /**
   * What a one-listing booking starts from: the provider's token, the listing, the customer's token
   * and e-mail.
   */
  public record CartReady(
      String provider, String listingId, String customer, String customerEmail) {}

  /**
   * A verified provider with a listing titled {@code title} at ({@code lat}, {@code lon}) and a
   * tour fee of {@code fee} USD, an available realtor nearby, and a customer with the listing in
   * the cart.
   */
  public CartReady customerWithListingInCart(String title, double lat, double lon, double fee)
      throws Exception {
    String providerEmail = email("provider");
    String providerId = register("provider", providerEmail, new JsonObject());
    verify(providerId);
    String provider = login(providerEmail, PASSWORD);
    String listingId = createListing(provider, listing(title, lat, lon, fee));
    availableRealtor(email("realtor"), new JsonObject().put("lat", lat + 0.002).put("lon", lon));
    String customerEmail = email("customer");
    register("customer", customerEmail, new JsonObject());
    String customer = login(customerEmail, PASSWORD);
    HttpResponse<Buffer> added =
        call(
            HttpMethod.POST,
            "/api/v1/carts/me/items",
            customer,
            new JsonObject().put("listingId", listingId));
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    return new CartReady(provider, listingId, customer, customerEmail);
  }

  /** The caller's only tour, once it is SCHEDULED. */
  public JsonObject onlyTourScheduled(String token) throws Exception {
    return poll(
            "/api/v1/tours",
            token,
            page ->
                page.getJsonArray("items").size() == 1
                    && "SCHEDULED"
                        .equals(page.getJsonArray("items").getJsonObject(0).getString("status")))
        .getJsonArray("items")
        .getJsonObject(0);
  }

  public HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body)
      throws Exception {
    var request = node.request(method, path, token);
    HttpResponse<Buffer> response =
        await(body == null ? request.send() : request.sendJsonObject(body));
    contract.check(method, path, response);
    return response;
  }

  /** POST /carts/me/checkout with {@code body} under the Idempotency-Key {@code key}. */
  public Future<HttpResponse<Buffer>> checkout(String token, String key, JsonObject body) {
    String path = "/api/v1/carts/me/checkout";
    return node.request(HttpMethod.POST, path, token)
        .putHeader("Idempotency-Key", key)
        .sendJsonObject(body)
        .onSuccess(response -> contract.check(HttpMethod.POST, path, response));
  }

  public HttpResponse<Buffer> get(String path, String token) throws Exception {
    return call(HttpMethod.GET, path, token, null);
  }

  /** Polls a GET until its JSON body satisfies {@code done}, and returns that body. */
  public JsonObject poll(String path, String token, Predicate<JsonObject> done) throws Exception {
    return Eventually.until(
        "GET " + path,
        DEADLINE,
        () -> {
          HttpResponse<Buffer> response = get(path, token);
          return response.statusCode() == 200 ? response.bodyAsJsonObject() : null;
        },
        done);
  }
}

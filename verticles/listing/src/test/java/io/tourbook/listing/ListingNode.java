package io.tourbook.listing;

import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.testsupport.EventProbe;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.List;

/**
 * A node running the listing service over clean test backing services, with what its tests need:
 * tokens, HTTP calls, provider accounts written into iam's {@code accounts} collection (so their
 * events reach the service through the real event flow), and a recorder of every listing event.
 */
final class ListingNode {

  static final String LISTINGS = "/api/v1/listings";

  final Vertx vertx;
  final TestNode node;
  final MongoClient iam;
  final MongoClient listingDb;
  private EventProbe events;

  private ListingNode(Vertx vertx, TestNode node, MongoClient iam, MongoClient listingDb) {
    this.vertx = vertx;
    this.node = node;
    this.iam = iam;
    this.listingDb = listingDb;
  }

  /** Resets the backing services, then starts a node with the listing service and a recorder. */
  static ListingNode start(Vertx vertx) throws Exception {
    return start(vertx, TestBackingServices.get().config());
  }

  static ListingNode start(Vertx vertx, JsonObject config) throws Exception {
    TestBackingServices.get().reset();
    TestNode node = await(TestNode.start(vertx, config, List.of(new ListingModule())));
    ListingNode harness =
        new ListingNode(
            vertx,
            node,
            TestNode.database(vertx, config, "iam"),
            TestNode.database(vertx, config, "listing"));
    harness.events = await(EventProbe.start(vertx, node, Streams.LISTING_LISTINGS));
    return harness;
  }

  /**
   * Stops the probe first: its dispatcher reads through the node's event store. Then checks every
   * listing event it saw against the event schemas.
   */
  void stop() throws Exception {
    await(events.stop());
    await(node.stop());
    await(Future.all(iam.close(), listingDb.close()));
    events.assertAllValid();
  }

  /** The recorded events about one listing, of one type. */
  List<EventEnvelope> events(String listingId, String type) {
    return events.seen(type, listingId);
  }

  // --- iam accounts: what the listing service learns providers' standing from ---

  /** A provider an admin has verified, once the listing service knows it. */
  String verifiedProvider(String id) throws Exception {
    await(iam.insert("accounts", account(id, Roles.PROVIDER, true, "iam.account.verified")));
    awaitProvider(id, true, "active");
    return node.token(id, Roles.PROVIDER);
  }

  /** A provider that registered only: iam.account.created does not reach the listing service. */
  String registeredProvider(String id) throws Exception {
    await(iam.insert("accounts", account(id, Roles.PROVIDER, false, "iam.account.created")));
    return node.token(id, Roles.PROVIDER);
  }

  void setStatus(String id, String status) throws Exception {
    await(
        iam.updateCollection(
            "accounts",
            new JsonObject().put("_id", id),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", status)
                        .put("lastChange", stamp("iam.account.status-changed")))));
  }

  /** Waits until the listing service has recorded the provider's standing. */
  void awaitProvider(String id, boolean verified, String status) throws Exception {
    until(
        "provider " + id + " known as verified=" + verified + ", " + status,
        () -> {
          JsonObject provider =
              await(listingDb.findOne("providers", new JsonObject().put("_id", id), null));
          return provider != null
              && provider.getBoolean("verified") == verified
              && status.equals(provider.getString("status"));
        });
  }

  static JsonObject account(String id, String role, boolean verified, String stampType) {
    return new JsonObject()
        .put("_id", id)
        .put("email", id + "@example.com")
        .put("name", "Account " + id)
        .put("role", role)
        .put("status", "active")
        .put("verified", verified)
        .put("createdAt", Instant.now().toString())
        .put("lastChange", stamp(stampType));
  }

  private static JsonObject stamp(String type) {
    return new JsonObject()
        .put("type", type)
        .put("at", Instant.now().toString())
        .put("actor", "admin-1");
  }

  // --- HTTP ---

  static JsonObject listingBody(String title, double lat, double lon) {
    return new JsonObject()
        .put("title", title)
        .put("description", "Bright rooms near the river")
        .put("type", "apartment")
        .put("offer", "rent")
        .put("price", new JsonObject().put("amount", 1200).put("currency", "USD"))
        .put(
            "location",
            new JsonObject()
                .put("lat", lat)
                .put("lon", lon)
                .put(
                    "address",
                    new JsonObject()
                        .put("street", "12 Marina Rd")
                        .put("city", "Lagos")
                        .put("state", "Lagos")
                        .put("country", "NG")
                        .put("postcode", "101001")));
  }

  HttpResponse<Buffer> post(String token, JsonObject body) throws Exception {
    return await(node.post(LISTINGS, token, body));
  }

  /** Creates a listing and returns it; fails the test unless it is a 201. */
  JsonObject create(String token, JsonObject body) throws Exception {
    HttpResponse<Buffer> response = post(token, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  HttpResponse<Buffer> patch(String token, String id, String body) throws Exception {
    return await(node.send(HttpMethod.PATCH, LISTINGS + "/" + id, token, body));
  }

  HttpResponse<Buffer> delete(String token, String id) throws Exception {
    return await(node.delete(LISTINGS + "/" + id, token));
  }

  HttpResponse<Buffer> get(String token, String pathAndQuery) throws Exception {
    return await(node.get(LISTINGS + pathAndQuery, token));
  }

  /** The ids of a search's items, in order; fails the test unless it is a 200. */
  List<String> searchIds(String token, String query) throws Exception {
    HttpResponse<Buffer> response = get(token, "?" + query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return ids(response.bodyAsJsonObject().getJsonArray("items"));
  }

  static List<String> ids(JsonArray items) {
    return items.stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }

  /** Every stored listing, for checks that a rejected request changed nothing. */
  List<JsonObject> storedListings() throws Exception {
    return await(listingDb.find("listings", new JsonObject()));
  }

  // --- waiting ---

}

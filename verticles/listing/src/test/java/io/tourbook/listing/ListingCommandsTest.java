package io.tourbook.listing;

import static io.tourbook.listing.ListingNode.listingBody;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.auth.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Listing commands: create, update and delete by the owning, verified, active provider")
class ListingCommandsTest {

  private ListingNode harness;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    harness = ListingNode.start(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    harness.stop();
  }

  @Test
  @DisplayName("The owner creates, updates and deletes a listing; each change is one valid event")
  void ownerCreatesUpdatesAndDeletes() throws Exception {
    String owner = harness.verifiedProvider("provider-a");

    HttpResponse<Buffer> created =
        harness.post(
            owner,
            listingBody("Harbour flat", 6.45, 3.40)
                .put("tourFee", new JsonObject().put("amount", 25.0).put("currency", "USD"))
                .put("bedrooms", 2)
                .put("media", new io.vertx.core.json.JsonArray().add("https://img.example/1.jpg")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject listing = created.bodyAsJsonObject();
    String id = listing.getString("id");
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/listings/" + id);
    assertThat(listing.getString("providerId")).isEqualTo("provider-a");
    assertThat(listing.getBoolean("visible")).isTrue();
    assertThat(listing.getJsonObject("geo"))
        .isEqualTo(
            new JsonObject()
                .put("type", "Point")
                .put("coordinates", new io.vertx.core.json.JsonArray().add(3.40).add(6.45)));
    assertThat(listing.getJsonObject("lastChange").getString("type"))
        .isEqualTo(EventTypes.LISTING_CREATED);

    HttpResponse<Buffer> patched =
        harness.patch(
            owner,
            id,
            "{\"title\":\"Harbour loft\",\"bedrooms\":null,"
                + "\"location\":{\"lat\":6.5,\"lon\":3.5,\"address\":{\"street\":\"1 Bay St\","
                + "\"city\":\"Lagos\",\"state\":\"\",\"country\":\"NG\",\"postcode\":\"\"}}}");
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    JsonObject updated = patched.bodyAsJsonObject();
    assertThat(updated.getString("title")).isEqualTo("Harbour loft");
    assertThat(updated.containsKey("bedrooms")).isFalse();
    assertThat(updated.getJsonObject("tourFee").getDouble("amount")).isEqualTo(25.0);
    assertThat(updated.getJsonObject("geo").getJsonArray("coordinates").getList())
        .containsExactly(3.5, 6.5);
    assertThat(updated.getJsonObject("lastChange").getString("actor")).isEqualTo("provider-a");

    assertThat(harness.get(owner, "/" + id).bodyAsJsonObject().getString("title"))
        .isEqualTo("Harbour loft");

    assertThat(harness.delete(owner, id).statusCode()).isEqualTo(204);
    assertThat(harness.get(owner, "/" + id).statusCode()).isEqualTo(404);
    assertThat(harness.delete(owner, id).statusCode()).isEqualTo(404);

    until(
        "created, updated and deleted events",
        () ->
            !harness.events(id, EventTypes.LISTING_DELETED).isEmpty()
                && !harness.events(id, EventTypes.LISTING_UPDATED).isEmpty()
                && !harness.events(id, EventTypes.LISTING_CREATED).isEmpty());
    EventEnvelope createdEvent = harness.events(id, EventTypes.LISTING_CREATED).get(0);
    assertThat(createdEvent.data().getString("title")).isEqualTo("Harbour flat");
    assertThat(createdEvent.source()).isEqualTo("/tourbook/listing");
    assertThat(harness.events(id, EventTypes.LISTING_UPDATED).get(0).data().getString("title"))
        .isEqualTo("Harbour loft");
  }

  @Test
  @DisplayName("Another provider gets 403 on a visible listing and 404 on a hidden one")
  void otherProviderIsRefused() throws Exception {
    String owner = harness.verifiedProvider("provider-a");
    String other = harness.verifiedProvider("provider-b");
    JsonObject listing = harness.create(owner, listingBody("Owner's flat", 6.45, 3.40));
    String id = listing.getString("id");

    assertThat(harness.patch(other, id, "{\"title\":\"Mine now\"}").statusCode()).isEqualTo(403);
    assertThat(harness.delete(other, id).statusCode()).isEqualTo(403);

    harness.setStatus("provider-a", "suspended");
    harness.awaitProvider("provider-a", true, "suspended");
    until("the listing hidden", () -> harness.get(other, "/" + id).statusCode() == 404);
    assertThat(harness.patch(other, id, "{\"title\":\"Mine now\"}").statusCode()).isEqualTo(404);
    assertThat(harness.delete(other, id).statusCode()).isEqualTo(404);

    assertThat(harness.storedListings())
        .singleElement()
        .satisfies(stored -> assertThat(stored.getString("title")).isEqualTo("Owner's flat"));
  }

  @Test
  @DisplayName("A customer cannot create a listing: 403")
  void customerCannotCreate() throws Exception {
    String customer = harness.node.token("customer-1", Roles.CUSTOMER);
    HttpResponse<Buffer> response = harness.post(customer, listingBody("Nope", 1, 1));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(harness.storedListings()).isEmpty();
  }

  @Test
  @DisplayName("A provider the listing service has no verification for cannot create: 403")
  void unverifiedProviderCannotCreate() throws Exception {
    String registered = harness.registeredProvider("provider-new");
    HttpResponse<Buffer> response = harness.post(registered, listingBody("Too early", 1, 1));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("not verified");

    // Known but unverified: a status change arrives for an account never verified.
    harness.setStatus("provider-new", "active");
    harness.awaitProvider("provider-new", false, "active");
    assertThat(harness.post(registered, listingBody("Still too early", 1, 1)).statusCode())
        .isEqualTo(403);
    assertThat(harness.storedListings()).isEmpty();
  }

  @Test
  @DisplayName("A suspended provider can neither create, update nor delete; reactivated, they can")
  void suspendedProviderIsRefused() throws Exception {
    String owner = harness.verifiedProvider("provider-a");
    String id = harness.create(owner, listingBody("Harbour flat", 6.45, 3.40)).getString("id");

    harness.setStatus("provider-a", "suspended");
    harness.awaitProvider("provider-a", true, "suspended");
    HttpResponse<Buffer> refused = harness.post(owner, listingBody("More", 6.45, 3.40));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("suspended");
    assertThat(harness.patch(owner, id, "{\"title\":\"Renamed\"}").statusCode()).isEqualTo(403);
    assertThat(harness.delete(owner, id).statusCode()).isEqualTo(403);
    assertThat(harness.get(owner, "/" + id).statusCode())
        .as("the owner still sees their hidden listing")
        .isEqualTo(200);

    harness.setStatus("provider-a", "active");
    harness.awaitProvider("provider-a", true, "active");
    assertThat(harness.patch(owner, id, "{\"title\":\"Renamed\"}").statusCode()).isEqualTo(200);
    assertThat(harness.storedListings()).hasSize(1);
  }
}

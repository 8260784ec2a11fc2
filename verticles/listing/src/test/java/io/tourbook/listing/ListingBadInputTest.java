package io.tourbook.listing;

import static io.tourbook.listing.ListingNode.listingBody;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventTypes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Bad input on every listing route is a 4xx and changes nothing")
class ListingBadInputTest {

  private static final List<String> REQUIRED =
      List.of("title", "description", "type", "offer", "price", "location");

  private ListingNode harness;
  private String owner;
  private String listingId;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    harness = ListingNode.start(vertx);
    owner = harness.verifiedProvider("provider-a");
    listingId = harness.create(owner, listingBody("Harbour flat", 6.45, 3.40)).getString("id");
  }

  @AfterEach
  void stop() throws Exception {
    harness.stop();
  }

  @Test
  @DisplayName("Malformed, mistyped, incomplete, unknown or operator-laden bodies are 400s")
  void badBodiesAre400() throws Exception {
    List<JsonObject> before = harness.storedListings();
    List<String> bodies = new ArrayList<>();
    bodies.add("{\"title\": \"unterminated");
    bodies.add("");
    bodies.add("[]");
    bodies.add("\"a string\"");
    bodies.add(with(body -> body.put("price", "cheap")));
    bodies.add(with(body -> body.put("bedrooms", 2.5)));
    bodies.add(with(body -> body.put("bedrooms", "two")));
    bodies.add(with(body -> body.put("title", 42)));
    bodies.add(with(body -> body.put("title", "   ")));
    bodies.add(with(body -> body.put("title", new JsonObject().put("$ne", ""))));
    bodies.add(with(body -> body.put("description", new JsonObject().put("$gt", ""))));
    bodies.add(with(body -> body.put("type", "castle")));
    bodies.add(with(body -> body.put("offer", new JsonArray().add("sale"))));
    bodies.add(with(body -> body.put("visible", false)));
    bodies.add(with(body -> body.put("providerId", "provider-b")));
    bodies.add(with(body -> body.put("_id", "chosen-id")));
    bodies.add(with(body -> body.put("$set", new JsonObject().put("visible", false))));
    bodies.add(with(body -> body.getJsonObject("price").put("currency", "usd")));
    bodies.add(with(body -> body.getJsonObject("price").put("amount", -1)));
    bodies.add(with(body -> body.getJsonObject("price").put("discount", 5)));
    bodies.add(with(body -> body.getJsonObject("location").put("lat", 91)));
    bodies.add(with(body -> body.getJsonObject("location").put("lon", "3.4")));
    bodies.add(with(body -> body.getJsonObject("location").getJsonObject("address").put("x", 1)));
    bodies.add(
        with(body -> body.getJsonObject("location").getJsonObject("address").remove("city")));
    bodies.add(with(body -> body.put("tourFee", 25)));
    bodies.add(with(body -> body.put("media", new JsonArray().add("javascript:alert(1)"))));
    bodies.add(with(body -> body.put("media", new JsonArray().add("ftp://files.example/a"))));
    bodies.add(with(body -> body.put("media", tooManyMedia())));
    bodies.add(with(body -> body.put("title", "t".repeat(201))));
    bodies.add(with(body -> body.put("a.b", 1)));

    // Incomplete bodies are wrong for POST only: a PATCH sends just the fields it changes.
    List<String> incomplete = new ArrayList<>(List.of("{}"));
    for (String field : REQUIRED) {
      bodies.add(with(body -> body.putNull(field)));
      incomplete.add(with(body -> body.remove(field)));
    }

    for (String body : bodies) {
      assertThat(post(body).statusCode()).as("POST " + body).isEqualTo(400);
      assertThat(harness.patch(owner, listingId, body).statusCode())
          .as("PATCH " + body)
          .isEqualTo(400);
    }
    for (String body : incomplete) {
      assertThat(post(body).statusCode()).as("POST " + body).isEqualTo(400);
    }
    assertThat(harness.patch(owner, listingId, "{}").statusCode())
        .as("PATCH needs a field")
        .isEqualTo(400);
    assertThat(harness.patch(owner, listingId, "{\"bedrooms\": -1}").statusCode()).isEqualTo(400);

    assertThat(harness.storedListings()).isEqualTo(before);
    assertThat(harness.events(listingId, EventTypes.LISTING_UPDATED)).isEmpty();
  }

  @Test
  @DisplayName("A body over the limit is a 413; a bad id is a 400; nothing changes")
  void oversizeAndBadIds() throws Exception {
    List<JsonObject> before = harness.storedListings();
    String huge = listingBody("x".repeat(70_000), 1, 1).encode();
    assertThat(post(huge).statusCode()).isEqualTo(413);
    assertThat(harness.patch(owner, listingId, huge).statusCode()).isEqualTo(413);

    for (String id : List.of("a.b", "%24ne", "x".repeat(65))) {
      assertThat(harness.patch(owner, id, "{\"title\": \"t\"}").statusCode()).as(id).isEqualTo(400);
      assertThat(harness.delete(owner, id).statusCode()).as(id).isEqualTo(400);
      assertThat(harness.get(owner, "/" + id).statusCode()).as(id).isEqualTo(400);
    }
    assertThat(
            await(
                    harness.node.send(
                        HttpMethod.PUT, ListingNode.LISTINGS + "/" + listingId, owner, "{}"))
                .statusCode())
        .isEqualTo(405);
    assertThat(harness.storedListings()).isEqualTo(before);
  }

  private HttpResponse<Buffer> post(String body) throws Exception {
    return await(harness.node.post(ListingNode.LISTINGS, owner, body));
  }

  /** A valid create body with one change. */
  private static String with(Consumer<JsonObject> change) {
    JsonObject body = listingBody("Valid", 6.45, 3.40);
    change.accept(body);
    return body.encode();
  }

  private static JsonArray tooManyMedia() {
    JsonArray media = new JsonArray();
    for (int i = 0; i < 21; i++) {
      media.add("https://img.example/" + i + ".jpg");
    }
    return media;
  }
}

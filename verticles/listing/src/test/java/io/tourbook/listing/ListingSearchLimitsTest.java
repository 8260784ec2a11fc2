package io.tourbook.listing;

import static io.tourbook.listing.ListingNode.listingBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Listing search limits come from the listing.search configuration")
class ListingSearchLimitsTest {

  private ListingNode harness;
  private String customer;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    JsonObject config = TestBackingServices.get().config();
    config.put(
        "listing",
        new JsonObject()
            .put(
                "search",
                new JsonObject()
                    .put("default-radius-km", 2.0)
                    .put("max-radius-km", 50.0)
                    .put("max-candidates", 2)
                    .put("max-query-length", 5)));
    harness = ListingNode.start(vertx, config);
    customer = harness.node.token("customer-1", Roles.CUSTOMER);
  }

  @AfterEach
  void stop() throws Exception {
    harness.stop();
  }

  @Test
  @DisplayName("Radius and text length are capped as configured")
  void configuredCaps() throws Exception {
    assertThat(harness.get(customer, "?near=6.45,3.40&radiusKm=50").statusCode()).isEqualTo(200);
    assertThat(harness.get(customer, "?near=6.45,3.40&radiusKm=50.5").statusCode()).isEqualTo(400);
    assertThat(harness.get(customer, "?q=12345").statusCode()).isEqualTo(200);
    assertThat(harness.get(customer, "?q=123456").statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName(
      "A geo search with more candidates than the cap answers from the first in its order and says truncated")
  void truncatedGeoSearch() throws Exception {
    String provider = harness.verifiedProvider("provider-a");
    String cheap = create(provider, 6.450, 100);
    String middle = create(provider, 6.455, 200);
    create(provider, 6.460, 300);
    String nearCentre = "near=6.45,3.40";

    JsonObject byPrice = harness.get(customer, "?" + nearCentre + "&sort=price").bodyAsJsonObject();
    assertThat(byPrice.getBoolean("truncated")).isTrue();
    assertThat(ListingNode.ids(byPrice.getJsonArray("items"))).containsExactly(cheap, middle);

    JsonObject wholeRadius =
        harness.get(customer, "?" + nearCentre + "&radiusKm=0.3").bodyAsJsonObject();
    assertThat(wholeRadius.getBoolean("truncated")).isFalse();
    assertThat(ListingNode.ids(wholeRadius.getJsonArray("items"))).containsExactly(cheap);
  }

  private String create(String provider, double lat, double amount) throws Exception {
    return harness
        .create(
            provider,
            listingBody("Flat at " + lat, lat, 3.40)
                .put("price", new JsonObject().put("amount", amount).put("currency", "USD")))
        .getString("id");
  }
}

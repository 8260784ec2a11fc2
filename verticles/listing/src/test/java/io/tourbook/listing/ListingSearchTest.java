package io.tourbook.listing;

import static io.tourbook.listing.ListingNode.listingBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.auth.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Listing search: geo radius, filters, text, sorting and paging")
class ListingSearchTest {

  /** Lagos Island; the listings below lie due north of it, and one in Abuja. */
  private static final String NEAR = "near=6.45,3.40";

  private ListingNode harness;
  private String customer;
  private String centre;
  private String fiveKm;
  private String fifteenKm;
  private String abuja;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    harness = ListingNode.start(vertx);
    String provider = harness.verifiedProvider("provider-a");
    customer = harness.node.token("customer-1", Roles.CUSTOMER);
    centre =
        id(
            provider,
            listingBody("Lekki Villa", 6.45, 3.40)
                .put("type", "house")
                .put("offer", "sale")
                .put("price", price(1000)));
    fiveKm = id(provider, listingBody("River flat", 6.495, 3.40).put("price", price(500)));
    fifteenKm = id(provider, listingBody("Garden flat", 6.585, 3.40).put("price", price(2000)));
    abuja =
        id(
            provider,
            listingBody("Capital office (open plan)", 9.07, 7.49)
                .put("type", "commercial")
                .put(
                    "location",
                    new JsonObject()
                        .put("lat", 9.07)
                        .put("lon", 7.49)
                        .put(
                            "address",
                            new JsonObject()
                                .put("street", "3 Aguiyi Ironsi St")
                                .put("city", "Abuja")
                                .put("state", "FCT")
                                .put("country", "NG")
                                .put("postcode", "900001")))
                .put("price", price(300)));
  }

  @AfterEach
  void stop() throws Exception {
    harness.stop();
  }

  private String id(String provider, JsonObject body) throws Exception {
    return harness.create(provider, body).getString("id");
  }

  private static JsonObject price(double amount) {
    return new JsonObject().put("amount", amount).put("currency", "USD");
  }

  @Test
  @DisplayName("A geo search finds what is within the radius, nearest first, and excludes the rest")
  void geoSearchFindsNearExcludesFar() throws Exception {
    HttpResponse<Buffer> response = harness.get(customer, "?" + NEAR + "&radiusKm=10");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject page = response.bodyAsJsonObject();
    assertThat(ListingNode.ids(page.getJsonArray("items"))).containsExactly(centre, fiveKm);
    assertThat(page.getLong("total")).isEqualTo(2);
    assertThat(page.getBoolean("truncated")).isFalse();
    assertThat(page.getJsonArray("items").getJsonObject(1).getDouble("distanceKm"))
        .isBetween(4.9, 5.1);

    assertThat(harness.searchIds(customer, NEAR + "&radiusKm=20"))
        .containsExactly(centre, fiveKm, fifteenKm);
    assertThat(harness.searchIds(customer, NEAR))
        .as("the default radius is 10 km")
        .containsExactly(centre, fiveKm);
    assertThat(harness.searchIds(customer, "near=9.0,7.4&radiusKm=50")).containsExactly(abuja);
  }

  @Test
  @DisplayName("Results sort by distance, price or newest")
  void sorting() throws Exception {
    assertThat(harness.searchIds(customer, NEAR + "&radiusKm=20&sort=price"))
        .containsExactly(fiveKm, centre, fifteenKm);
    assertThat(harness.searchIds(customer, NEAR + "&radiusKm=20&sort=newest"))
        .containsExactly(fifteenKm, fiveKm, centre);
    assertThat(harness.searchIds(customer, "sort=price"))
        .containsExactly(abuja, fiveKm, centre, fifteenKm);
    assertThat(harness.searchIds(customer, ""))
        .as("newest first without near")
        .containsExactly(abuja, fifteenKm, fiveKm, centre);
  }

  @Test
  @DisplayName("Type, offer, price range, currency, provider and text filter the results")
  void filters() throws Exception {
    assertThat(harness.searchIds(customer, "type=house")).containsExactly(centre);
    assertThat(harness.searchIds(customer, "offer=rent&sort=price"))
        .containsExactly(abuja, fiveKm, fifteenKm);
    assertThat(harness.searchIds(customer, "minPrice=500&maxPrice=1000&sort=price"))
        .containsExactly(fiveKm, centre);
    assertThat(harness.searchIds(customer, NEAR + "&radiusKm=20&type=apartment&maxPrice=1500"))
        .containsExactly(fiveKm);
    assertThat(harness.searchIds(customer, "currency=EUR")).isEmpty();
    assertThat(harness.searchIds(customer, "providerId=provider-a")).hasSize(4);
    assertThat(harness.searchIds(customer, "providerId=provider-z")).isEmpty();
    assertThat(harness.searchIds(customer, "q=villa")).containsExactly(centre);
    assertThat(harness.searchIds(customer, "q=FLAT&sort=price")).containsExactly(fiveKm, fifteenKm);
    assertThat(harness.searchIds(customer, "q=lagos"))
        .as("the city matches too")
        .containsExactly(fifteenKm, fiveKm, centre);
  }

  @Test
  @DisplayName("Text is matched literally: regex syntax in q finds only that text")
  void textIsLiteral() throws Exception {
    assertThat(harness.searchIds(customer, "q=" + encode("(open plan)"))).containsExactly(abuja);
    assertThat(harness.searchIds(customer, "q=" + encode(".*"))).isEmpty();
    assertThat(harness.searchIds(customer, "q=" + encode("\\E.*\\Q"))).isEmpty();
    assertThat(harness.searchIds(customer, "q=" + encode("[a-z]+"))).isEmpty();
  }

  @Test
  @DisplayName("Pages hold size items; a size over the cap is lowered to 100")
  void paging() throws Exception {
    HttpResponse<Buffer> second = harness.get(customer, "?sort=price&size=2&page=2");
    JsonObject page = second.bodyAsJsonObject();
    assertThat(ListingNode.ids(page.getJsonArray("items"))).containsExactly(centre, fifteenKm);
    assertThat(page.getInteger("totalPages")).isEqualTo(2);
    assertThat(harness.searchIds(customer, NEAR + "&radiusKm=20&size=1&page=3"))
        .containsExactly(fifteenKm);
    assertThat(harness.searchIds(customer, NEAR + "&radiusKm=20&size=1&page=4")).isEmpty();

    JsonObject capped = harness.get(customer, "?size=100000").bodyAsJsonObject();
    assertThat(capped.getInteger("size")).isEqualTo(100);
    assertThat(capped.getJsonArray("items")).hasSize(4);
  }

  @Test
  @DisplayName("A search across the antimeridian finds listings on the other side")
  void antimeridian() throws Exception {
    String provider = harness.node.token("provider-a", Roles.PROVIDER);
    String fiji = id(provider, listingBody("Dateline hut", -16.5, 179.95));
    assertThat(harness.searchIds(customer, "near=-16.5,-179.95&radiusKm=20")).containsExactly(fiji);
  }

  @Test
  @DisplayName("Every malformed query parameter is a 400")
  void badParametersAre400() throws Exception {
    List<String> bad =
        List.of(
            "near=abc",
            "near=6.45",
            "near=91,3",
            "near=6.45,181",
            "near=NaN,3",
            "near=6.45,3.40,1",
            NEAR + "&radiusKm=0",
            NEAR + "&radiusKm=-5",
            NEAR + "&radiusKm=201",
            NEAR + "&radiusKm=Infinity",
            NEAR + "&radiusKm=1e3",
            "radiusKm=5",
            "type=castle",
            "offer=lease",
            "minPrice=-1",
            "minPrice=0x10",
            "maxPrice=cheap",
            "minPrice=10&maxPrice=5",
            "currency=usd",
            "sort=distance",
            "sort=cheapest",
            "page=0",
            "size=abc",
            "providerId=" + encode("{\"$ne\":null}"),
            "q=" + "x".repeat(101),
            "q=%20%20",
            "type=house&type=land",
            "radius=5",
            encode("$where") + "=1");
    for (String query : bad) {
      HttpResponse<Buffer> response = harness.get(customer, "?" + query);
      assertThat(response.statusCode()).as(query + " -> " + response.bodyAsString()).isEqualTo(400);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

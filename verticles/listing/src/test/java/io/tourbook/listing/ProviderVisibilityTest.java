package io.tourbook.listing;

import static io.tourbook.listing.ListingNode.listingBody;
import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.listing.ListingService;
import io.tourbook.listing.events.ProviderEvents;
import io.tourbook.listing.store.ListingStore;
import io.tourbook.listing.store.ProviderStore;
import io.tourbook.platform.auth.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("A provider's standing, learned from iam events, decides whether their listings show")
class ProviderVisibilityTest {

  private static final String NEAR = "near=6.45,3.40&radiusKm=10";

  private ListingNode harness;
  private ListingService service;
  private String customer;
  private String owner;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    harness = ListingNode.start(vertx);
    service = ListingService.createProxy(vertx, 5000);
    customer = harness.node.token("customer-1", Roles.CUSTOMER);
    owner = harness.verifiedProvider("provider-a");
  }

  @AfterEach
  void stop() throws Exception {
    harness.stop();
  }

  @Test
  @DisplayName(
      "Suspension hides the listings from search, get and getListings; reactivation shows them")
  void suspensionHidesReactivationShows() throws Exception {
    String first = harness.create(owner, listingBody("Harbour flat", 6.45, 3.40)).getString("id");
    String second = harness.create(owner, listingBody("River flat", 6.46, 3.41)).getString("id");
    List<String> both = List.of(first, second);
    assertThat(harness.searchIds(customer, NEAR)).containsExactlyInAnyOrderElementsOf(both);
    assertThat(listingIds(await(service.getListings(both)))).containsExactlyElementsOf(both);

    harness.setStatus("provider-a", "suspended");
    until("the listings hidden from search", () -> harness.searchIds(customer, NEAR).isEmpty());
    JsonObject hidden = await(service.getListings(both));
    assertThat(hidden.getJsonArray("listings")).isEmpty();
    assertThat(hidden.getJsonArray("missing").getList()).containsExactlyElementsOf(both);
    assertThat(harness.get(customer, "/" + first).statusCode()).isEqualTo(404);
    assertThat(harness.get(owner, "/" + first).statusCode()).isEqualTo(200);
    assertThat(harness.get(harness.node.token("admin-1", Roles.ADMIN), "/" + first).statusCode())
        .isEqualTo(200);
    assertThat(harness.searchIds(owner, "providerId=provider-a"))
        .as("the provider still finds their own hidden listings")
        .containsExactlyInAnyOrderElementsOf(both);
    assertThat(harness.searchIds(customer, "providerId=provider-a")).isEmpty();

    until(
        "listing.updated events that hide both listings",
        () ->
            both.stream()
                .allMatch(
                    id ->
                        harness.events(id, EventTypes.LISTING_UPDATED).stream()
                            .anyMatch(event -> !event.data().getBoolean("visible"))));
    EventEnvelope hiding = harness.events(first, EventTypes.LISTING_UPDATED).get(0);
    assertThat(hiding.data().getJsonObject("lastChange").getString("actor")).isEqualTo("system");

    harness.setStatus("provider-a", "active");
    until("the listings back in search", () -> harness.searchIds(customer, NEAR).size() == 2);
    assertThat(listingIds(await(service.getListings(both)))).containsExactlyElementsOf(both);
    assertThat(harness.get(customer, "/" + first).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("The same provider event handled twice changes nothing the second time")
  void providerEventsAreIdempotent(Vertx vertx) throws Exception {
    String id = harness.create(owner, listingBody("Harbour flat", 6.45, 3.40)).getString("id");
    ProviderEvents handler =
        new ProviderEvents(
            new ProviderStore(harness.listingDb),
            new ListingStore(harness.listingDb),
            Clock.systemUTC());
    JsonObject suspended =
        ListingNode.account("provider-a", Roles.PROVIDER, true, "iam.account.status-changed")
            .put("status", "suspended");
    EventEnvelope event =
        EventEnvelope.create(
            "test-event-1",
            Streams.IAM_ACCOUNTS,
            EventTypes.IAM_ACCOUNT_STATUS_CHANGED,
            "provider-a",
            Instant.now(),
            "update",
            suspended,
            null);

    await(handler.handle(event));
    JsonObject afterFirst = await(harness.listingDb.findOne("listings", idFilter(id), null));
    await(handler.handle(event));
    JsonObject afterSecond = await(harness.listingDb.findOne("listings", idFilter(id), null));

    assertThat(afterFirst.getBoolean("visible")).isFalse();
    assertThat(afterSecond).isEqualTo(afterFirst);
  }

  @Test
  @DisplayName("Events about other roles' accounts are ignored")
  void otherRolesAreIgnored() throws Exception {
    await(
        harness.iam.insert(
            "accounts",
            ListingNode.account("realtor-1", Roles.REALTOR, true, "iam.account.verified")));
    harness.setStatus("provider-a", "suspended");
    harness.awaitProvider("provider-a", true, "suspended");
    assertThat(await(harness.listingDb.findOne("providers", idFilter("realtor-1"), null))).isNull();
  }

  @Test
  @DisplayName("getListings returns visible listings in the order asked and reports missing ids")
  void getListingsReportsMissing() throws Exception {
    String listing = harness.create(owner, listingBody("Harbour flat", 6.45, 3.40)).getString("id");
    JsonObject result = await(service.getListings(List.of("nope-1", listing, "nope-2", listing)));
    assertThat(listingIds(result)).containsExactly(listing);
    assertThat(result.getJsonArray("listings").getJsonObject(0).getString("title"))
        .isEqualTo("Harbour flat");
    assertThat(result.getJsonArray("missing").getList()).containsExactly("nope-1", "nope-2");

    JsonObject empty = await(service.getListings(List.of()));
    assertThat(empty.getJsonArray("listings")).isEmpty();
    assertThat(empty.getJsonArray("missing")).isEmpty();
  }

  @Test
  @DisplayName("getListings refuses more than 50 ids or a malformed id with code 400")
  void getListingsRefusesBadRequests() {
    List<String> tooMany =
        java.util.stream.IntStream.range(0, 51).mapToObj(i -> "id-" + i).toList();
    for (List<String> ids : List.of(tooMany, List.of("ok", "bad.id"), List.of("{\"$ne\":1}"))) {
      Throwable failure =
          service
              .getListings(ids)
              .toCompletionStage()
              .toCompletableFuture()
              .handle((r, e) -> e)
              .join();
      assertThat(failure).isInstanceOf(io.vertx.serviceproxy.ServiceException.class);
      assertThat(((io.vertx.serviceproxy.ServiceException) failure).failureCode())
          .isEqualTo(ListingService.INVALID);
    }
  }

  private static JsonObject idFilter(String id) {
    return new JsonObject().put("_id", id);
  }

  /** The ids of a getListings result: the service answers stored documents, with their _id. */
  private static List<String> listingIds(JsonObject result) {
    return result.getJsonArray("listings").stream()
        .map(listing -> ((JsonObject) listing).getString("_id"))
        .toList();
  }
}

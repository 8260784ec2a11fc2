package io.tourbook.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.app.Platform;
import io.tourbook.platform.testsupport.DatabaseSnapshot;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OWASP API1:2023 Broken Object Level Authorization: every resource with an owner (carts, payments,
 * tours, listings) refuses another customer, provider or realtor with 404 or 403, leaks none of it
 * in a list, and nothing in any database changes.
 */
@DisplayName("Security: object-level authorization (OWASP API1)")
class BrokenObjectLevelAuthorizationTest extends WorldTest {

  private DatabaseSnapshot before;
  private final List<String> problems = new ArrayList<>();

  @BeforeEach
  void settle() throws Exception {
    problems.clear();
    before = world.settledSnapshot();
  }

  @Test
  @DisplayName("Another customer cannot read or change a cart; only an admin lists carts")
  void cartsBelongToTheirCustomer() throws Exception {
    String mine = body(HttpMethod.GET, "/api/v1/carts/me", world.customerB.token());
    assertThat(mine).contains(world.listingB).doesNotContain(world.listingA2);
    expect(HttpMethod.DELETE, "/api/v1/carts/me/items/" + world.listingA2, world.customerB, 404);
    expect(HttpMethod.GET, "/api/v1/carts", world.customerB, 403);
    expect(HttpMethod.GET, "/api/v1/carts/me", world.providerA, 403);

    assertThat(problems).isEmpty();
    assertUnchanged();
    assertThat(body(HttpMethod.GET, "/api/v1/carts/me", world.customerA.token()))
        .contains(world.listingA2);
  }

  @Test
  @DisplayName("A payment is visible to its customer and admins only, by id and in lists")
  void paymentsBelongToTheirCustomer() throws Exception {
    String path = "/api/v1/payments/" + world.paymentA;
    expect(HttpMethod.GET, path, world.customerB, 404);
    expect(HttpMethod.GET, path, world.providerA, 403);
    expect(HttpMethod.GET, path, world.realtorA, 403);
    expect(
        HttpMethod.GET,
        "/api/v1/payments?customerId=" + world.customerA.id(),
        world.customerB,
        403);
    assertThat(body(HttpMethod.GET, "/api/v1/payments", world.customerB.token()))
        .doesNotContain(world.paymentA);
    assertThat(body(HttpMethod.GET, path, world.customerA.token())).contains(world.paymentA);

    assertThat(problems).isEmpty();
    assertUnchanged();
  }

  @Test
  @DisplayName(
      "A tour is visible to its customer, its realtor and admins only, and to the provider of its listings without the customer; only its customer cancels or reschedules it")
  void toursBelongToTheirCustomerAndRealtor() throws Exception {
    String path = "/api/v1/tours/" + world.tourA;
    expect(HttpMethod.GET, path, world.customerB, 404);
    expect(HttpMethod.GET, path, world.realtorB, 404);
    expect(HttpMethod.GET, path, world.providerA, 403);
    expect(HttpMethod.POST, path + "/cancel", world.customerB, 404);
    expect(HttpMethod.POST, path + "/cancel", world.realtorA, 403);
    expect(HttpMethod.POST, path + "/cancel", world.admin, 403);
    expect(HttpMethod.POST, path + "/reschedule", world.customerB, 404, reschedule());
    expect(HttpMethod.POST, path + "/reschedule", world.realtorA, 403, reschedule());
    expect(
        HttpMethod.GET, "/api/v1/tours?customerId=" + world.customerA.id(), world.customerB, 403);
    expect(HttpMethod.GET, "/api/v1/tours?realtorId=" + world.realtorA.id(), world.realtorB, 403);
    String ofListing = "/api/v1/tours?listingId=" + world.listingA;
    expect(HttpMethod.GET, ofListing, world.providerB, 403);
    expect(HttpMethod.GET, ofListing, world.customerB, 403);
    expect(HttpMethod.GET, ofListing, world.realtorB, 403);
    expect(HttpMethod.GET, "/api/v1/tours?listingId=no-such-listing", world.providerA, 404);
    assertThat(body(HttpMethod.GET, ofListing, world.providerA.token()))
        .contains(world.tourA)
        .doesNotContain(world.customerA.id())
        .doesNotContain(world.realtorA.id())
        .doesNotContain(world.paymentA);
    assertThat(body(HttpMethod.GET, "/api/v1/tours", world.customerB.token()))
        .doesNotContain(world.tourA);
    assertThat(body(HttpMethod.GET, "/api/v1/tours", world.realtorB.token()))
        .doesNotContain(world.tourA);
    assertThat(body(HttpMethod.GET, path, world.realtorA.token())).contains(world.tourA);

    assertThat(problems).isEmpty();
    assertUnchanged();
  }

  @Test
  @DisplayName("Only the owning provider changes or deletes a listing")
  void listingsBelongToTheirProvider() throws Exception {
    String path = "/api/v1/listings/" + world.listingA;
    String patch = new JsonObject().put("title", "Taken over").encode();
    expectAnyOf(HttpMethod.PATCH, path, world.providerB, patch, 403, 404);
    expectAnyOf(HttpMethod.DELETE, path, world.providerB, null, 403, 404);
    expect(HttpMethod.PATCH, path, world.customerA, 403, patch);
    expect(HttpMethod.DELETE, path, world.realtorA, 403);
    expect(HttpMethod.DELETE, path, world.admin, 403);

    assertThat(problems).isEmpty();
    assertUnchanged();
    assertThat(body(HttpMethod.GET, path, world.customerA.token())).contains("\"A1\"");
  }

  private static String reschedule() {
    return new JsonObject().put("preferredTimes", Platform.preferredTimes()).encode();
  }

  private String body(HttpMethod method, String path, String token) throws Exception {
    HttpResponse<Buffer> response = world.send(method, path, token, null);
    assertThat(response.statusCode()).as(method + " " + path).isEqualTo(200);
    return response.bodyAsString();
  }

  private void expect(HttpMethod method, String path, SecurityWorld.User user, int status)
      throws Exception {
    expectAnyOf(method, path, user, null, status);
  }

  private void expect(
      HttpMethod method, String path, SecurityWorld.User user, int status, String body)
      throws Exception {
    expectAnyOf(method, path, user, body, status);
  }

  private void expectAnyOf(
      HttpMethod method, String path, SecurityWorld.User user, String body, Integer... statuses)
      throws Exception {
    HttpResponse<Buffer> response = world.send(method, path, user.token(), body);
    if (!List.of(statuses).contains(response.statusCode())) {
      problems.add(
          method
              + " "
              + path
              + " by "
              + user.id()
              + " answered "
              + response.statusCode()
              + " (expected "
              + List.of(statuses)
              + "): "
              + response.bodyAsString());
    }
  }

  private void assertUnchanged() {
    assertThat(before.differences(world.snapshot())).as("changed state").isEmpty();
  }
}

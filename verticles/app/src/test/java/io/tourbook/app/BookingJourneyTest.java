package io.tourbook.app;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The booking journey through HTTP and the real event flow, every service on one node. */
@ExtendWith(VertxExtension.class)
@DisplayName("Booking journey across all services")
class BookingJourneyTest {

  private static final double LAT = 6.4500;
  private static final double LON = 3.3900;

  private Platform platform;
  private String providerToken;
  private String providerId;
  private final List<String> listingIds = new ArrayList<>();

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    platform = Platform.start(vertx);
    String providerEmail = Platform.email("provider");
    providerId = platform.register("provider", providerEmail, new JsonObject());
    platform.verify(providerId);
    providerToken = platform.login(providerEmail, Platform.PASSWORD);
    for (int i = 0; i < 3; i++) {
      listingIds.add(
          createListing(Platform.listing("Flat " + i, LAT + i * 0.004, LON + i * 0.003, 25)));
    }
  }

  /**
   * Stops the node while its event loops run, so its last checkpoint writes land before the next
   * reset.
   */
  @AfterEach
  void tearDown() throws Exception {
    await(platform.node.stop());
    System.out.println(
        "CONTRACT checked "
            + platform.contract.checked()
            + " violations "
            + platform.contract.violations());
    assertThat(platform.contract.violations())
        .as(
            "answers that /openapi.json does not describe, of %d checked",
            platform.contract.checked())
        .isEmpty();
  }

  private String createListing(JsonObject listing) throws Exception {
    return platform.createListing(providerToken, listing);
  }

  private String availableRealtor(String email) throws Exception {
    String realtorId =
        platform.availableRealtor(
            email, new JsonObject().put("lat", LAT + 0.002).put("lon", LON + 0.002));
    platform.poll(
        "/api/v1/availability/realtors?status=available",
        platform.adminToken,
        page -> ids(page).contains(realtorId));
    return realtorId;
  }

  private String customerWithCart(String email, List<String> listings) throws Exception {
    platform.register("customer", email, new JsonObject());
    String token = platform.login(email, Platform.PASSWORD);
    for (String listingId : listings) {
      HttpResponse<Buffer> added =
          platform.call(
              HttpMethod.POST,
              "/api/v1/carts/me/items",
              token,
              new JsonObject().put("listingId", listingId));
      assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    }
    return token;
  }

  private HttpResponse<Buffer> checkout(String token, String paymentToken, String key)
      throws Exception {
    return await(checkoutAsync(token, paymentToken, key));
  }

  private Future<HttpResponse<Buffer>> checkoutAsync(
      String token, String paymentToken, String key) {
    return platform.checkout(
        token,
        key,
        new JsonObject()
            .put("paymentToken", paymentToken)
            .put("preferredTimes", Platform.preferredTimes()));
  }

  /** The ids of a page's items: a pool realtor's realtorId, any other resource's id. */
  private static List<String> ids(JsonObject page) {
    List<String> ids = new ArrayList<>();
    for (Object item : page.getJsonArray("items", new JsonArray())) {
      JsonObject json = (JsonObject) item;
      ids.add(json.getString("id", json.getString("realtorId")));
    }
    return ids;
  }

  @Test
  @DisplayName(
      "A customer books a tour: it is paid, assigned to the nearby realtor, scheduled in business hours with an itinerary, both are mailed, iam records it, and cancelling frees the realtor")
  void customerBooksATourEndToEnd() throws Exception {
    String realtorEmail = Platform.email("realtor");
    String realtorId = availableRealtor(realtorEmail);
    String customerEmail = Platform.email("customer");

    JsonObject found =
        platform.poll(
            "/api/v1/listings?near=" + LAT + "," + LON + "&radiusKm=5",
            providerToken,
            page -> ids(page).containsAll(listingIds));
    assertThat(ids(found)).containsAll(listingIds);
    platform.poll(
        "/api/v1/iam/accounts/" + providerId,
        platform.adminToken,
        account -> account.getJsonObject("listings", new JsonObject()).getInteger("count", 0) == 3);

    String customer = customerWithCart(customerEmail, listingIds.subList(0, 2));
    HttpResponse<Buffer> paid = checkout(customer, "tok_visa", UUID.randomUUID().toString());
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    assertThat(paid.bodyAsJsonObject().getString("status")).isEqualTo("succeeded");
    JsonObject cart = platform.get("/api/v1/carts/me", customer).bodyAsJsonObject();
    assertThat(cart.getJsonArray("items")).isEmpty();

    JsonObject tour = platform.onlyTourScheduled(customer);
    assertThat(tour.getString("realtorId")).isEqualTo(realtorId);
    assertThat(tour.getJsonArray("itinerary")).hasSize(2);
    JsonObject schedule = tour.getJsonObject("schedule");
    int startHour = Instant.parse(schedule.getString("start")).atZone(ZoneOffset.UTC).getHour();
    int endHour = Instant.parse(schedule.getString("end")).atZone(ZoneOffset.UTC).getHour();
    assertThat(startHour).isBetween(9, 17);
    assertThat(endHour).isBetween(9, 18);

    GreenMail mail = TestBackingServices.get().mail().orElseThrow();
    Eventually.until("the customer mailed", Platform.DEADLINE, () -> mailed(mail, customerEmail));
    Eventually.until("the realtor mailed", Platform.DEADLINE, () -> mailed(mail, realtorEmail));

    String customerId = platform.get("/api/v1/iam/me", customer).bodyAsJsonObject().getString("id");
    JsonObject account =
        platform.poll(
            "/api/v1/iam/accounts/" + customerId,
            platform.adminToken,
            json ->
                json.getJsonArray("payments", new JsonArray()).size() == 1
                    && json.getJsonArray("tours", new JsonArray()).size() == 1);
    assertThat(account.encode()).doesNotContain("passwordHash");

    String tourId = tour.getString("id");
    HttpResponse<Buffer> cancelled =
        platform.call(HttpMethod.POST, "/api/v1/tours/" + tourId + "/cancel", customer, null);
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    platform.poll(
        "/api/v1/availability/realtors?status=available",
        platform.adminToken,
        page ->
            page.getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .anyMatch(
                    item ->
                        realtorId.equals(item.getString("realtorId"))
                            && item.getJsonArray("bookings").isEmpty()));
  }

  @Test
  @DisplayName(
      "One realtor: tours at 10:00 and 14:00 on a business day and at 10:00 two days later are all"
          + " scheduled with them; a fourth asking for 10:00 again never overlaps")
  void oneRealtorManyTours() throws Exception {
    String realtorId = availableRealtor(Platform.email("realtor"));
    LocalDate day = Platform.businessDay(2);
    LocalDate later = Platform.businessDay(4);
    List<Instant> asked =
        List.of(
            day.atTime(10, 0).toInstant(ZoneOffset.UTC),
            day.atTime(14, 0).toInstant(ZoneOffset.UTC),
            later.atTime(10, 0).toInstant(ZoneOffset.UTC),
            day.atTime(10, 0).toInstant(ZoneOffset.UTC));
    List<String> customers = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      String customer = customerWithCart(Platform.email("customer" + i), listingIds.subList(0, 1));
      HttpResponse<Buffer> paid = checkoutAt(customer, asked.get(i));
      assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
      customers.add(customer);
      if (i == 2) {
        platform.poll(
            "/api/v1/tours?size=100",
            platform.adminToken,
            page ->
                page.getJsonArray("items").stream()
                        .map(JsonObject.class::cast)
                        .filter(tour -> "SCHEDULED".equals(tour.getString("status")))
                        .count()
                    == 3);
      }
    }

    List<JsonObject> schedules = new ArrayList<>();
    for (String customer : customers) {
      JsonObject tour =
          platform
              .poll(
                  "/api/v1/tours",
                  customer,
                  page ->
                      page.getJsonArray("items").size() == 1
                          && "SCHEDULED"
                              .equals(
                                  page.getJsonArray("items").getJsonObject(0).getString("status")))
              .getJsonArray("items")
              .getJsonObject(0);
      assertThat(tour.getString("realtorId")).isEqualTo(realtorId);
      schedules.add(tour.getJsonObject("schedule"));
    }
    for (int i = 0; i < 3; i++) {
      assertThat(Instant.parse(schedules.get(i).getString("start")))
          .as("tour %d at the time asked for", i)
          .isEqualTo(asked.get(i));
    }
    Instant fourth = Instant.parse(schedules.get(3).getString("start"));
    assertThat(fourth).isNotEqualTo(asked.get(3));
    assertThat(fourth.atZone(ZoneOffset.UTC).toLocalDate())
        .as("the earliest free slot of the day asked for")
        .isEqualTo(day);
    for (int i = 0; i < schedules.size(); i++) {
      for (int j = i + 1; j < schedules.size(); j++) {
        JsonObject a = schedules.get(i);
        JsonObject b = schedules.get(j);
        assertThat(
                Instant.parse(a.getString("start")).isBefore(Instant.parse(b.getString("end")))
                    && Instant.parse(b.getString("start"))
                        .isBefore(Instant.parse(a.getString("end"))))
            .as("tour %d overlaps tour %d", i, j)
            .isFalse();
      }
    }
  }

  @Test
  @DisplayName(
      "A realtor going off duty hands their tours to another realtor at the same times; when"
          + " that one is suspended and nobody else is free, the tours wait again")
  void offDutyAndSuspensionReassign() throws Exception {
    String firstEmail = Platform.email("first");
    String first = availableRealtor(firstEmail);
    LocalDate day = Platform.businessDay(2);
    List<Instant> asked =
        List.of(
            day.atTime(10, 0).toInstant(ZoneOffset.UTC),
            day.atTime(14, 0).toInstant(ZoneOffset.UTC));
    List<String> customers = new ArrayList<>();
    List<String> customerEmails = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      customerEmails.add(Platform.email("handover" + i));
      String customer = customerWithCart(customerEmails.get(i), listingIds.subList(0, 1));
      assertThat(checkoutAt(customer, asked.get(i)).statusCode()).isEqualTo(201);
      customers.add(customer);
    }
    for (String customer : customers) {
      assertThat(platform.onlyTourScheduled(customer).getString("realtorId")).isEqualTo(first);
    }
    String secondEmail = Platform.email("second");
    String second =
        platform.availableRealtor(
            secondEmail, new JsonObject().put("lat", LAT + 0.02).put("lon", LON + 0.02));
    platform.poll(
        "/api/v1/availability/realtors?status=available",
        platform.adminToken,
        page -> ids(page).contains(second));

    HttpResponse<Buffer> offDuty =
        platform.call(
            HttpMethod.PUT,
            "/api/v1/iam/me/availability",
            platform.login(firstEmail, Platform.PASSWORD),
            new JsonObject().put("status", "unavailable"));
    assertThat(offDuty.statusCode()).as(offDuty.bodyAsString()).isEqualTo(200);

    for (int i = 0; i < customers.size(); i++) {
      String customer = customers.get(i);
      JsonObject tour =
          platform
              .poll(
                  "/api/v1/tours",
                  customer,
                  page -> {
                    JsonObject only = page.getJsonArray("items").getJsonObject(0);
                    return "SCHEDULED".equals(only.getString("status"))
                        && second.equals(only.getString("realtorId"));
                  })
              .getJsonArray("items")
              .getJsonObject(0);
      assertThat(Instant.parse(tour.getJsonObject("schedule").getString("start")))
          .as("the same time as before")
          .isEqualTo(asked.get(i));
    }
    GreenMail mail = TestBackingServices.get().mail().orElseThrow();
    Eventually.until(
        "each realtor mailed about both tours",
        Platform.DEADLINE,
        () ->
            subjects(mail, secondEmail, "New tour: ") == 2
                && subjects(mail, firstEmail, "Tour no longer yours: ") == 2);
    assertThat(subjects(mail, secondEmail, "New tour: ")).as("the new realtor").isEqualTo(2);
    assertThat(subjects(mail, firstEmail, "Tour no longer yours: "))
        .as("the realtor who went off duty")
        .isEqualTo(2);

    status(second, "suspended");
    for (String customer : customers) {
      platform.poll(
          "/api/v1/tours",
          customer,
          page ->
              "PENDING".equals(page.getJsonArray("items").getJsonObject(0).getString("status")));
    }
    JsonObject waiting =
        platform.poll(
            "/api/v1/assignments/waiting?size=100",
            platform.adminToken,
            page -> page.getLong("total") == 2);
    assertThat(waiting.getLong("total")).isEqualTo(2);
    JsonObject unassigned =
        platform.poll(
            "/api/v1/schedules?status=unassigned",
            platform.adminToken,
            page -> page.getLong("total") == 2);
    assertThat(ids(unassigned).size())
        .as("neither schedule is reminded or completed while its tour waits")
        .isEqualTo(2);
    Eventually.until(
        "the suspended realtor and both customers told",
        Platform.DEADLINE,
        () ->
            subjects(mail, secondEmail, "Tour no longer yours: ") == 2
                && customerEmails.stream()
                    .allMatch(
                        email -> subjects(mail, email, "Your tour is waiting for a realtor") == 1));
    assertThat(subjects(mail, secondEmail, "Tour no longer yours: ")).isEqualTo(2);
  }

  /** How many mails {@code address} received whose subject starts with {@code prefix}. */
  private static long subjects(GreenMail mail, String address, String prefix) {
    return Arrays.stream(mail.getReceivedMessages())
        .filter(message -> recipients(message).contains(address))
        .filter(
            message -> {
              try {
                return message.getSubject().startsWith(prefix);
              } catch (jakarta.mail.MessagingException e) {
                return false;
              }
            })
        .count();
  }

  private HttpResponse<Buffer> checkoutAt(String customer, Instant start) throws Exception {
    return await(
        platform.checkout(
            customer,
            UUID.randomUUID().toString(),
            new JsonObject()
                .put("paymentToken", "tok_visa")
                .put(
                    "preferredTimes",
                    new JsonArray().add(new JsonObject().put("start", start.toString())))));
  }

  @Test
  @DisplayName(
      "Suspending the provider hides their listings from search; reactivating shows them again")
  void suspendedProviderListingsDisappearAndReturn() throws Exception {
    String search = "/api/v1/listings?near=" + LAT + "," + LON + "&radiusKm=5";
    platform.poll(search, providerToken, page -> ids(page).containsAll(listingIds));
    String customer = customerWithCart(Platform.email("browser"), List.of());

    status(providerId, "suspended");
    platform.poll(search, customer, page -> ids(page).stream().noneMatch(listingIds::contains));
    status(providerId, "active");
    platform.poll(search, customer, page -> ids(page).containsAll(listingIds));
  }

  private void status(String accountId, String status) throws Exception {
    HttpResponse<Buffer> response =
        platform.call(
            HttpMethod.PUT,
            "/api/v1/iam/accounts/" + accountId + "/status",
            platform.adminToken,
            new JsonObject().put("status", status));
    assertThat(response.statusCode()).as(response.bodyAsString()).isBetween(200, 204);
  }

  @Test
  @DisplayName(
      "A declined card gives 402 with the reason, keeps the cart, and makes no tour and no assignment")
  void declinedCardChangesNothing() throws Exception {
    availableRealtor(Platform.email("realtor"));
    String customer = customerWithCart(Platform.email("declined"), listingIds.subList(0, 1));

    HttpResponse<Buffer> declined =
        checkout(customer, "tok_chargeDeclined", UUID.randomUUID().toString());

    assertThat(declined.statusCode()).as(declined.bodyAsString()).isEqualTo(402);
    assertThat(declined.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(declined.bodyAsString()).contains("declined");
    assertThat(platform.get("/api/v1/carts/me", customer).bodyAsJsonObject().getJsonArray("items"))
        .hasSize(1);
    assertThat(platform.get("/api/v1/tours", customer).bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
    assertThat(
            platform
                .get("/api/v1/assignments", platform.adminToken)
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "Two concurrent checkouts with the same Idempotency-Key make one payment and one tour")
  void sameKeyTwiceChargesOnce() throws Exception {
    availableRealtor(Platform.email("realtor"));
    String customer = customerWithCart(Platform.email("twice"), listingIds.subList(0, 2));
    String key = UUID.randomUUID().toString();

    List<HttpResponse<Buffer>> both =
        await(
                Future.all(
                    checkoutAsync(customer, "tok_visa", key),
                    checkoutAsync(customer, "tok_visa", key)))
            .list();

    assertThat(both).extracting(HttpResponse::statusCode).containsOnly(201);
    assertThat(both)
        .extracting(response -> response.bodyAsJsonObject().getString("paymentId"))
        .containsOnly(both.get(0).bodyAsJsonObject().getString("paymentId"));
    platform.poll(
        "/api/v1/tours",
        customer,
        page ->
            page.getJsonArray("items").size() == 1
                && "SCHEDULED"
                    .equals(page.getJsonArray("items").getJsonObject(0).getString("status")));
    assertThat(platform.get("/api/v1/payments", customer).bodyAsJsonObject().getJsonArray("items"))
        .hasSize(1);
    assertThat(platform.get("/api/v1/tours", customer).bodyAsJsonObject().getJsonArray("items"))
        .hasSize(1);
  }

  private static boolean mailed(GreenMail mail, String address) {
    return Arrays.stream(mail.getReceivedMessages())
        .anyMatch(message -> recipients(message).contains(address));
  }

  private static String recipients(MimeMessage message) {
    try {
      return Arrays.toString(message.getAllRecipients());
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }
}

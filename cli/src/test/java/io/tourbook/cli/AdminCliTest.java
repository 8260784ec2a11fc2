package io.tourbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.app.Platform;
import io.tourbook.assignment.AssignmentModule;
import io.tourbook.availability.AvailabilityModule;
import io.tourbook.cart.CartModule;
import io.tourbook.iam.IamModule;
import io.tourbook.listing.ListingModule;
import io.tourbook.payment.PaymentModule;
import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.scheduling.SchedulingModule;
import io.tourbook.tour.TourModule;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * tourbook-admin against a real node with every service, after one tour was booked end to end:
 * every command, in both output formats.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("tourbook-admin against a node with every service")
class AdminCliTest {

  /** Every service but the bridge, named rather than discovered. */
  static final List<ServiceModule> SERVICES =
      List.of(
          new IamModule(),
          new ListingModule(),
          new CartModule(),
          new PaymentModule(),
          new TourModule(),
          new AvailabilityModule(),
          new AssignmentModule(),
          new SchedulingModule());

  private static final double LAT = 6.45;
  private static final double LON = 3.39;

  private static Platform platform;
  private static Cli cli;
  private static String providerId;
  private static String realtorId;
  private static String customerId;
  private static String waitingCustomerId;
  private static String listingId;
  private static JsonObject tour;

  @BeforeAll
  static void bookATour(Vertx vertx) throws Exception {
    platform = Platform.start(vertx, config -> {}, SERVICES);
    String providerEmail = Platform.email("provider");
    providerId = platform.register("provider", providerEmail, new JsonObject());
    platform.verify(providerId);
    String providerToken = platform.login(providerEmail, Platform.PASSWORD);
    listingId = platform.createListing(providerToken, Platform.listing("Flat A", LAT, LON, 25));
    String second =
        platform.createListing(providerToken, Platform.listing("Flat B", LAT + 0.004, LON, 25));
    realtorId =
        platform.availableRealtor(
            Platform.email("realtor"),
            new JsonObject().put("lat", LAT + 0.002).put("lon", LON + 0.002));
    platform.poll(
        "/api/v1/availability/realtors?status=available",
        platform.adminToken,
        page -> page.getJsonArray("items").size() == 1);

    String customerEmail = Platform.email("customer");
    customerId = platform.register("customer", customerEmail, new JsonObject());
    String customer = platform.login(customerEmail, Platform.PASSWORD);
    addToCart(customer, listingId);
    addToCart(customer, second);
    HttpResponse<Buffer> paid =
        Eventually.await(
            platform
                .node
                .request(HttpMethod.POST, "/api/v1/carts/me/checkout", customer)
                .putHeader("Idempotency-Key", UUID.randomUUID().toString())
                .sendJsonObject(
                    new JsonObject()
                        .put("paymentToken", "tok_visa")
                        .put("preferredTimes", Platform.preferredTimes())));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    tour =
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

    String waitingEmail = Platform.email("browser");
    waitingCustomerId = platform.register("customer", waitingEmail, new JsonObject());
    addToCart(platform.login(waitingEmail, Platform.PASSWORD), listingId);

    cli = Cli.forPort(platform.node.port);
    assertThat(cli.login(Platform.ADMIN_EMAIL, Platform.ADMIN_PASSWORD).exitCode()).isZero();
  }

  /** Stops the node while Vert.x still runs, so its last checkpoint writes land. */
  @AfterAll
  static void stop() throws Exception {
    cli.close();
    Eventually.await(platform.node.stop());
  }

  private static void addToCart(String token, String listing) throws Exception {
    HttpResponse<Buffer> added =
        platform.call(
            HttpMethod.POST,
            "/api/v1/carts/me/items",
            token,
            new JsonObject().put("listingId", listing));
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
  }

  /** Runs a list command in both formats; returns the JSON items after checking the table. */
  private static JsonArray listBoth(List<String> header, String... args) {
    Cli.Result table = cli.run(args);
    assertThat(table.header()).as(table.out()).isEqualTo(header);
    JsonObject json = cli.run(with(args, "--output", "json")).json();
    JsonArray items = json.getJsonArray("items");
    assertThat(table.lines()).hasSize(items.isEmpty() ? 2 : items.size() + 1);
    if (json.containsKey("totalPages")) {
      assertThat(table.out())
          .contains(
              "page "
                  + json.getInteger("page")
                  + " of "
                  + Math.max(1, json.getInteger("totalPages"))
                  + " ("
                  + json.getLong("total")
                  + " total)");
    }
    return items;
  }

  private static String[] with(String[] args, String... more) {
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  private static List<String> ids(JsonArray items, String field) {
    return items.stream().map(item -> ((JsonObject) item).getString(field)).toList();
  }

  /** The table's row that holds {@code text}. */
  private static String row(Cli.Result table, String text) {
    return table.lines().stream()
        .filter(line -> line.contains(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError(text + " not in\n" + table.out()));
  }

  @Test
  @DisplayName("accounts list and show, in a table and as JSON, with filters")
  void accounts() {
    JsonArray realtors =
        listBoth(
            List.of("ID", "EMAIL", "NAME", "ROLE", "STATUS", "VERIFIED", "CREATED"),
            "accounts",
            "list",
            "--role",
            "realtor");
    assertThat(ids(realtors, "id")).containsExactly(realtorId);
    assertThat(row(cli.run("accounts", "list", "--role", "realtor"), realtorId))
        .contains("realtor", "active", "true");

    JsonObject shown = cli.run("accounts", "show", providerId, "-o", "json").json();
    assertThat(shown.getString("role")).isEqualTo("provider");
    assertThat(shown.containsKey("passwordHash")).isFalse();
    Cli.Result table = cli.run("accounts", "show", providerId);
    assertThat(table.header()).containsExactly("FIELD", "VALUE");
    assertThat(row(table, "email")).contains(shown.getString("email"));
  }

  @Test
  @DisplayName("accounts verify, suspend and activate change the account and say so")
  void accountOperations() throws Exception {
    String id = platform.register("provider", Platform.email("newcomer"), new JsonObject());

    Cli.Result verified = cli.run("accounts", "verify", id);
    assertThat(verified.exitCode()).as(verified.err()).isZero();
    assertThat(verified.out()).startsWith("Verified account " + id);
    JsonObject suspended = cli.run("accounts", "suspend", id, "--output", "json").json();
    assertThat(suspended.getString("status")).isEqualTo("suspended");
    assertThat(suspended.getBoolean("verified")).isTrue();
    Cli.Result activated = cli.run("accounts", "activate", id);
    assertThat(activated.out()).contains("is now active");
    assertThat(cli.run("accounts", "show", id, "-o", "json").json().getString("status"))
        .isEqualTo("active");
  }

  @Test
  @DisplayName("listings search, carts list, payments list and show")
  void listingsCartsPayments() {
    JsonArray listings =
        listBoth(
            List.of("ID", "TITLE", "TYPE", "OFFER", "PRICE", "CITY", "KM", "PROVIDER"),
            "listings",
            "search",
            "--near",
            LAT + "," + LON,
            "--radius-km",
            "5");
    assertThat(listings).hasSize(2);
    assertThat(row(cli.run("listings", "search", "-q", "Flat"), listingId))
        .contains("Flat A", "apartment", "rent", "1500 USD", "Lagos");

    JsonArray carts = listBoth(List.of("CUSTOMER", "ITEMS", "TOTAL", "UPDATED"), "carts", "list");
    JsonObject waiting =
        carts.stream()
            .map(JsonObject.class::cast)
            .filter(cart -> waitingCustomerId.equals(cart.getString("customerId")))
            .findFirst()
            .orElseThrow();
    assertThat(waiting.getInteger("itemCount")).isEqualTo(1);
    assertThat(row(cli.run("carts", "list"), waitingCustomerId)).contains("25");

    JsonArray payments =
        listBoth(
            List.of("ID", "CUSTOMER", "STATUS", "AMOUNT", "GATEWAY", "CREATED"),
            "payments",
            "list",
            "--status",
            "succeeded");
    assertThat(payments).hasSize(1);
    String paymentId = payments.getJsonObject(0).getString("id");
    assertThat(paymentId).isEqualTo(tour.getString("paymentId"));
    assertThat(row(cli.run("payments", "list"), paymentId)).contains(customerId, "succeeded");
    assertThat(cli.run("payments", "show", paymentId, "-o", "json").json().getString("customerId"))
        .isEqualTo(customerId);
    assertThat(row(cli.run("payments", "show", paymentId), "status")).contains("succeeded");
  }

  @Test
  @DisplayName("tours list and show, with the itinerary and the schedule, in local time or UTC")
  void tours() {
    JsonArray tours =
        listBoth(
            List.of("ID", "STATUS", "CUSTOMER", "REALTOR", "LISTINGS", "START", "CREATED"),
            "tours",
            "list",
            "--status",
            "scheduled");
    assertThat(ids(tours, "id")).containsExactly(tour.getString("id"));

    JsonObject shown = cli.run("tours", "show", tour.getString("id"), "-o", "json").json();
    assertThat(shown.getJsonArray("itinerary")).hasSize(2);
    assertThat(shown.getJsonObject("schedule").getString("start"))
        .isEqualTo(tour.getJsonObject("schedule").getString("start"));

    Cli.Result table = cli.run("tours", "show", tour.getString("id"), "--utc");
    String start =
        Instant.parse(tour.getJsonObject("schedule").getString("start"))
            .toString()
            .replace("T", " ")
            .replace("Z", " Z");
    assertThat(table.out()).contains("Itinerary", "Schedule", "Flat A", "Flat B", start);
    assertThat(row(table, "realtorId")).contains(realtorId);
  }

  @Test
  @DisplayName("assignments, schedules and the availability pool, then rebuilding the pool")
  void assignmentsSchedulesAvailability() {
    JsonArray assignments =
        listBoth(
            List.of("ID", "TOUR", "REALTOR", "STATUS", "KM", "CREATED"), "assignments", "list");
    assertThat(ids(assignments, "tourId")).containsExactly(tour.getString("id"));
    assertThat(row(cli.run("assignments", "list"), tour.getString("id"))).contains(realtorId);

    JsonArray schedules =
        listBoth(
            List.of("ID", "TOUR", "REALTOR", "START", "END", "STATUS"),
            "schedules",
            "list",
            "--realtor",
            realtorId);
    assertThat(ids(schedules, "tourId")).containsExactly(tour.getString("id"));

    JsonArray pool =
        listBoth(
            List.of("REALTOR", "STATUS", "LAT", "LON", "KM", "NEXT TOUR", "BOOKINGS"),
            "availability",
            "list",
            "--near",
            LAT + "," + LON,
            "--radius-km",
            "10",
            "--status",
            "available");
    assertThat(ids(pool, "realtorId")).containsExactly(realtorId);
    assertThat(row(cli.run("availability", "list", "--status", "available"), realtorId))
        .contains("available", tour.getString("id"));

    Cli.Result rebuilt = cli.run("availability", "rebuild");
    assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
    assertThat(rebuilt.out()).startsWith("Rebuilt the realtor pool");
    assertThat(cli.run("availability", "rebuild", "-o", "json").json()).isNotNull();
    assertThat(
            cli.run("availability", "list", "--status", "available", "-o", "json")
                .json()
                .getJsonArray("items")
                .getJsonObject(0)
                .getJsonArray("bookings"))
        .hasSize(1);
  }

  @Test
  @DisplayName("commands list filters the audit log and commands show one entry")
  void auditLog() {
    JsonArray checkouts =
        listBoth(
            List.of("AT", "SERVICE", "ACTOR", "ACTION", "OUTCOME", "STATUS", "ID"),
            "commands",
            "list",
            "--actor",
            customerId,
            "--outcome",
            "succeeded",
            "--since",
            Instant.now().minusSeconds(3600).toString());
    assertThat(checkouts.stream().map(item -> ((JsonObject) item).getString("action")))
        .contains("POST /api/v1/carts/me/checkout");
    String checkoutId =
        checkouts.stream()
            .map(JsonObject.class::cast)
            .filter(item -> item.getString("action").endsWith("/checkout"))
            .findFirst()
            .orElseThrow()
            .getString("id");
    assertThat(
            cli.run("commands", "list", "--until", "2020-01-01T00:00:00Z", "-o", "json")
                .json()
                .getLong("total"))
        .isZero();
    assertThat(cli.run("commands", "list", "--service", "cart", "--size", "1").out())
        .containsPattern("page 1 of \\d+ \\(\\d+ total\\)");
    Cli.Result mountName = cli.run("commands", "list", "--service", "carts");
    assertThat(mountName.exitCode()).isEqualTo(1);
    assertThat(mountName.err()).contains("service must be one of", "cart");

    JsonObject shown = cli.run("commands", "show", checkoutId, "-o", "json").json();
    assertThat(shown.getString("actor")).isEqualTo(customerId);
    assertThat(row(cli.run("commands", "show", checkoutId), "outcome")).contains("succeeded");
  }

  @Test
  @DisplayName("events subscriptions and dead letters list in both formats")
  void eventPlumbing() {
    JsonArray subscriptions =
        listBoth(
            List.of("SUBSCRIPTION", "LAG", "DEAD LETTERS", "CHECKPOINT AT", "CHECKPOINT EVENT"),
            "events",
            "subscriptions");
    assertThat(ids(subscriptions, "subscription"))
        .contains("payment.payments.tour", "tour.tours.assignment");
    assertThat(row(cli.run("events", "subscriptions"), "tour.tours.assignment")).contains(" 0 ");

    JsonArray letters =
        listBoth(
            List.of(
                "ID",
                "SUBSCRIPTION",
                "TYPE",
                "SUBJECT",
                "ATTEMPTS",
                "STATUS",
                "PARKED",
                "LAST ERROR"),
            "events",
            "deadletters",
            "list");
    assertThat(letters).isEmpty();
    assertThat(cli.run("events", "deadletters", "list").lines().get(1)).isEqualTo("(none)");
  }

  @Test
  @DisplayName("events tail prints live events of the chosen type until its limit")
  void tail() throws Exception {
    CompletableFuture<Cli.Result> tailed =
        CompletableFuture.supplyAsync(
            () ->
                cli.run("events", "tail", "--type", "iam.account.*", "--limit", "1", "-o", "json"));
    // Registers customers until one's event reaches the tail: it hears only what happens after it
    // connected.
    Eventually.until(
        "events tail to print an event",
        Platform.DEADLINE,
        () -> {
          platform.register("customer", Platform.email("watched"), new JsonObject());
          return tailed.isDone();
        });
    Cli.Result result = tailed.get(1, TimeUnit.SECONDS);
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonObject event = new JsonObject(result.out().strip());
    assertThat(event.getString("type")).isEqualTo("iam.account.created");
    assertThat(event.getJsonObject("data").getString("email")).startsWith("watched-");
    assertThat(result.err()).contains("Ctrl-C");
  }

  @Test
  @DisplayName(
      "A non-admin, a missing or expired session, a bad flag and a dead URL exit 3, 3, 2, 1")
  void failuresExitWithTheirCodes() throws Exception {
    Cli other = Cli.forPort(platform.node.port);
    try {
      Cli.Result notLoggedIn = other.run("tours", "list");
      assertThat(notLoggedIn.exitCode()).isEqualTo(3);
      assertThat(notLoggedIn.err()).contains("Not logged in", "tourbook-admin login --email");

      String email = Platform.email("nosy");
      platform.register("customer", email, new JsonObject());
      Cli.Result customerLogin = other.login(email, Platform.PASSWORD);
      assertThat(customerLogin.out()).contains("not an admin");
      Cli.Result refused = other.run("accounts", "list");
      assertThat(refused.exitCode()).isEqualTo(3);
      assertThat(refused.err()).contains("admin commands need an admin account");

      Cli.Result elsewhere =
          other.runWith(Map.of(), "", "accounts", "list", "--url", "http://127.0.0.1:1");
      assertThat(elsewhere.exitCode()).as(elsewhere.err()).isEqualTo(3);
      assertThat(elsewhere.err()).contains("You are logged in to " + other.url);

      Cli.Result wrongPassword = other.login(email, "not-the-password");
      assertThat(wrongPassword.exitCode()).isEqualTo(3);
      new Credentials(other.url, email, "expired.token.value", Instant.now().minusSeconds(1))
          .save(other.credentials());
      Cli.Result expired = other.run("tours", "list");
      assertThat(expired.exitCode()).isEqualTo(3);
      assertThat(expired.err()).contains("session expired", "login --email " + email);
    } finally {
      other.close();
    }

    Cli.Result badFlag = cli.run("tours", "list", "--colour", "red");
    assertThat(badFlag.exitCode()).isEqualTo(2);
    assertThat(badFlag.err())
        .contains("Unknown options: '--colour'", "Usage: tourbook-admin tours list");
    assertThat(cli.run("tours", "list", "--status", "lost").exitCode()).isEqualTo(2);
    assertThat(cli.run("events").exitCode()).isEqualTo(2);

    Cli.Result unreachable =
        cli.runWith(Map.of(), "", "login", "--email", "a@b.c", "--url", "http://127.0.0.1:1");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.err())
        .contains("Cannot reach the node at http://127.0.0.1:1", "--url or TOURBOOK_URL");
  }

  @Test
  @DisplayName(
      "The session lives under $XDG_CONFIG_HOME/tourbook, else $HOME/.config/tourbook (from the"
          + " environment, not the JVM's user.home)")
  void sessionFollowsXdgAndHome() throws Exception {
    Cli other = Cli.forPort(platform.node.port);
    Path xdg = Files.createTempDirectory("tourbook-xdg");
    try {
      Map<String, String> withXdg =
          Map.of("XDG_CONFIG_HOME", xdg.toString(), "TOURBOOK_PASSWORD", Platform.ADMIN_PASSWORD);
      assertThat(
              other.runWith(withXdg, "", other.withUrl("login", "--email", Platform.ADMIN_EMAIL)))
          .extracting(Cli.Result::exitCode)
          .isEqualTo(0);
      assertThat(xdg.resolve("tourbook").resolve("credentials")).exists();
      assertThat(other.credentials()).doesNotExist();
      assertThat(other.runWith(withXdg, "", other.withUrl("tours", "list")).exitCode()).isZero();
      // Without XDG_CONFIG_HOME the session is the one under $HOME: there is none yet.
      assertThat(other.run("tours", "list").exitCode()).isEqualTo(3);

      Map<String, String> relativeXdg =
          Map.of("XDG_CONFIG_HOME", "relative/config", "HOME", other.home.toString());
      assertThat(
              Credentials.file(
                  Cli.terminal(
                      relativeXdg, new ByteArrayOutputStream(), new ByteArrayOutputStream(), "")))
          .isEqualTo(other.home.resolve(".config/tourbook/credentials"));
    } finally {
      other.close();
      try (var files = Files.walk(xdg)) {
        for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  @Test
  @DisplayName("login stores the session with mode 0600 and prints no token; logout removes it")
  void credentials() throws Exception {
    Cli other = Cli.forPort(platform.node.port);
    try {
      Cli.Result login =
          other.runWith(
              Map.of("TOURBOOK_PASSWORD", Platform.ADMIN_PASSWORD),
              "",
              other.withUrl("login", "--email", Platform.ADMIN_EMAIL, "-o", "json"));
      assertThat(login.json().getJsonArray("roles")).contains("admin");
      assertThat(Files.getPosixFilePermissions(other.credentials()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.getPosixFilePermissions(other.credentials().getParent()))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
      String token = new JsonObject(Files.readString(other.credentials())).getString("accessToken");
      assertThat(token).isNotBlank();
      assertThat(login.out() + login.err()).doesNotContain(token);
      assertThat(Credentials.load(other.credentials()).orElseThrow().toString())
          .doesNotContain(token);

      Cli.Result again = other.login(Platform.ADMIN_EMAIL, Platform.ADMIN_PASSWORD);
      assertThat(again.out()).contains("Logged in to " + other.url + " as " + Platform.ADMIN_EMAIL);
      assertThat(again.out() + again.err()).doesNotContain(token);
      assertThat(Files.getPosixFilePermissions(other.credentials()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));

      assertThat(other.run("logout").out()).contains("Logged out.");
      assertThat(other.credentials()).doesNotExist();
      assertThat(other.run("tours", "list").exitCode()).isEqualTo(3);
    } finally {
      other.close();
    }
  }

  @Test
  @DisplayName("The public entry point prints --version, --help on every command, and completion")
  void versionHelpAndCompletion() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertThat(TourbookAdmin.run(print, new PrintStream(err), "--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .matches("tourbook-admin \\d+\\.\\d+\\.\\d+.*\\s*");

    out.reset();
    assertThat(
            TourbookAdmin.run(
                print, new PrintStream(err), "events", "deadletters", "replay", "--help"))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Usage: tourbook-admin events deadletters replay");

    Cli.Result completion = cli.runWith(Map.of(), "", "completion");
    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out())
        .contains("complete -F", "tourbook-admin", "deadletters", "bashcompinit");
  }
}

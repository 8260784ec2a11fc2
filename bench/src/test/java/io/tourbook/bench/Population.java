package io.tourbook.bench;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.auth.Roles;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.bson.Document;

/**
 * The people and the listing a booking run needs. Realtors, customers and the provider are written
 * straight into iam's accounts collection, stamped as iam stamps them, so their events reach the
 * other services as if iam had registered them, without paying for thousands of Argon2id hashes.
 */
final class Population {

  static final double LAT = 52.5200;
  static final double LON = 13.4050;
  private static final int BATCH = 500;
  private static final LocalTime OPENS = LocalTime.of(9, 0);
  private static final int DAY_QUARTERS = 9 * 4;
  private static final int TOUR_QUARTERS = 3;

  private final MongoCollection<Document> accounts;

  Population(MongoClient mongo) {
    this.accounts = mongo.getDatabase("iam").getCollection("accounts");
  }

  /** Active, verified, available realtors within about 3 km of the listing. */
  List<String> realtors(String prefix, int count) {
    return insert(
        prefix,
        count,
        i -> {
          Document location =
              new Document("lat", LAT + 0.0002 * (i % 100))
                  .append("lon", LON - 0.0002 * (i / 100 % 100));
          return account(prefix + "-realtor-" + i, Roles.REALTOR)
              .append("location", location)
              .append(
                  "availability", new Document("status", "available").append("location", location));
        });
  }

  List<String> customers(String prefix, int count) {
    return insert(prefix, count, i -> account(prefix + "-customer-" + i, Roles.CUSTOMER));
  }

  /**
   * A verified provider: inserted, then verified in a second write, the event listing waits for.
   */
  String provider(String prefix) {
    String id = insert(prefix, 1, i -> account(prefix + "-provider", Roles.PROVIDER)).get(0);
    Sync.all(
        accounts.updateOne(
            Filters.eq("_id", id),
            Updates.set("lastChange", stamp(EventTypes.IAM_ACCOUNT_VERIFIED))));
    return id;
  }

  private List<String> insert(String prefix, int count, Function<Integer, Document> document) {
    List<String> ids = new ArrayList<>();
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Document account = document.apply(i);
      ids.add(account.getString("_id"));
      batch.add(account);
      if (batch.size() == BATCH || i == count - 1) {
        Sync.all(accounts.insertMany(batch));
        batch = new ArrayList<>();
      }
    }
    return ids;
  }

  private static Document account(String name, String role) {
    String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@bench.test";
    return new Document("_id", UUID.randomUUID().toString())
        .append("email", email)
        .append("emailLower", email)
        .append("name", name)
        .append("role", role)
        .append("status", "active")
        .append("verified", true)
        .append("createdAt", Instant.now().toString())
        .append("lastChange", stamp(EventTypes.IAM_ACCOUNT_CREATED));
  }

  private static Document stamp(String type) {
    return new Document("type", type)
        .append("at", Instant.now().toString())
        .append("actor", "system");
  }

  /**
   * Creates the listing every checkout books, retrying while listing has not yet learned that the
   * provider is verified. Blocking.
   */
  static String listing(WebClient client, int port, String providerToken, long deadlineNanos) {
    while (System.nanoTime() < deadlineNanos) {
      HttpResponse<Buffer> response =
          Sync.await(
              client
                  .post(port, "127.0.0.1", "/api/v1/listings")
                  .bearerTokenAuthentication(providerToken)
                  .sendJsonObject(listingBody()));
      if (response.statusCode() == 201) {
        return response.bodyAsJsonObject().getString("id");
      }
      Sync.pause(100);
    }
    throw new IllegalStateException("The provider was never allowed to list");
  }

  static JsonObject listingBody() {
    return new JsonObject()
        .put("title", "Bench loft")
        .put("description", "A bright place, close to the park.")
        .put("type", "apartment")
        .put("offer", "rent")
        .put("price", new JsonObject().put("amount", 1500).put("currency", "USD"))
        .put("tourFee", new JsonObject().put("amount", 20).put("currency", "USD"))
        .put(
            "location",
            new JsonObject()
                .put("lat", LAT)
                .put("lon", LON)
                .put(
                    "address",
                    new JsonObject()
                        .put("street", "1 Main St")
                        .put("city", "Berlin")
                        .put("state", "Berlin")
                        .put("country", "DE")
                        .put("postcode", "10115")));
  }

  /**
   * The next {@code count} business days (MON-FRI) from the day after tomorrow on (UTC), so that
   * every preferred time on them is at least a day ahead and the lead time never matters.
   */
  static List<LocalDate> businessDays(LocalDate today, int count) {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = today.plusDays(2); days.size() < count; day = day.plusDays(1)) {
      if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
        days.add(day);
      }
    }
    return days;
  }

  /**
   * One to three preferred times, earliest first, on random days among {@code days}, each at a
   * random quarter-hour within the default business hours (09:00-18:00 UTC): half of them exact
   * starts a tour of one listing (45 minutes) can keep, the others windows of one to three hours.
   */
  static JsonArray preferredTimes(Random random, List<LocalDate> days) {
    int count = 1 + random.nextInt(3);
    List<JsonObject> times = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      LocalDate day = days.get(random.nextInt(days.size()));
      boolean exact = random.nextBoolean();
      int quarters = exact ? TOUR_QUARTERS : 4 * (1 + random.nextInt(3));
      Instant start =
          day.atTime(OPENS)
              .plusMinutes(15L * random.nextInt(DAY_QUARTERS - quarters + 1))
              .toInstant(ZoneOffset.UTC);
      JsonObject time = new JsonObject().put("start", start.toString());
      if (!exact) {
        time.put("end", start.plus(Duration.ofMinutes(15L * quarters)).toString());
      }
      times.add(time);
    }
    times.sort(Comparator.comparing(time -> Instant.parse(time.getString("start"))));
    return new JsonArray(new ArrayList<>(times));
  }
}

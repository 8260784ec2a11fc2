package io.tourbook.cart.model;

import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.time.BookingHorizon;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * A checkout body that passed its JSON Schema, with the checks a schema cannot make: at most the
 * configured number of preferred times, each an ISO-8601 date-time with offset, ending after it
 * starts, and within the {@link BookingHorizon}.
 *
 * @param paymentToken the gateway's payment method token, or null (a free cart needs none); passed
 *     on, never stored
 * @param preferredTimes {@code [{start, end?}]} as UTC instants
 * @param expectedTotal the total the customer saw, or null: a checkout whose current total differs
 *     is refused
 * @param fingerprint what tells a repeat of this checkout from a different one under the same key;
 *     not derived from the token
 */
public record CheckoutRequest(
    String paymentToken, JsonArray preferredTimes, Money expectedTotal, String fingerprint) {

  /** Keeps the token out of any log line that prints a request. */
  @Override
  public String toString() {
    return "CheckoutRequest[preferredTimes=" + preferredTimes + "]";
  }

  public static CheckoutRequest parse(
      JsonObject body, int maxPreferredTimes, BookingHorizon horizon, Instant now) {
    JsonArray requested = body.getJsonArray("preferredTimes", new JsonArray());
    if (requested.size() > maxPreferredTimes) {
      throw ApiException.badRequest(
          "Give at most " + maxPreferredTimes + " preferred times, not " + requested.size() + ".");
    }
    JsonArray times = new JsonArray();
    for (int i = 0; i < requested.size(); i++) {
      // A bare ISO string is a start, as {start} is.
      JsonObject time =
          requested.getValue(i) instanceof String start
              ? new JsonObject().put("start", start)
              : requested.getJsonObject(i);
      String pointer = "/preferredTimes/" + i;
      Instant start = instant(time.getString("start"), pointer + "/start");
      JsonObject normalised = new JsonObject().put("start", start.toString());
      Instant end = null;
      if (time.getString("end") != null) {
        end = instant(time.getString("end"), pointer + "/end");
        if (!end.isAfter(start)) {
          throw invalid(pointer + "/end", "A preferred time must end after it starts.");
        }
        normalised.put("end", end.toString());
      }
      String refusal = horizon.refusal(start, end, now).orElse(null);
      if (refusal != null) {
        throw invalid(pointer, refusal);
      }
      times.add(normalised);
    }
    Money expectedTotal = null;
    if (body.getValue("expectedTotal") != null) {
      expectedTotal =
          Money.parse(body.getValue("expectedTotal"))
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "The expected total is invalid.",
                          new JsonArray()
                              .add(
                                  new JsonObject()
                                      .put("pointer", "/expectedTotal")
                                      .put(
                                          "detail",
                                          "Must be {amount >= 0, currency: 3 capitals}."))));
    }
    JsonObject fingerprinted = new JsonObject().put("preferredTimes", times);
    if (expectedTotal != null) {
      fingerprinted.put("expectedTotal", expectedTotal.toJson());
    }
    return new CheckoutRequest(
        body.getString("paymentToken"), times, expectedTotal, sha256(fingerprinted.encode()));
  }

  private static Instant instant(String value, String pointer) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(
          pointer, "Must be an ISO-8601 date-time with an offset, e.g. 2030-05-01T10:00Z.");
    }
  }

  private static ApiException invalid(String pointer, String detail) {
    return ApiException.invalid(
        "The preferred times are invalid.",
        new JsonArray().add(new JsonObject().put("pointer", pointer).put("detail", detail)));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}

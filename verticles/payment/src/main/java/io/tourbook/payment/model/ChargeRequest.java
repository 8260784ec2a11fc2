package io.tourbook.payment.model;

import io.tourbook.contracts.Times;
import io.tourbook.payment.gateway.Currencies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * A validated {@code PaymentService.charge} request, normalised: items, amount and preferred times
 * in the shape they are stored, and a fingerprint of what is charged (not of the token, which is
 * never kept) that tells a repeated request from a different one under the same key.
 *
 * @param token the gateway's payment token; null for a free charge
 * @param items {@code [{listingId, providerId, title, address {street, city, state, country,
 *     postcode}, tourFee {amount, currency}, location {lat, lon}}]}
 * @param preferredTimes {@code [{start, end?}]} as UTC instants
 */
public record ChargeRequest(
    String idempotencyKey,
    String customerId,
    String token,
    JsonArray items,
    BigDecimal amount,
    String currency,
    JsonArray preferredTimes,
    String fingerprint) {

  /** Keeps the token out of any log line that prints a request. */
  @Override
  public String toString() {
    return "ChargeRequest[customerId=" + customerId + ", key=" + idempotencyKey + "]";
  }

  /**
   * @throws IllegalArgumentException with a message fit for the caller, if the request is invalid
   */
  public static ChargeRequest parse(JsonObject request, Validator schema, int maxItems) {
    OutputUnit result = schema.validate(request);
    if (!Boolean.TRUE.equals(result.getValid())) {
      throw new IllegalArgumentException("Invalid charge request: " + firstError(result));
    }
    JsonObject total = request.getJsonObject("amount");
    String currency = total.getString("currency");
    BigDecimal amount = decimal(total);
    if (amount.signum() > 0 && request.getString("paymentToken") == null) {
      throw new IllegalArgumentException("A charge of more than 0 needs a paymentToken.");
    }
    requireCurrencyPrecision(amount, currency);
    JsonArray requestItems = request.getJsonArray("items");
    if (requestItems.size() > maxItems) {
      throw new IllegalArgumentException("A payment holds at most " + maxItems + " items.");
    }
    JsonArray items = new JsonArray();
    Set<String> listingIds = new HashSet<>();
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < requestItems.size(); i++) {
      JsonObject item = requestItems.getJsonObject(i);
      String listingId = item.getString("listingId");
      if (!listingIds.add(listingId)) {
        throw new IllegalArgumentException("Listing " + listingId + " is charged twice.");
      }
      JsonObject fee = item.getJsonObject("tourFee");
      if (!currency.equals(fee.getString("currency"))) {
        throw new IllegalArgumentException("Every tour fee must be in " + currency + ".");
      }
      BigDecimal feeAmount = decimal(fee);
      sum = sum.add(feeAmount);
      JsonObject location = item.getJsonObject("location");
      JsonObject stored = new JsonObject().put("listingId", listingId);
      if (item.getString("providerId") != null) {
        stored.put("providerId", item.getString("providerId"));
      }
      stored.put("title", item.getString("title"));
      if (item.getJsonObject("address") != null) {
        stored.put("address", item.getJsonObject("address").copy());
      }
      items.add(
          stored
              .put("tourFee", money(feeAmount, currency))
              .put(
                  "location",
                  new JsonObject()
                      .put("lat", location.getNumber("lat").doubleValue())
                      .put("lon", location.getNumber("lon").doubleValue())));
    }
    if (sum.compareTo(amount) != 0) {
      throw new IllegalArgumentException("The amount is not the sum of the tour fees.");
    }
    JsonArray preferredTimes = preferredTimes(request.getJsonArray("preferredTimes"));
    String customerId = request.getString("customerId");
    JsonObject charged =
        new JsonObject()
            .put("customerId", customerId)
            .put("items", items)
            .put("amount", money(amount, currency))
            .put("preferredTimes", preferredTimes);
    return new ChargeRequest(
        request.getString("idempotencyKey"),
        customerId,
        request.getString("paymentToken"),
        items,
        amount,
        currency,
        preferredTimes,
        sha256(charged.encode()));
  }

  /** A charge of 0: a free tour, for which no gateway is asked. */
  public boolean free() {
    return amount.signum() == 0;
  }

  /** The payment document as first stored: pending, leased to the charge that runs it. */
  public JsonObject pendingPayment(String id, String gateway, JsonObject lease, Instant now) {
    return new JsonObject()
        .put("_id", id)
        .put("idempotencyKey", idempotencyKey)
        .put("customerId", customerId)
        .put("requestHash", fingerprint)
        .put("items", items.copy())
        .put("amount", money(amount, currency))
        .put("preferredTimes", preferredTimes.copy())
        .put("gateway", gateway)
        .put("status", Payments.PENDING)
        .put("lease", lease)
        .put("createdAt", Times.format(now));
  }

  private static JsonObject money(BigDecimal amount, String currency) {
    return new JsonObject().put("amount", amount.doubleValue()).put("currency", currency);
  }

  private static BigDecimal decimal(JsonObject money) {
    return new BigDecimal(money.getNumber("amount").toString());
  }

  private static void requireCurrencyPrecision(BigDecimal amount, String currency) {
    try {
      Currencies.minorUnits(amount, currency);
    } catch (ArithmeticException tooPrecise) {
      throw new IllegalArgumentException(
          "The amount has more decimals than " + currency + " allows.");
    }
  }

  private static JsonArray preferredTimes(JsonArray requested) {
    JsonArray times = new JsonArray();
    if (requested == null) {
      return times;
    }
    for (int i = 0; i < requested.size(); i++) {
      JsonObject time = requested.getJsonObject(i);
      Instant start = instant(time.getString("start"));
      JsonObject normalised = new JsonObject().put("start", start.toString());
      if (time.getString("end") != null) {
        Instant end = instant(time.getString("end"));
        if (!end.isAfter(start)) {
          throw new IllegalArgumentException("A preferred time must end after it starts.");
        }
        normalised.put("end", end.toString());
      }
      times.add(normalised);
    }
    return times;
  }

  private static Instant instant(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Preferred times must be ISO-8601 date-times.");
    }
  }

  private static String firstError(OutputUnit result) {
    if (result.getErrors() == null || result.getErrors().isEmpty()) {
      return result.getError();
    }
    OutputUnit first = result.getErrors().get(0);
    String location = first.getInstanceLocation() == null ? "" : first.getInstanceLocation();
    return location + " " + first.getError();
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

package io.tourbook.cart.model;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/** An amount of money in major units (25.50) with its ISO 4217 currency. */
public record Money(BigDecimal amount, String currency) {

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  /** {@code {amount, currency}} with a non-negative amount, or empty when it is not that. */
  public static Optional<Money> parse(Object value) {
    if (value instanceof JsonObject money
        && money.getValue("amount") instanceof Number amount
        && money.getValue("currency") instanceof String currency
        && CURRENCY.matcher(currency).matches()) {
      BigDecimal decimal = new BigDecimal(amount.toString());
      if (decimal.signum() >= 0) {
        return Optional.of(new Money(decimal, currency));
      }
    }
    return Optional.empty();
  }

  public static Money zero(String currency) {
    return new Money(BigDecimal.ZERO, currency);
  }

  public Money plus(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("Cannot add " + other.currency + " to " + currency);
    }
    return new Money(amount.add(other.amount), currency);
  }

  /** The same amount in the same currency, whatever the scale (25 and 25.00). */
  public boolean sameAs(Money other) {
    return currency.equals(other.currency) && amount.compareTo(other.amount) == 0;
  }

  public boolean isZero() {
    return amount.signum() == 0;
  }

  public JsonObject toJson() {
    return new JsonObject().put("amount", amount.doubleValue()).put("currency", currency);
  }
}

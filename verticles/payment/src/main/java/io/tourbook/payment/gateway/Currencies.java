package io.tourbook.payment.gateway;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/** Amounts in a currency's smallest unit, as Stripe expects them (cents for USD, yen for JPY). */
public final class Currencies {

  /** Stripe's zero-decimal currencies. */
  private static final Set<String> ZERO_DECIMAL =
      Set.of(
          "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
          "XAF", "XOF", "XPF");

  /** Stripe's three-decimal currencies. */
  private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

  private Currencies() {}

  /** How many decimals the currency's minor unit has. */
  public static int decimals(String currency) {
    String code = currency.toUpperCase(Locale.ROOT);
    if (ZERO_DECIMAL.contains(code)) {
      return 0;
    }
    return THREE_DECIMAL.contains(code) ? 3 : 2;
  }

  /**
   * {@code amount} in minor units.
   *
   * @throws ArithmeticException if the amount has more decimals than the currency
   */
  public static long minorUnits(BigDecimal amount, String currency) {
    return amount.movePointRight(decimals(currency)).longValueExact();
  }
}

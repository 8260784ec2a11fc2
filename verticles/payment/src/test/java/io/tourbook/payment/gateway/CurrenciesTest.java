package io.tourbook.payment.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Amounts in a currency's minor unit, as Stripe takes them")
class CurrenciesTest {

  @Test
  @DisplayName(
      "Cents for two-decimal currencies, whole units for zero-decimal ones, mils for three")
  void minorUnits() {
    assertThat(Currencies.minorUnits(new BigDecimal("65.5"), "USD")).isEqualTo(6550);
    assertThat(Currencies.minorUnits(new BigDecimal("25"), "EUR")).isEqualTo(2500);
    assertThat(Currencies.minorUnits(new BigDecimal("3000"), "JPY")).isEqualTo(3000);
    assertThat(Currencies.minorUnits(new BigDecimal("1.234"), "KWD")).isEqualTo(1234);
  }

  @Test
  @DisplayName("An amount finer than the currency's minor unit is refused, never rounded")
  void tooPreciseIsRefused() {
    assertThatThrownBy(() -> Currencies.minorUnits(new BigDecimal("0.001"), "USD"))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Currencies.minorUnits(new BigDecimal("10.5"), "JPY"))
        .isInstanceOf(ArithmeticException.class);
  }
}

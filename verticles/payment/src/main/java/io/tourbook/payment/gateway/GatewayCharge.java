package io.tourbook.payment.gateway;

import java.math.BigDecimal;

/**
 * One charge asked of a gateway.
 *
 * @param paymentId the stored payment: the gateway's idempotency key and reference back to us
 * @param customerId who pays
 * @param amount in major units (25.50)
 * @param currency ISO 4217, upper case
 * @param token the payment method token from the client; never stored, never logged
 */
public record GatewayCharge(
    String paymentId, String customerId, BigDecimal amount, String currency, String token) {

  /** Keeps the token out of any log line that prints a charge. */
  @Override
  public String toString() {
    return "GatewayCharge[paymentId=" + paymentId + ", amount=" + amount + " " + currency + "]";
  }
}

package io.tourbook.payment.gateway;

import java.math.BigDecimal;

/**
 * One refund asked of a gateway.
 *
 * @param refundId the recorded refund: the gateway's idempotency key, so asking again never refunds
 *     twice
 * @param paymentId the refunded payment
 * @param gatewayRef the gateway's reference of the charge (a PaymentIntent id)
 * @param amount in major units
 * @param currency ISO 4217, upper case
 */
public record GatewayRefund(
    String refundId, String paymentId, String gatewayRef, BigDecimal amount, String currency) {}

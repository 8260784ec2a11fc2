package io.tourbook.payment.gateway;

/**
 * What the gateway said about a charge.
 *
 * @param status the charge's state at the gateway
 * @param reference the gateway's id for the charge (a PaymentIntent id), or null
 * @param reason why it failed ({@code card_declined}), or null
 */
public record GatewayOutcome(Status status, String reference, String reason) {

  /** A charge's state at the gateway. */
  public enum Status {
    SUCCEEDED,
    FAILED,
    /** Accepted but not settled yet: a webhook will tell. */
    PENDING
  }

  public static GatewayOutcome succeeded(String reference) {
    return new GatewayOutcome(Status.SUCCEEDED, reference, null);
  }

  public static GatewayOutcome failed(String reference, String reason) {
    return new GatewayOutcome(Status.FAILED, reference, reason);
  }

  public static GatewayOutcome pending(String reference) {
    return new GatewayOutcome(Status.PENDING, reference, null);
  }
}

package io.tourbook.payment.model;

import io.tourbook.platform.http.Ids;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Payment statuses, and what of a stored payment its readers see. */
public final class Payments {

  public static final String PENDING = "pending";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String REFUNDED = "refunded";
  public static final String PARTIALLY_REFUNDED = "partially_refunded";

  public static final Set<String> STATUSES =
      Set.of(PENDING, SUCCEEDED, FAILED, REFUNDED, PARTIALLY_REFUNDED);

  /** The gateway of a payment of 0 (a free tour): nothing is sent to any gateway. */
  public static final String FREE = "free";

  /** Bookkeeping fields that only the service itself reads. */
  private static final Set<String> INTERNAL = Set.of("requestHash", "lease", "lastChange");

  private Payments() {}

  /** The payment as the API shows it: its id as {@code id}, without bookkeeping. */
  public static JsonObject view(JsonObject payment) {
    JsonObject view = Ids.answered(payment);
    INTERNAL.forEach(view::remove);
    return view;
  }

  /** What {@code PaymentService.charge} answers for a payment that is not failed. */
  public static JsonObject outcome(JsonObject payment) {
    return new JsonObject()
        .put("paymentId", payment.getString("_id"))
        .put("status", payment.getString("status"));
  }
}

package io.tourbook.payment.gateway;

import io.tourbook.payment.PaymentSettings;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Charges with Stripe PaymentIntents: one form-encoded {@code POST /v1/payment_intents} with {@code
 * confirm=true}, authenticated with the secret key, and with the payment id as Stripe's {@code
 * Idempotency-Key}, so that retrying a charge returns the same PaymentIntent instead of a second
 * charge. Card errors (HTTP 402) and other refusals of the charge are failed outcomes; transport
 * errors, authentication problems, rate limits and server errors fail the future, leaving the
 * payment pending for a retry.
 */
final class StripeGateway implements PaymentGateway {

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_]{1,255}");
  private static final Set<String> PENDING_STATES =
      Set.of("processing", "requires_action", "requires_confirmation", "requires_capture");

  private final WebClient client;
  private final PaymentSettings.Stripe settings;
  private final String paymentIntentsUrl;
  private final String refundsUrl;

  StripeGateway(Vertx vertx, PaymentSettings.Stripe settings) {
    if (settings.secretKey().isBlank()) {
      throw new IllegalArgumentException(
          "payment.gateway is stripe but payment.stripe.secret-key is empty"
              + " (set PAYMENT_STRIPE_SECRET_KEY)");
    }
    this.settings = settings;
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("tourbook"));
    String base = settings.apiBase();
    String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.paymentIntentsUrl = root + "/v1/payment_intents";
    this.refundsUrl = root + "/v1/refunds";
  }

  @Override
  public String name() {
    return PaymentSettings.STRIPE;
  }

  @Override
  public Optional<String> tokenProblem(String token) {
    return TOKEN.matcher(token).matches()
        ? Optional.empty()
        : Optional.of("The payment token is not a Stripe payment method or token id.");
  }

  @Override
  public Future<GatewayOutcome> charge(GatewayCharge charge) {
    long amount;
    try {
      amount = Currencies.minorUnits(charge.amount(), charge.currency());
    } catch (ArithmeticException tooPrecise) {
      return Future.failedFuture(
          new IllegalArgumentException("Amount has more decimals than " + charge.currency()));
    }
    MultiMap form =
        MultiMap.caseInsensitiveMultiMap()
            .add("amount", Long.toString(amount))
            .add("currency", charge.currency().toLowerCase(Locale.ROOT))
            .add("payment_method", charge.token())
            .add("confirm", "true")
            // Cards only: with redirect-based methods Stripe would require a return_url.
            .add("payment_method_types[]", "card")
            .add("metadata[paymentId]", charge.paymentId())
            .add("metadata[customerId]", charge.customerId());
    return client
        .postAbs(paymentIntentsUrl)
        .bearerTokenAuthentication(settings.secretKey())
        .putHeader("Idempotency-Key", "tourbook-payment-" + charge.paymentId())
        .timeout(settings.timeout().toMillis())
        .sendForm(form)
        .compose(StripeGateway::outcome);
  }

  /**
   * One {@code POST /v1/refunds} of the PaymentIntent, with {@code tourbook-refund-<refundId>} as
   * Stripe's Idempotency-Key, so asking again returns the same Refund. A Refund that is {@code
   * pending} (or needs action) is settled later by a {@code charge.refunded} webhook.
   */
  @Override
  public Future<GatewayOutcome> refund(GatewayRefund refund) {
    long amount;
    try {
      amount = Currencies.minorUnits(refund.amount(), refund.currency());
    } catch (ArithmeticException tooPrecise) {
      return Future.failedFuture(
          new IllegalArgumentException("Amount has more decimals than " + refund.currency()));
    }
    MultiMap form =
        MultiMap.caseInsensitiveMultiMap()
            .add("payment_intent", refund.gatewayRef())
            .add("amount", Long.toString(amount))
            .add("metadata[paymentId]", refund.paymentId())
            .add("metadata[refundId]", refund.refundId());
    return client
        .postAbs(refundsUrl)
        .bearerTokenAuthentication(settings.secretKey())
        .putHeader("Idempotency-Key", "tourbook-refund-" + refund.refundId())
        .timeout(settings.timeout().toMillis())
        .sendForm(form)
        .compose(StripeGateway::refundOutcome);
  }

  @Override
  public void close() {
    client.close();
  }

  private static Future<GatewayOutcome> outcome(HttpResponse<Buffer> response) {
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (DecodeException notJson) {
      body = null;
    }
    int status = response.statusCode();
    if (body == null) {
      return unexpected(status, "a body that is not JSON");
    }
    if (status == 200) {
      return fromPaymentIntent(body);
    }
    JsonObject error = body.getJsonObject("error");
    String type = error == null ? null : error.getString("type");
    boolean refusal =
        (status == 402 && "card_error".equals(type))
            || ((status == 400 || status == 404) && "invalid_request_error".equals(type));
    if (!refusal) {
      return unexpected(status, type == null ? "no error object" : "error type " + type);
    }
    JsonObject intent = error.getJsonObject("payment_intent");
    String reference = intent == null ? null : intent.getString("id");
    return Future.succeededFuture(
        GatewayOutcome.failed(reference, reason(error, "card_error".equals(type))));
  }

  private static Future<GatewayOutcome> fromPaymentIntent(JsonObject intent) {
    String id = intent.getString("id");
    String state = intent.getString("status");
    if (id == null || state == null) {
      return unexpected(200, "a PaymentIntent without id or status");
    }
    if (state.equals("succeeded")) {
      return Future.succeededFuture(GatewayOutcome.succeeded(id));
    }
    if (PENDING_STATES.contains(state)) {
      return Future.succeededFuture(GatewayOutcome.pending(id));
    }
    JsonObject lastError = intent.getJsonObject("last_payment_error");
    String reason =
        state.equals("canceled")
            ? "canceled"
            : lastError == null ? "payment_failed" : reason(lastError, true);
    return Future.succeededFuture(GatewayOutcome.failed(id, reason));
  }

  private static Future<GatewayOutcome> refundOutcome(HttpResponse<Buffer> response) {
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (DecodeException notJson) {
      body = null;
    }
    if (body == null || response.statusCode() != 200) {
      return unexpected(
          response.statusCode(), body == null ? "a body that is not JSON" : "an error");
    }
    String id = body.getString("id");
    String state = body.getString("status");
    if (id == null || state == null) {
      return unexpected(200, "a Refund without id or status");
    }
    return Future.succeededFuture(
        switch (state) {
          case "succeeded" -> GatewayOutcome.succeeded(id);
          case "pending", "requires_action" -> GatewayOutcome.pending(id);
          default -> GatewayOutcome.failed(id, body.getString("failure_reason", state));
        });
  }

  /** Stripe's machine-readable code; card errors default to {@code card_declined}. */
  private static String reason(JsonObject error, boolean cardError) {
    String code = error.getString("code");
    if (code != null && !code.isBlank()) {
      return code;
    }
    return cardError ? "card_declined" : "invalid_request";
  }

  private static <T> Future<T> unexpected(int status, String what) {
    return Future.failedFuture(
        new IllegalStateException("Stripe answered HTTP " + status + " with " + what));
  }
}

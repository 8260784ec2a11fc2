package io.tourbook.payment.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.payment.PaymentSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The refund policy")
class RefundPolicyTest {

  private static final Instant CANCELLED = Instant.parse("2030-05-01T10:00:00Z");
  private static final JsonObject PAID =
      new JsonObject().put("amount", 65.5).put("currency", "USD");

  private final RefundPolicy policy =
      new RefundPolicy(new PaymentSettings.Refund(Duration.ofHours(24), 30));

  @Test
  @DisplayName("A customer cancelling exactly full-before-hours before the start gets it all back")
  void atTheCutoffIsFull() {
    RefundPolicy.Decision decision =
        policy.decide(tour("customer", CANCELLED.plus(Duration.ofHours(24))), PAID, CANCELLED);

    assertThat(decision.percent()).isEqualTo(100);
    assertThat(decision.amount()).isEqualByComparingTo("65.5");
  }

  @Test
  @DisplayName("A second later than the cutoff is late-percent, rounded down to cents")
  void justAfterTheCutoffIsLate() {
    RefundPolicy.Decision decision =
        policy.decide(
            tour("customer", CANCELLED.plus(Duration.ofHours(24)).minusSeconds(1)),
            PAID,
            CANCELLED);

    assertThat(decision.percent()).isEqualTo(30);
    assertThat(decision.amount()).isEqualTo(new BigDecimal("19.65"));
    assertThat(decision.currency()).isEqualTo("USD");
  }

  @Test
  @DisplayName("A platform cancel is full even after the tour's start")
  void platformIsAlwaysFull() {
    assertThat(
            policy.decide(tour("platform", CANCELLED.minusSeconds(60)), PAID, CANCELLED).percent())
        .isEqualTo(100);
  }

  @Test
  @DisplayName("Without a schedule the earliest preferred time is the start; without either, full")
  void startFromPreferredTimes() {
    JsonObject pending =
        tour("customer", null)
            .put(
                "preferredTimes",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("start", CANCELLED.plus(Duration.ofDays(5)).toString()))
                    .add(
                        new JsonObject()
                            .put("start", CANCELLED.plus(Duration.ofHours(2)).toString())));
    assertThat(policy.decide(pending, PAID, CANCELLED).percent()).isEqualTo(30);
    assertThat(policy.decide(tour("customer", null), PAID, CANCELLED).percent()).isEqualTo(100);
  }

  @Test
  @DisplayName("Yen have no minor unit: a late refund rounds down to whole yen")
  void zeroDecimalCurrency() {
    JsonObject yen = new JsonObject().put("amount", 1001).put("currency", "JPY");
    RefundPolicy.Decision decision =
        policy.decide(tour("customer", CANCELLED.plusSeconds(60)), yen, CANCELLED);

    assertThat(decision.amount()).isEqualByComparingTo("300");
  }

  private static JsonObject tour(String cancelledBy, Instant start) {
    JsonObject tour =
        new JsonObject()
            .put("_id", "tour-1")
            .put("status", "CANCELLED")
            .put("cancelledBy", cancelledBy)
            .put("cancelledAt", CANCELLED.toString());
    if (start != null) {
      tour.put(
          "schedule",
          new JsonObject()
              .put("start", start.toString())
              .put("end", start.plusSeconds(3600).toString()));
    }
    return tour;
  }
}

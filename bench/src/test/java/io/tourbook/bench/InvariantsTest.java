package io.tourbook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chaos invariants")
class InvariantsTest {

  private static final Duration BUFFER = Duration.ofMinutes(15);

  private static JsonObject schedule(
      String realtor, String tour, String start, String end, String status) {
    return new JsonObject()
        .put("realtorId", realtor)
        .put("tourId", tour)
        .put("start", start)
        .put("end", end)
        .put("status", status);
  }

  private static List<String> scheduleOverlaps(JsonObject... schedules) {
    return Invariants.overlaps("schedules", Invariants.scheduled(List.of(schedules)), BUFFER);
  }

  @Test
  @DisplayName("two live schedules of one realtor that overlap are a violation")
  void overlappingSchedulesOfOneRealtor() {
    List<String> problems =
        scheduleOverlaps(
            schedule(
                "r1", "t1", "2026-12-01T10:00:00.000Z", "2026-12-01T10:45:00.000Z", "scheduled"),
            schedule(
                "r1", "t2", "2026-12-01T10:30:00.000Z", "2026-12-01T11:15:00.000Z", "scheduled"));

    assertThat(problems).singleElement().asString().contains("schedules", "r1", "t1", "t2");
  }

  @Test
  @DisplayName(
      "back-to-back tours of one realtor with less than the buffer between them are a violation")
  void backToBackWithinTheBuffer() {
    List<String> problems =
        scheduleOverlaps(
            schedule(
                "r1", "t1", "2026-12-01T10:00:00.000Z", "2026-12-01T10:45:00.000Z", "scheduled"),
            schedule(
                "r1", "t2", "2026-12-01T10:45:00.000Z", "2026-12-01T11:30:00.000Z", "scheduled"),
            schedule(
                "r1", "t3", "2026-12-01T11:44:00.000Z", "2026-12-01T12:29:00.000Z", "completed"));

    assertThat(problems)
        .hasSize(2)
        .anyMatch(problem -> problem.contains("t1") && problem.contains("t2"))
        .anyMatch(problem -> problem.contains("t2") && problem.contains("t3"));
  }

  @Test
  @DisplayName("exactly the buffer apart, other realtors' and cancelled schedules pass")
  void exactlyTheBufferOtherRealtorAndCancelledSchedules() {
    List<String> problems =
        scheduleOverlaps(
            schedule(
                "r1", "t1", "2026-12-01T10:00:00.000Z", "2026-12-01T10:45:00.000Z", "scheduled"),
            schedule(
                "r1", "t2", "2026-12-01T11:00:00.000Z", "2026-12-01T11:45:00.000Z", "scheduled"),
            schedule(
                "r2", "t3", "2026-12-01T10:00:00.000Z", "2026-12-01T10:45:00.000Z", "scheduled"),
            schedule(
                "r1", "t4", "2026-12-01T10:15:00.000Z", "2026-12-01T11:00:00.000Z", "cancelled"));

    assertThat(problems).isEmpty();
  }

  private static JsonObject assignment(String realtor, String tour, String start, String status) {
    Instant from = Instant.parse(start);
    return new JsonObject()
        .put("realtorId", realtor)
        .put("tourId", tour)
        .put("status", status)
        .put(
            "slot",
            new JsonObject()
                .put("start", from.toString())
                .put("end", from.plus(Duration.ofMinutes(45)).toString()));
  }

  @Test
  @DisplayName(
      "active assignments' slots of one realtor within the buffer are a violation; released ones hold none")
  void activeAssignmentSlots() {
    List<String> problems =
        Invariants.overlaps(
            "assignments",
            Invariants.assigned(
                List.of(
                    assignment("r1", "t1", "2026-12-01T09:00:00Z", "active"),
                    assignment("r1", "t2", "2026-12-01T09:50:00Z", "active"),
                    assignment("r1", "t3", "2026-12-01T09:15:00Z", "released"))),
            BUFFER);

    assertThat(problems).singleElement().asString().contains("assignments", "t1", "t2");
  }

  private static JsonObject tour(String id, String status, String cancelReason) {
    JsonObject tour = new JsonObject().put("_id", id).put("status", status);
    if (cancelReason != null) {
      tour.put("cancelledBy", "platform").put("cancelReason", cancelReason);
    }
    return tour;
  }

  @Test
  @DisplayName("a tour still PENDING and a tour cancelled without a reason are violations")
  void unsettledAndCancelledWithoutReason() {
    List<String> problems =
        Invariants.unsettled(
            List.of(
                tour("t1", "SCHEDULED", null),
                tour("t2", "COMPLETED", null),
                tour("t3", "CANCELLED", "no-realtor"),
                tour("t4", "CANCELLED", null),
                tour("t5", "CANCELLED", ""),
                tour("t6", "PENDING", null)));

    assertThat(problems)
        .containsExactly(
            "tour t4 was cancelled without a reason",
            "tour t5 was cancelled without a reason",
            "tour t6 is PENDING");
  }

  @Test
  @DisplayName(
      "a subscription of a deployed group with pending changes fails; other groups are only listed")
  void deliveryJudgesDeployedGroupsOnly() {
    JsonArray statuses =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("subscription", "tour.tours.assignment")
                    .put("group", "assignment")
                    .put("pendingChanges", 0))
            .add(
                new JsonObject()
                    .put("subscription", "tour.tours.bridge")
                    .put("group", "bridge")
                    .put("pendingChanges", 40));

    Invariants.Outcome settled = Invariants.delivered(statuses, Set.of("assignment"));
    statuses.getJsonObject(0).put("pendingChanges", 3);
    Invariants.Outcome behind = Invariants.delivered(statuses, Set.of("assignment"));

    assertThat(settled.passed()).isTrue();
    assertThat(settled.detail()).contains("tour.tours.bridge");
    assertThat(behind.passed()).isFalse();
    assertThat(behind.detail()).contains("tour.tours.assignment (3 pending)");
  }

  private static JsonObject cancelledTour(String tourId, String paymentId) {
    return new JsonObject()
        .put("_id", tourId)
        .put("paymentId", paymentId)
        .put("status", "CANCELLED");
  }

  private static JsonObject payment(String id, String customer, String status, double refunded) {
    JsonObject payment =
        new JsonObject().put("_id", id).put("customerId", customer).put("status", status);
    if (refunded >= 0) {
      payment.put(
          "refunds",
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("refundId", "refund-t-" + id)
                      .put("tourId", "t-" + id)
                      .put(
                          "amount", new JsonObject().put("amount", refunded).put("currency", "USD"))
                      .put("status", "succeeded")));
    }
    return payment;
  }

  private static JsonObject gatewayRefund(String paymentId) {
    return new JsonObject().put("_id", "refund-t-" + paymentId).put("paymentId", paymentId);
  }

  @Test
  @DisplayName("cancelled tours refunded once each (none for a refund of 0) pass")
  void refundedOnce() {
    List<String> problems =
        Invariants.moneyProblems(
            List.of(cancelledTour("t-p1", "p1"), cancelledTour("t-p2", "p2")),
            List.of(
                payment("p1", "c1", "refunded", 25),
                payment("p2", "c2", "succeeded", 0),
                payment("p3", "c3", "succeeded", -1)),
            List.of(gatewayRefund("p1")));

    assertThat(problems).isEmpty();
  }

  @Test
  @DisplayName(
      "a cancelled tour not refunded, a second gateway refund, a refund without a cancel and a second charge fail")
  void refundAndChargeViolations() {
    List<String> problems =
        Invariants.moneyProblems(
            List.of(cancelledTour("t-p1", "p1"), cancelledTour("t-p2", "p2")),
            List.of(
                payment("p1", "c1", "refunded", 25),
                payment("p2", "c2", "succeeded", -1),
                payment("p3", "c3", "succeeded", -1),
                payment("p4", "c3", "succeeded", -1)),
            List.of(gatewayRefund("p1"), gatewayRefund("p1"), gatewayRefund("p3")));

    assertThat(problems)
        .anyMatch(problem -> problem.contains("t-p1") && problem.contains("2 gateway refunds"))
        .anyMatch(problem -> problem.contains("t-p2"))
        .anyMatch(problem -> problem.contains("p3 refunded without a cancelled tour"))
        .anyMatch(problem -> problem.contains("c3 was charged 2 times"))
        .hasSize(4);
  }
}

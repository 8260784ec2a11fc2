package io.tourbook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chaos invariants")
class InvariantsTest {

  private static JsonObject schedule(
      String realtor, String tour, String start, String end, String status) {
    return new JsonObject()
        .put("realtorId", realtor)
        .put("tourId", tour)
        .put("start", start)
        .put("end", end)
        .put("status", status);
  }

  @Test
  @DisplayName("two live schedules of one realtor that overlap are a violation")
  void overlappingSchedulesOfOneRealtor() {
    List<String> problems =
        Invariants.overlaps(
            List.of(
                schedule("r1", "t1", "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z", "scheduled"),
                schedule("r1", "t2", "2026-12-01T10:30:00Z", "2026-12-01T11:30:00Z", "scheduled")));

    assertThat(problems).singleElement().asString().contains("r1", "t1", "t2");
  }

  @Test
  @DisplayName("back-to-back, other realtors' and cancelled schedules do not overlap")
  void adjacentOtherRealtorAndCancelledSchedules() {
    List<String> problems =
        Invariants.overlaps(
            List.of(
                schedule("r1", "t1", "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z", "scheduled"),
                schedule("r1", "t2", "2026-12-01T11:00:00Z", "2026-12-01T12:00:00Z", "scheduled"),
                schedule("r2", "t3", "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z", "scheduled"),
                schedule("r1", "t4", "2026-12-01T10:15:00Z", "2026-12-01T10:45:00Z", "cancelled")));

    assertThat(problems).isEmpty();
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
}

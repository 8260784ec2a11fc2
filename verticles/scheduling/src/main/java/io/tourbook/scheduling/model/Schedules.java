package io.tourbook.scheduling.model;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.trace.ChangeStamp;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Builds schedule documents (the scheduling.schedules shape of the data contracts). */
public final class Schedules {

  public static final String SCHEDULED = "scheduled";

  /** The tour lost its realtor and waits for another; no reminder, no completion meanwhile. */
  public static final String UNASSIGNED = "unassigned";

  public static final String COMPLETED = "completed";
  public static final String CANCELLED = "cancelled";

  /** The recipients of a schedule's notifications. */
  public static final String CUSTOMER = "customer";

  public static final String REALTOR = "realtor";

  /** Every schedule change is caused by an event or a timer, never a person. */
  private static final String SYSTEM = "system";

  private Schedules() {}

  /**
   * The id of a tour's schedule. A tour has one schedule for its whole life, replanned in place, so
   * every delivery of the same tour event names the same schedule.
   */
  public static String idOf(String tourId) {
    return UUID.nameUUIDFromBytes(("schedule:" + tourId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** The fields a slot sets on a schedule for {@code tour}. */
  public static JsonObject slotFields(TourRequest tour, Slot slot, String timeZone) {
    JsonObject fields =
        new JsonObject()
            .put("tourId", tour.tourId())
            .put("realtorId", tour.realtorId())
            .put("customerId", tour.customerId())
            .put("start", Times.format(slot.start()))
            .put("end", Times.format(slot.end()))
            .put("timeZone", timeZone)
            .put("stops", slot.stopsJson())
            .put("preferencesVersion", tour.preferencesVersion());
    if (tour.assignmentId() != null) {
      fields.put("assignmentId", tour.assignmentId());
    }
    return fields;
  }

  /** A new schedule, revision 1, stamped schedule.created. */
  public static JsonObject created(TourRequest tour, Slot slot, String timeZone, Instant now) {
    String at = Times.format(now);
    return slotFields(tour, slot, timeZone)
        .put("_id", idOf(tour.tourId()))
        .put("status", SCHEDULED)
        .put("revision", 1)
        .put("createdAt", at)
        .put("updatedAt", at)
        .put("lastChange", stamp(EventTypes.SCHEDULE_CREATED, at));
  }

  public static JsonObject stamp(String type, String at) {
    return ChangeStamp.of(type, at, SYSTEM);
  }
}

package io.tourbook.contracts.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The catalogue of event types (DESIGN §3). Every type has a JSON Schema for its data in {@code
 * schemas/<type>.schema.json}.
 */
public final class EventTypes {

  public static final String IAM_ACCOUNT_CREATED = "iam.account.created";
  public static final String IAM_ACCOUNT_VERIFIED = "iam.account.verified";
  public static final String IAM_ACCOUNT_STATUS_CHANGED = "iam.account.status-changed";
  public static final String IAM_REALTOR_AVAILABILITY_CHANGED = "iam.realtor.availability-changed";

  public static final String LISTING_CREATED = "listing.created";
  public static final String LISTING_UPDATED = "listing.updated";
  public static final String LISTING_DELETED = "listing.deleted";

  public static final String PAYMENT_SUCCEEDED = "payment.succeeded";
  public static final String PAYMENT_FAILED = "payment.failed";
  public static final String PAYMENT_REFUNDED = "payment.refunded";

  public static final String TOUR_CREATED = "tour.created";
  public static final String TOUR_ASSIGNED = "tour.assigned";
  public static final String TOUR_SCHEDULED = "tour.scheduled";
  public static final String TOUR_CANCELLED = "tour.cancelled";
  public static final String TOUR_COMPLETED = "tour.completed";
  public static final String TOUR_RESCHEDULE_REQUESTED = "tour.reschedule-requested";

  public static final String ASSIGNMENT_CREATED = "assignment.created";
  public static final String ASSIGNMENT_RELEASED = "assignment.released";

  /** No realtor can take a PENDING tour now: it waits (the customer is told once per wait). */
  public static final String ASSIGNMENT_WAITING = "assignment.waiting";

  public static final String SCHEDULE_CREATED = "schedule.created";
  public static final String SCHEDULE_UPDATED = "schedule.updated";
  public static final String SCHEDULE_COMPLETED = "schedule.completed";

  /** Listed explicitly: {@code iam.realtor.*} shares no entity prefix with its stream. */
  private static final Map<String, StreamId> STREAM_OF_TYPE = catalogue();

  private EventTypes() {}

  /** Every type of the catalogue, in declaration order. */
  public static Set<String> all() {
    return STREAM_OF_TYPE.keySet();
  }

  /** The stream whose changes produce {@code type}. */
  public static StreamId streamOf(String type) {
    StreamId stream = STREAM_OF_TYPE.get(type);
    if (stream == null) {
      throw new IllegalArgumentException("unknown event type: " + type);
    }
    return stream;
  }

  /** The types produced by one stream, in declaration order. */
  public static Set<String> typesOf(StreamId stream) {
    return Collections.unmodifiableSet(
        STREAM_OF_TYPE.entrySet().stream()
            .filter(entry -> entry.getValue().equals(stream))
            .map(Map.Entry::getKey)
            .collect(Collectors.<String, Set<String>>toCollection(LinkedHashSet::new)));
  }

  /** Whether {@code type} is in the catalogue. */
  public static boolean isKnown(String type) {
    return STREAM_OF_TYPE.containsKey(type);
  }

  private static Map<String, StreamId> catalogue() {
    Map<String, StreamId> types = new LinkedHashMap<>();
    register(
        types,
        Streams.IAM_ACCOUNTS,
        IAM_ACCOUNT_CREATED,
        IAM_ACCOUNT_VERIFIED,
        IAM_ACCOUNT_STATUS_CHANGED,
        IAM_REALTOR_AVAILABILITY_CHANGED);
    register(types, Streams.LISTING_LISTINGS, LISTING_CREATED, LISTING_UPDATED, LISTING_DELETED);
    register(types, Streams.PAYMENT_PAYMENTS, PAYMENT_SUCCEEDED, PAYMENT_FAILED, PAYMENT_REFUNDED);
    register(
        types,
        Streams.TOUR_TOURS,
        TOUR_CREATED,
        TOUR_ASSIGNED,
        TOUR_SCHEDULED,
        TOUR_CANCELLED,
        TOUR_COMPLETED,
        TOUR_RESCHEDULE_REQUESTED);
    register(
        types,
        Streams.ASSIGNMENT_ASSIGNMENTS,
        ASSIGNMENT_CREATED,
        ASSIGNMENT_RELEASED,
        ASSIGNMENT_WAITING);
    register(
        types,
        Streams.SCHEDULING_SCHEDULES,
        SCHEDULE_CREATED,
        SCHEDULE_UPDATED,
        SCHEDULE_COMPLETED);
    return Collections.unmodifiableMap(types);
  }

  private static void register(Map<String, StreamId> types, StreamId stream, String... names) {
    for (String name : names) {
      types.put(name, stream);
    }
  }
}

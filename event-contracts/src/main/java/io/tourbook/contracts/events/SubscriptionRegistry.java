package io.tourbook.contracts.events;

import static io.tourbook.contracts.events.EventTypes.ASSIGNMENT_RELEASED;
import static io.tourbook.contracts.events.EventTypes.ASSIGNMENT_WAITING;
import static io.tourbook.contracts.events.EventTypes.IAM_ACCOUNT_CREATED;
import static io.tourbook.contracts.events.EventTypes.IAM_ACCOUNT_STATUS_CHANGED;
import static io.tourbook.contracts.events.EventTypes.IAM_ACCOUNT_VERIFIED;
import static io.tourbook.contracts.events.EventTypes.IAM_REALTOR_AVAILABILITY_CHANGED;
import static io.tourbook.contracts.events.EventTypes.PAYMENT_REFUNDED;
import static io.tourbook.contracts.events.EventTypes.PAYMENT_SUCCEEDED;
import static io.tourbook.contracts.events.EventTypes.TOUR_ASSIGNED;
import static io.tourbook.contracts.events.EventTypes.TOUR_CANCELLED;
import static io.tourbook.contracts.events.EventTypes.TOUR_COMPLETED;
import static io.tourbook.contracts.events.EventTypes.TOUR_CREATED;
import static io.tourbook.contracts.events.EventTypes.TOUR_RESCHEDULE_REQUESTED;
import static io.tourbook.contracts.events.Streams.ASSIGNMENT_ASSIGNMENTS;
import static io.tourbook.contracts.events.Streams.IAM_ACCOUNTS;
import static io.tourbook.contracts.events.Streams.LISTING_LISTINGS;
import static io.tourbook.contracts.events.Streams.PAYMENT_PAYMENTS;
import static io.tourbook.contracts.events.Streams.SCHEDULING_SCHEDULES;
import static io.tourbook.contracts.events.Streams.TOUR_TOURS;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every subscription of the platform, one per (stream, consumer group): the table of DESIGN §3. */
public final class SubscriptionRegistry {

  private static final List<Subscription> ALL = table();

  private SubscriptionRegistry() {}

  public static List<Subscription> all() {
    return ALL;
  }

  public static List<Subscription> forGroup(String group) {
    return ALL.stream().filter(subscription -> subscription.group().equals(group)).toList();
  }

  public static List<Subscription> forStream(StreamId stream) {
    return ALL.stream().filter(subscription -> subscription.stream().equals(stream)).toList();
  }

  /**
   * The subscription with this {@link Subscription#id() id}, e.g. {@code tour.tours.assignment}.
   */
  public static Optional<Subscription> find(String id) {
    return ALL.stream().filter(subscription -> subscription.id().equals(id)).findFirst();
  }

  /**
   * The subscription of consumer group {@code group} to {@code stream}: how a service names what it
   * consumes.
   *
   * @throws IllegalArgumentException if the registry has no such subscription
   */
  public static Subscription get(StreamId stream, String group) {
    return ALL.stream()
        .filter(subscription -> subscription.stream().equals(stream))
        .filter(subscription -> subscription.group().equals(group))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("No subscription of " + group + " to " + stream));
  }

  /** {@code events.<stream>}: where the dispatcher publishes best-effort copies for live views. */
  public static String liveAddress(StreamId stream) {
    return "events." + stream.name();
  }

  private static List<Subscription> table() {
    List<Subscription> table = new ArrayList<>();
    table.add(every(LISTING_LISTINGS, "iam"));
    table.add(every(PAYMENT_PAYMENTS, "iam"));
    table.add(every(TOUR_TOURS, "iam"));
    // iam repairs the account states every node's token check reads, after a crash mid-change.
    table.add(of(IAM_ACCOUNTS, "iam", IAM_ACCOUNT_CREATED, IAM_ACCOUNT_STATUS_CHANGED));

    table.add(of(IAM_ACCOUNTS, "listing", IAM_ACCOUNT_VERIFIED, IAM_ACCOUNT_STATUS_CHANGED));

    table.add(of(PAYMENT_PAYMENTS, "tour", PAYMENT_SUCCEEDED));
    table.add(every(ASSIGNMENT_ASSIGNMENTS, "tour"));
    table.add(every(SCHEDULING_SCHEDULES, "tour"));

    table.add(
        of(
            IAM_ACCOUNTS,
            "availability",
            IAM_ACCOUNT_CREATED,
            IAM_ACCOUNT_VERIFIED,
            IAM_ACCOUNT_STATUS_CHANGED,
            IAM_REALTOR_AVAILABILITY_CHANGED));
    table.add(every(ASSIGNMENT_ASSIGNMENTS, "availability"));

    // A reschedule request gives a tour new preferred times: assignment looks for a slot again.
    table.add(
        of(
            TOUR_TOURS,
            "assignment",
            TOUR_CREATED,
            TOUR_CANCELLED,
            TOUR_COMPLETED,
            TOUR_RESCHEDULE_REQUESTED));
    // A cancelled tour refunds its payment by the refund policy.
    table.add(of(TOUR_TOURS, "payment", TOUR_CANCELLED));
    // A realtor's calendar may have changed: retry waiting tours, or reassign an off-duty
    // realtor's tours.
    table.add(
        of(
            IAM_ACCOUNTS,
            "assignment",
            IAM_REALTOR_AVAILABILITY_CHANGED,
            IAM_ACCOUNT_STATUS_CHANGED,
            IAM_ACCOUNT_VERIFIED));
    table.add(of(ASSIGNMENT_ASSIGNMENTS, "assignment", ASSIGNMENT_RELEASED));

    // A tour back to PENDING (tour.created of a requeue) takes its schedule from the old realtor.
    table.add(
        of(
            TOUR_TOURS,
            "scheduling",
            TOUR_CREATED,
            TOUR_ASSIGNED,
            TOUR_CANCELLED,
            TOUR_RESCHEDULE_REQUESTED));
    // Scheduling tells the customer that their tour waits for a realtor.
    table.add(of(ASSIGNMENT_ASSIGNMENTS, "scheduling", ASSIGNMENT_WAITING));
    // Scheduling keeps the e-mail address and name of the people it notifies.
    table.add(
        of(
            IAM_ACCOUNTS,
            "scheduling",
            IAM_ACCOUNT_CREATED,
            IAM_ACCOUNT_VERIFIED,
            IAM_ACCOUNT_STATUS_CHANGED,
            IAM_REALTOR_AVAILABILITY_CHANGED));
    // Scheduling mails the customer about a refund: it keeps the customers' addresses.
    table.add(of(PAYMENT_PAYMENTS, "scheduling", PAYMENT_REFUNDED));

    for (StreamId stream : Streams.ALL) {
      table.add(every(stream, "bridge"));
    }
    return List.copyOf(table);
  }

  private static Subscription of(StreamId stream, String group, String... types) {
    return new Subscription(stream, group, List.of(types));
  }

  /**
   * Every type of the stream, as globs on the first segment of its types: {@code iam.*} for
   * iam.accounts, whose types are {@code iam.account.*} and {@code iam.realtor.*}.
   */
  private static Subscription every(StreamId stream, String group) {
    List<String> patterns =
        EventTypes.typesOf(stream).stream()
            .map(type -> type.substring(0, type.indexOf('.')) + ".*")
            .distinct()
            .toList();
    return new Subscription(stream, group, patterns);
  }
}

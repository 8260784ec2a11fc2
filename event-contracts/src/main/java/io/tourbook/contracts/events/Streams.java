package io.tourbook.contracts.events;

import java.util.List;

/** The six streams of DESIGN §3. */
public final class Streams {

  public static final StreamId IAM_ACCOUNTS = new StreamId("iam", "accounts", "iam.account");
  public static final StreamId LISTING_LISTINGS = new StreamId("listing", "listings", "listing");
  public static final StreamId PAYMENT_PAYMENTS = new StreamId("payment", "payments", "payment");
  public static final StreamId TOUR_TOURS = new StreamId("tour", "tours", "tour");
  public static final StreamId ASSIGNMENT_ASSIGNMENTS =
      new StreamId("assignment", "assignments", "assignment");
  public static final StreamId SCHEDULING_SCHEDULES =
      new StreamId("scheduling", "schedules", "schedule");

  public static final List<StreamId> ALL =
      List.of(
          IAM_ACCOUNTS,
          LISTING_LISTINGS,
          PAYMENT_PAYMENTS,
          TOUR_TOURS,
          ASSIGNMENT_ASSIGNMENTS,
          SCHEDULING_SCHEDULES);

  private Streams() {}
}

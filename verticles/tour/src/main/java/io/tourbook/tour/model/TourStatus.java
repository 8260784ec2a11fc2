package io.tourbook.tour.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A tour's lifecycle: PENDING, ASSIGNED, SCHEDULED, COMPLETED, or CANCELLED from any state before
 * COMPLETED. COMPLETED and CANCELLED are final.
 */
public enum TourStatus {
  PENDING,
  ASSIGNED,
  SCHEDULED,
  COMPLETED,
  CANCELLED;

  /** The states a customer may still cancel from. */
  public static final List<TourStatus> CANCELLABLE = List.of(PENDING, ASSIGNED, SCHEDULED);

  /** The states with a realtor. */
  public static final List<TourStatus> WITH_REALTOR = List.of(ASSIGNED, SCHEDULED);

  /** The states where the customer may ask for new times: with a realtor or waiting for one. */
  public static final List<TourStatus> RESCHEDULABLE = List.of(PENDING, ASSIGNED, SCHEDULED);

  public boolean isFinal() {
    return this == COMPLETED || this == CANCELLED;
  }

  /** The status named exactly {@code name}, or empty. */
  public static Optional<TourStatus> parse(String name) {
    return Arrays.stream(values()).filter(status -> status.name().equals(name)).findFirst();
  }

  public static List<String> names(List<TourStatus> statuses) {
    return statuses.stream().map(Enum::name).toList();
  }
}
